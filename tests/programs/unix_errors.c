/* unix_errors.c — AF_UNIX and splice calls with hostile arguments: bad
 * pointers, lengths, control messages and descriptors. Each call's result
 * is printed (errno names); the output must match Linux's, and the kernel
 * must survive all of it. Message calls go straight to the kernel. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#define BAD ((void *)16)
/* The raw calls: libc's sendmsg may copy the control buffer itself. */
#define sendmsg(fd, m, fl) syscall(SYS_sendmsg, fd, m, fl)
#define recvmsg(fd, m, fl) syscall(SYS_recvmsg, fd, m, fl)

static void show(const char *what, long r) {
    const char *n = "?";
    int e = errno;
    switch (e) {
    case EFAULT: n = "EFAULT"; break;
    case EINVAL: n = "EINVAL"; break;
    case EBADF: n = "EBADF"; break;
    case ENOTSOCK: n = "ENOTSOCK"; break;
    case EOPNOTSUPP: n = "EOPNOTSUPP"; break;
    case ENOTCONN: n = "ENOTCONN"; break;
    case EISCONN: n = "EISCONN"; break;
    case ENOENT: n = "ENOENT"; break;
    case EAFNOSUPPORT: n = "EAFNOSUPPORT"; break;
    case EPROTONOSUPPORT: n = "EPROTONOSUPPORT"; break;
    case ESPIPE: n = "ESPIPE"; break;
    case ENOBUFS: n = "ENOBUFS"; break;
    case EPROTOTYPE: n = "EPROTOTYPE"; break;
    case ECONNREFUSED: n = "ECONNREFUSED"; break;
    case EDESTADDRREQ: n = "EDESTADDRREQ"; break;
    case EADDRINUSE: n = "EADDRINUSE"; break;
    case ESOCKTNOSUPPORT: n = "ESOCKTNOSUPPORT"; break;
    case ENXIO: n = "ENXIO"; break;
    case EAGAIN: n = "EAGAIN"; break;
    }
    if (r < 0)
        printf("%s: -1 %s\n", what, n);
    else
        printf("%s: %ld\n", what, r);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int sv[2], u = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    show("socket bad type", socket(AF_UNIX, 9, 0));
    show("socket bad protocol", socket(AF_UNIX, SOCK_STREAM, 7));
    show("socketpair bad sv", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, BAD));
    show("socketpair inet", socketpair(AF_INET, SOCK_STREAM, 0, sv));
    show("bind short", bind(u, (struct sockaddr *)&a, 1));
    show("bind too long", bind(u, (struct sockaddr *)&a, 200));
    show("bind bad pointer", bind(u, BAD, sizeof a));
    a.sun_family = AF_INET;
    show("bind wrong family", bind(u, (struct sockaddr *)&a, sizeof a));
    a.sun_family = AF_UNIX;
    strcpy(a.sun_path, "/no/such/dir/s");
    show("bind missing dir", bind(u, (struct sockaddr *)&a, sizeof a));
    show("connect missing", connect(u, (struct sockaddr *)&a, sizeof a));
    show("connect bad pointer", connect(u, BAD, sizeof a));
    show("listen unbound", listen(u, 5));
    show("accept unbound", accept(u, NULL, NULL));
    show("send unconnected", send(u, "x", 1, MSG_NOSIGNAL));
    show("recv unconnected", recv(u, sv, 1, MSG_DONTWAIT));
    show("getpeername unconnected", getpeername(u, (struct sockaddr *)&a, &(socklen_t){ sizeof a }));
    show("getsockname bad len", getsockname(u, (struct sockaddr *)&a, BAD));
    show("shutdown unconnected", shutdown(u, SHUT_RDWR));
    show("shutdown bad how", shutdown(u, 7));
    show("getsockopt bad len", getsockopt(u, SOL_SOCKET, SO_TYPE, sv, BAD));
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("dgram send no address", send(d, "x", 1, 0));
    strcpy(a.sun_path, "/tmp/e.sock");
    show("bind stream", bind(u, (struct sockaddr *)&a, sizeof a));
    show("dgram to a stream name", sendto(d, "x", 1, 0, (struct sockaddr *)&a, sizeof a));
    show("connect to non-listener", connect(d, (struct sockaddr *)&a, sizeof a));
    int f = open("/tmp/e.sock", O_RDONLY);
    show("open socket node", f);
    unlink("/tmp/e.sock");
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct iovec iov = { "x", 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
    m.msg_control = BAD;
    m.msg_controllen = 64;
    show("sendmsg bad control", sendmsg(sv[0], &m, 0));
    char cbuf[2048];
    memset(cbuf, 0, sizeof cbuf);
    m.msg_control = cbuf;
    m.msg_controllen = 1 << 20;
    show("sendmsg huge control", sendmsg(sv[0], &m, 0));
    struct cmsghdr *c = (struct cmsghdr *)cbuf;
    m.msg_controllen = CMSG_SPACE(sizeof(int));
    c->cmsg_len = 4;
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    show("sendmsg short cmsg_len", sendmsg(sv[0], &m, 0));
    c->cmsg_len = 1000;
    show("sendmsg long cmsg_len", sendmsg(sv[0], &m, 0));
    c->cmsg_len = CMSG_LEN(sizeof(int));
    *(int *)CMSG_DATA(c) = 999;
    show("sendmsg bad fd", sendmsg(sv[0], &m, 0));
    c->cmsg_type = 77;
    *(int *)CMSG_DATA(c) = 0;
    show("sendmsg unknown type", sendmsg(sv[0], &m, 0));
    m.msg_controllen = CMSG_SPACE(300 * sizeof(int));
    c->cmsg_len = CMSG_LEN(300 * sizeof(int));
    c->cmsg_type = SCM_RIGHTS;
    memset(CMSG_DATA(c), 0, 300 * sizeof(int));
    show("sendmsg 300 fds", sendmsg(sv[0], &m, 0));
    /* A socket sent over itself, then closed: Linux collects it. */
    c->cmsg_len = CMSG_LEN(sizeof(int));
    m.msg_controllen = CMSG_SPACE(sizeof(int));
    *(int *)CMSG_DATA(c) = sv[1];
    show("send itself", sendmsg(sv[0], &m, 0));
    /* Receiving files with no room for them: closed, MSG_CTRUNC. */
    *(int *)CMSG_DATA(c) = 0;
    show("send stdin", sendmsg(sv[1], &m, 0));
    char b[4];
    struct iovec riov = { b, sizeof b };
    struct msghdr r = { .msg_iov = &riov, .msg_iovlen = 1 };
    show("recvmsg no control", recvmsg(sv[0], &r, 0));
    printf("ctrunc %d\n", !!(r.msg_flags & MSG_CTRUNC));
    r.msg_control = BAD;
    r.msg_controllen = 8;
    show("recvmsg tiny control", recvmsg(sv[0], &r, MSG_DONTWAIT));
    riov.iov_base = BAD;
    write(sv[0], "data", 4);
    show("recv into bad buffer", recv(sv[1], BAD, 4, 0));
    struct msghdr badiov = { .msg_iov = BAD, .msg_iovlen = 1 };
    show("recvmsg bad iov", recvmsg(sv[1], &badiov, 0));
    close(sv[0]);
    close(sv[1]);
    /* splice and friends. */
    int p[2];
    pipe(p);
    show("splice bad offset", splice(0, BAD, p[1], NULL, 10, 0));
    show("splice bad fd", splice(99, NULL, p[1], NULL, 10, 0));
    show("splice bad flags", splice(p[0], NULL, p[1], NULL, 10, 0x100));
    show("splice same pipe", splice(p[0], NULL, p[1], NULL, 10, 0));
    show("vmsplice bad iov", vmsplice(p[1], BAD, 1, 0));
    show("vmsplice too many", vmsplice(p[1], &iov, 5000, 0));
    show("vmsplice not a pipe", vmsplice(d, &iov, 1, 0));
    show("tee same pipe", tee(p[0], p[1], 10, 0));
    printf("survived\n");
    return 0;
}
