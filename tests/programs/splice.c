/* splice.c — splice, tee, vmsplice and sendfile: file -> pipe -> /tmp
 * file, pipe -> pipe copies, socket -> pipe -> socket over AF_UNIX
 * socketpairs (what Go's io.Copy does between connections), sendfile into
 * a socket, and the errors Linux gives. Output must match Linux's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *errname(int e) {
    static char num[16];
    switch (e) {
    case EAGAIN: return "EAGAIN";
    case EINVAL: return "EINVAL";
    case ESPIPE: return "ESPIPE";
    case EBADF: return "EBADF";
    }
    snprintf(num, sizeof num, "errno %d", e);
    return num;
}

static void show(const char *what, long r) {
    if (r < 0)
        printf("%s: -1 %s\n", what, errname(errno));
    else
        printf("%s: %ld\n", what, r);
}

static void drain(const char *what, int fd) {
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf);
    printf("%s: %.*s%s", what, n > 0 ? (int)n : 0, buf, n > 0 && buf[n - 1] == '\n' ? "" : "\n");
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2], q[2];
    pipe(p);
    pipe(q);
    int f = open("/data/hello.txt", O_RDONLY);
    loff_t off = 6;
    show("file->pipe at 6", splice(f, &off, p[1], NULL, 100, 0));
    printf("offset now %lld, file position %ld\n", (long long)off, (long)lseek(f, 0, SEEK_CUR));
    show("tee", tee(p[0], q[1], 1000, 0));
    drain("tee copy", q[0]);
    int o = open("/tmp/spliced", O_CREAT | O_RDWR | O_TRUNC, 0644);
    show("pipe->file", splice(p[0], NULL, o, NULL, 1000, 0));
    lseek(o, 0, SEEK_SET);
    drain("file has", o);
    struct iovec iov[2] = { { "vm", 2 }, { "splice\n", 7 } };
    show("vmsplice", vmsplice(p[1], iov, 2, 0));
    drain("pipe has", p[0]);
    /* Sockets: a -> b, b -> pipe -> c, c -> d. */
    int s1[2], s2[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, s1);
    socketpair(AF_UNIX, SOCK_STREAM, 0, s2);
    write(s1[0], "across sockets\n", 15);
    show("socket->pipe", splice(s1[1], NULL, p[1], NULL, 4096, SPLICE_F_MOVE));
    show("pipe->socket", splice(p[0], NULL, s2[0], NULL, 4096, SPLICE_F_MOVE));
    drain("socket got", s2[1]);
    off = 0;
    show("sendfile->socket", sendfile(s2[0], f, &off, 1000));
    drain("socket got", s2[1]);
    /* Errors and edges. */
    show("file->file", splice(f, NULL, o, NULL, 10, 0));
    off = 0;
    show("offset on a pipe", splice(p[0], &off, o, NULL, 10, 0));
    show("empty, nonblocking", splice(p[0], NULL, o, NULL, 10, SPLICE_F_NONBLOCK));
    close(s1[0]);
    show("socket at EOF", splice(s1[1], NULL, p[1], NULL, 10, 0));
    close(p[1]);
    show("pipe at EOF", splice(p[0], NULL, o, NULL, 10, 0));
    show("tee non-pipe", tee(f, q[1], 10, 0));
    unlink("/tmp/spliced");
    printf("done\n");
    return 0;
}
