/* unix.c — AF_UNIX sockets: socketpair (stream, datagram, seqpacket), a
 * path and an abstract name with a threaded echo server, SCM_RIGHTS,
 * SCM_CREDENTIALS, SO_PEERCRED, nonblocking mode, FIONREAD, poll/epoll,
 * shutdown and close waking a blocked peer. Prints what it sees; the
 * output must be the same on the native kernel and on Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char *errname(int e) {
    static char num[16];
    switch (e) {
    case 0: return "OK";
    case EAGAIN: return "EAGAIN";
    case EADDRINUSE: return "EADDRINUSE";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ENOENT: return "ENOENT";
    case EPIPE: return "EPIPE";
    case EINVAL: return "EINVAL";
    case ENOTCONN: return "ENOTCONN";
    case ENXIO: return "ENXIO";
    }
    snprintf(num, sizeof num, "errno %d", e);
    return num;
}

static void ck(const char *what, long r) {
    if (r < 0)
        printf("%s: %s\n", what, errname(errno));
}

static socklen_t mkaddr(struct sockaddr_un *a, const char *name, int abstract) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    size_t n = strlen(name);
    memcpy(a->sun_path + (abstract ? 1 : 0), name, n);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
}

static void show_name(const char *what, struct sockaddr_un *a, socklen_t len) {
    int n = (int)len - (int)offsetof(struct sockaddr_un, sun_path);
    if (n <= 0)
        printf("%s: unnamed (len %d)\n", what, (int)len);
    else if (a->sun_path[0] == 0)
        printf("%s: @%.*s (len %d)\n", what, n - 1, a->sun_path + 1, (int)len);
    else
        printf("%s: %s (len %d)\n", what, a->sun_path, (int)len);
}

static void *echo_server(void *arg) {
    int l = *(int *)arg;
    int c = accept(l, NULL, NULL);
    ck("accept", c);
    char buf[256];
    ssize_t n;
    while ((n = read(c, buf, sizeof buf)) > 0)
        write(c, buf, (size_t)n);
    close(c);
    return NULL;
}

static void echo_over(const char *name, int abstract) {
    struct sockaddr_un a, b;
    socklen_t alen = mkaddr(&a, name, abstract), blen;
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    ck("bind", bind(l, (struct sockaddr *)&a, alen));
    ck("listen", listen(l, 4));
    int again = socket(AF_UNIX, SOCK_STREAM, 0);
    {
        long r_ = (long)(bind(again, (struct sockaddr *)&a, alen));
        int e_ = r_ < 0 ? errno : 0;
        printf("second bind: %ld %s\n", r_, errname(e_));
    }
    close(again);
    if (!abstract) {
        struct stat st;
        ck("stat", stat(name, &st));
        printf("node is a socket: %d\n", S_ISSOCK(st.st_mode));
        int of = open(name, O_RDWR);
        printf("open of the socket: %d %s\n", of, of < 0 ? errname(errno) : "opened");
    }
    pthread_t t;
    pthread_create(&t, NULL, echo_server, &l);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    ck("connect", connect(c, (struct sockaddr *)&a, alen));
    blen = sizeof b;
    ck("getpeername", getpeername(c, (struct sockaddr *)&b, &blen));
    show_name("peer", &b, blen);
    blen = sizeof b;
    ck("getsockname", getsockname(c, (struct sockaddr *)&b, &blen));
    show_name("self", &b, blen);
    struct ucred cr;
    socklen_t crl = sizeof cr;
    ck("SO_PEERCRED", getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &crl));
    printf("peercred: pid ok %d uid ok %d\n", cr.pid == getpid(), cr.uid == getuid());
    const char *lines[] = { "one line\n", "two lines here\n", "three\n" };
    for (int i = 0; i < 3; i++) {
        char buf[64] = { 0 };
        write(c, lines[i], strlen(lines[i]));
        ssize_t n = 0;
        while (n < (ssize_t)strlen(lines[i]))
            n += read(c, buf + n, sizeof buf - 1 - (size_t)n);
        printf("echo %s: %s", name, buf);
    }
    write(c, "?\n", 2);
    char q[4];
    struct sockaddr_un from;
    socklen_t fl = sizeof from;
    recvfrom(c, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
    show_name("recvfrom says", &from, fl);
    shutdown(c, SHUT_WR);
    char x;
    printf("after shutdown: read %zd\n", read(c, &x, 1));
    pthread_join(t, NULL);
    close(c);
    close(l);
    if (!abstract) {
        c = socket(AF_UNIX, SOCK_STREAM, 0);
            {
            long r_ = (long)(connect(c, (struct sockaddr *)&a, alen));
            int e_ = r_ < 0 ? errno : 0;
            printf("connect to closed: %ld %s\n", r_, errname(e_));
        }
        ck("unlink", unlink(name));
            {
            long r_ = (long)(connect(c, (struct sockaddr *)&a, alen));
            int e_ = r_ < 0 ? errno : 0;
            printf("connect after unlink: %ld %s\n", r_, errname(e_));
        }
        close(c);
    }
}

static void pair_stream(void) {
    int sv[2];
    ck("socketpair", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    char buf[64];
    {
        long r_ = (long)(read(sv[1], buf, sizeof buf));
        int e_ = r_ < 0 ? errno : 0;
        printf("empty nonblocking read: %ld %s\n", r_, errname(e_));
    }
    struct pollfd p = { sv[1], POLLIN | POLLOUT, 0 };
    int np = poll(&p, 1, 0);
    printf("poll empty: %d revents %#x\n", np, p.revents);
    write(sv[0], "hello ", 6);
    send(sv[0], "world", 5, 0);
    int n = -1;
    ioctl(sv[1], FIONREAD, &n);
    printf("FIONREAD: %d\n", n);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 7 }, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev);
    int nev = epoll_wait(ep, &out, 1, 1000);
    printf("epoll: %d data %u events %#x\n", nev, out.data.u32, out.events);
    ssize_t k = recv(sv[1], buf, 4, MSG_PEEK);
    printf("peek: %.*s\n", (int)k, buf);
    k = read(sv[1], buf, sizeof buf);
    printf("read: %.*s\n", (int)k, buf);
    printf("epoll after read: %d\n", epoll_wait(ep, &out, 1, 0));
    close(ep);
    close(sv[0]);
    printf("read after peer close: %zd\n", read(sv[1], buf, sizeof buf));
    p.revents = 0;
    poll(&p, 1, 0);
    printf("poll after peer close: in %d hup %d\n", !!(p.revents & POLLIN), !!(p.revents & POLLHUP));
    {
        long r_ = (long)(send(sv[1], "x", 1, MSG_NOSIGNAL));
        int e_ = r_ < 0 ? errno : 0;
        printf("send after peer close: %ld %s\n", r_, errname(e_));
    }
    close(sv[1]);
}

static void pair_records(int type, const char *name) {
    int sv[2];
    ck("socketpair", socketpair(AF_UNIX, type, 0, sv));
    send(sv[0], "first", 5, 0);
    send(sv[0], "second message", 14, 0);
    int n = -1;
    ioctl(sv[1], FIONREAD, &n);
    printf("%s FIONREAD: %d\n", name, n);
    char buf[64];
    ssize_t k = recv(sv[1], buf, sizeof buf, 0);
    printf("%s: %.*s\n", name, (int)k, buf);
    struct iovec iov = { buf, 6 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
    k = recvmsg(sv[1], &m, 0);
    printf("%s: %zd truncated %d: %.*s\n", name, k, !!(m.msg_flags & MSG_TRUNC), (int)k, buf);
    close(sv[0]);
    close(sv[1]);
}

static void dgram_paths(void) {
    struct sockaddr_un a, b, from;
    socklen_t alen = mkaddr(&a, "/tmp/d1.sock", 0), blen = mkaddr(&b, "/tmp/d2.sock", 0);
    int s1 = socket(AF_UNIX, SOCK_DGRAM, 0), s2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    ck("bind d1", bind(s1, (struct sockaddr *)&a, alen));
    ck("bind d2", bind(s2, (struct sockaddr *)&b, blen));
    ck("sendto", sendto(s2, "ping", 4, 0, (struct sockaddr *)&a, alen));
    char buf[16];
    socklen_t fl = sizeof from;
    ssize_t k = recvfrom(s1, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    printf("dgram got %.*s from %s\n", (int)k, buf, from.sun_path);
    sendto(s1, "pong", 4, 0, (struct sockaddr *)&from, fl);
    k = recv(s2, buf, sizeof buf, 0);
    printf("dgram reply %.*s\n", (int)k, buf);
    int s3 = socket(AF_UNIX, SOCK_DGRAM, 0);
    k = sendto(s3, "anon", 4, 0, (struct sockaddr *)&a, alen);
    fl = sizeof from;
    k = recvfrom(s1, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    printf("dgram from unnamed: %.*s namelen %d\n", (int)k, buf, (int)fl);
    close(s1);
    close(s2);
    close(s3);
    unlink("/tmp/d1.sock");
    unlink("/tmp/d2.sock");
}

static void pass_fds(void) {
    int sv[2], pp[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(pp);
    int f = open("/data/hello.txt", O_RDONLY);
    char cbuf[CMSG_SPACE(2 * sizeof(int))];
    memset(cbuf, 0, sizeof cbuf);
    struct iovec iov = { "fds", 3 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(2 * sizeof(int));
    int fds[2] = { f, pp[1] };
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    ck("sendmsg", sendmsg(sv[0], &m, 0));
    close(f);
    close(pp[1]);
    write(sv[0], "after", 5);
    char data[16] = { 0 }, rbuf[CMSG_SPACE(2 * sizeof(int))];
    struct iovec riov = { data, sizeof data };
    struct msghdr r = { .msg_iov = &riov, .msg_iovlen = 1, .msg_control = rbuf, .msg_controllen = sizeof rbuf };
    ssize_t k = recvmsg(sv[1], &r, MSG_CMSG_CLOEXEC);
    printf("recvmsg %zd bytes: %.*s\n", k, (int)k, data);
    struct cmsghdr *rc = CMSG_FIRSTHDR(&r);
    if (!rc || rc->cmsg_type != SCM_RIGHTS) {
        printf("no SCM_RIGHTS\n");
        return;
    }
    int got[2];
    memcpy(got, CMSG_DATA(rc), sizeof got);
    printf("got %d fds, cloexec %d\n", (int)((rc->cmsg_len - CMSG_LEN(0)) / sizeof(int)),
           !!(fcntl(got[0], F_GETFD) & FD_CLOEXEC));
    char text[64] = { 0 };
    read(got[0], text, sizeof text - 1);
    printf("passed file says: %s", text);
    write(got[1], "through the passed pipe\n", 24);
    close(got[1]);
    memset(text, 0, sizeof text);
    read(pp[0], text, sizeof text - 1);
    printf("pipe says: %s", text);
    k = read(sv[1], data, sizeof data);
    printf("then: %.*s\n", (int)k, data);
    close(got[0]);
    close(pp[0]);
    /* Credentials: SO_PASSCRED shows the sender's. */
    int on = 1;
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
    write(sv[0], "cred", 4);
    char cb[CMSG_SPACE(sizeof(struct ucred))];
    r.msg_control = cb;
    r.msg_controllen = sizeof cb;
    k = recvmsg(sv[1], &r, 0);
    rc = CMSG_FIRSTHDR(&r);
    struct ucred uc = { 0, 0, 0 };
    if (rc && rc->cmsg_type == SCM_CREDENTIALS)
        memcpy(&uc, CMSG_DATA(rc), sizeof uc);
    printf("SCM_CREDENTIALS %d: pid ok %d uid ok %d\n", rc && rc->cmsg_type == SCM_CREDENTIALS,
           uc.pid == getpid(), uc.uid == getuid());
    close(sv[0]);
    close(sv[1]);
}

static int blocked_fd;
static void *blocked_reader(void *arg) {
    char c;
    ssize_t n = read(blocked_fd, &c, 1);
    printf("blocked reader woke: %zd\n", n);
    return NULL;
}

static void close_wakes(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    blocked_fd = sv[1];
    pthread_t t;
    pthread_create(&t, NULL, blocked_reader, NULL);
    usleep(100000);
    close(sv[0]);
    pthread_join(t, NULL);
    close(sv[1]);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGPIPE, SIG_IGN);
    pair_stream();
    pair_records(SOCK_DGRAM, "dgram");
    pair_records(SOCK_SEQPACKET, "seqpacket");
    echo_over("/tmp/echo.sock", 0);
    echo_over("ingot-unix-test", 1);
    dgram_paths();
    pass_fds();
    close_wakes();
    printf("done\n");
    return 0;
}
