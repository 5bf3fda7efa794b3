/*
 * sys_socket_msg.c — sendto/recvfrom/sendmsg/recvmsg, socket names and
 * options.
 *
 * struct msghdr (Linux x86-64, include/linux/socket.h): name (8),
 * namelen (4 + pad), iov (8), iovlen (8), control (8), controllen (8),
 * flags (4 + pad) = 56 bytes. No ancillary data is produced or consumed:
 * controllen comes back 0.
 */
#include "sys_socket.h"
#include "../fs/fs.h"
#include "../net/net.h"
#include "../net/socket.h"
#include "../net/unix.h"
#include "syscall.h"

struct msghdr_linux {
    uint64_t name;
    uint32_t namelen, pad0;
    uint64_t iov, iovlen, control, controllen;
    int32_t flags, pad1;
};

#define SOL_SOCKET 1
#define IPPROTO_TCP 6
#define IPV6_UNICAST_HOPS 16
#define IPV6_MULTICAST_IF 17
#define IPV6_MULTICAST_HOPS 18
#define IPV6_MULTICAST_LOOP 19
#define IPV6_TCLASS 67
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_LINGER 13
#define SO_REUSEPORT 15
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL 38
#define SO_DOMAIN 39
#define TCP_NODELAY 1
#define TCP_MAXSEG 2
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6
#define IP_TOS 1
#define IP_TTL 2
#define IPPROTO_IP 0
#define IOV_MAX_SOCK 1024

static int sigpipe_if(long r, long flags) {
    if (r == -EPIPE && !(flags & MSG_NOSIGNAL))
        signal_sigpipe();
    return 0;
}

static ssize_t do_send(struct sock *s, long fd, struct sock_iov *iov, int cnt, long flags,
                       bool has_to, const ip_addr_t *addr, uint16_t port) {
    net_poll();
    if (s->type == SOCK_DGRAM)
        return udp_sock_send(s, iov, cnt, has_to, addr, port, true);
    ssize_t total = 0;
    for (int i = 0; i < cnt; i++) {
        bool nb = sock_fd_nonblock(fd) || total > 0;
        ssize_t k = tcp_sock_send(s, iov[i].base, iov[i].len, (int)flags, nb, true);
        if (k < 0)
            return total ? total : k;
        total += k;
        if ((size_t)k < iov[i].len)
            break;
    }
    return total;
}

static ssize_t do_recv(struct sock *s, long fd, struct sock_iov *iov, int cnt, long flags,
                       ip_addr_t *addr, uint16_t *port, int *oflags) {
    net_poll();
    *oflags = 0;
    if (s->type == SOCK_DGRAM) {
        size_t full;
        ssize_t r = udp_sock_recv(s, iov, cnt, (int)flags, sock_fd_nonblock(fd), addr, port, &full);
        if (r >= 0 && full > (size_t)r) {
            *oflags |= MSG_TRUNC;
            if (flags & MSG_TRUNC)
                r = (ssize_t)full;
        }
        return r;
    }
    *addr = s->tcp ? s->tcp->remote_ip : *IP4_ADDR_ANY;
    *port = s->tcp ? s->tcp->remote_port : 0;
    ssize_t total = 0;
    for (int i = 0; i < cnt; i++) {
        if (!iov[i].len)
            continue;
        bool nb = sock_fd_nonblock(fd) || (total > 0 && !(flags & MSG_WAITALL));
        ssize_t k = tcp_sock_recv(s, iov[i].base, iov[i].len, (int)flags, nb, true);
        if (k < 0)
            return total ? total : k;
        total += k;
        if ((size_t)k < iov[i].len)
            break;
    }
    return total;
}

long sys_sendto(long fd, long ubuf, long len, long flags, long uaddr, long alen) {
    struct usock *u = unix_of(fd_get((int)fd));
    if (u) {
        struct sock_iov v = { (void *)ubuf, (size_t)len };
        return unix_sys_send(u, fd, &v, 1, flags, uaddr, alen, 0, 0);
    }
    int err = 0;
    struct sock *s = sock_get(fd, &err);
    if (!s)
        return err;
    ip_addr_t addr;
    uint16_t port = 0;
    bool has_to = uaddr != 0 && s->type == SOCK_DGRAM;
    if (has_to && (err = sockaddr_from_user(s, uaddr, alen, &addr, &port)))
        return err;
    struct sock_iov iov = { (void *)ubuf, (size_t)len };
    long r = do_send(s, fd, &iov, 1, flags, has_to, &addr, port);
    net_flush();
    sigpipe_if(r, flags);
    return r;
}

long sys_recvfrom(long fd, long ubuf, long len, long flags, long uaddr, long ulen) {
    struct usock *u = unix_of(fd_get((int)fd));
    if (u) {
        struct sock_iov v = { (void *)ubuf, (size_t)len };
        int of;
        return unix_sys_recv(u, fd, &v, 1, flags, uaddr, ulen, 0, NULL, &of);
    }
    int err = 0;
    struct sock *s = sock_get(fd, &err);
    if (!s)
        return err;
    struct sock_iov iov = { (void *)ubuf, (size_t)len };
    ip_addr_t addr;
    uint16_t port;
    int of;
    ssize_t r = do_recv(s, fd, &iov, 1, flags, &addr, &port, &of);
    net_flush();
    if (r >= 0 && uaddr && sockaddr_to_user(s, uaddr, ulen, &addr, port) < 0)
        return -EFAULT;
    return r;
}

/* Copies the msghdr and its iovec array in. */
static int msg_in(long umsg, struct msghdr_linux *m, struct sock_iov **iov) {
    if (copy_from_user(m, (const void *)umsg, sizeof *m) < 0)
        return -EFAULT;
    if (m->iovlen > IOV_MAX_SOCK)
        return -SOCK_EMSGSIZE;
    *iov = kmalloc(MAX(m->iovlen, 1) * sizeof **iov);
    if (!*iov)
        return -ENOMEM;
    struct { uint64_t base, len; } v;
    uint64_t total = 0;
    for (uint64_t i = 0; i < m->iovlen; i++) {
        if (copy_from_user(&v, (const char *)m->iov + i * 16, 16) < 0) {
            kfree(*iov);
            return -EFAULT;
        }
        if (v.len > 0x7fffffffffffffffull - total) {   /* the sum must fit a ssize_t */
            kfree(*iov);
            return -EINVAL;
        }
        total += v.len;
        (*iov)[i].base = (void *)v.base;
        (*iov)[i].len = v.len;
    }
    return 0;
}

long sys_sendmsg(long fd, long umsg, long flags, long a3, long a4, long a5) {
    int err = 0;
    struct usock *u = unix_of(fd_get((int)fd));
    struct sock *s = u ? NULL : sock_get(fd, &err);
    if (!s && !u)
        return err;
    struct msghdr_linux m;
    struct sock_iov *iov;
    if ((err = msg_in(umsg, &m, &iov)))
        return err;
    if (u) {
        long r = unix_sys_send(u, fd, iov, (int)m.iovlen, flags, (long)m.name, m.namelen,
                               m.control, m.controllen);
        kfree(iov);
        return r;
    }
    ip_addr_t addr;
    uint16_t port = 0;
    bool has_to = m.name && s->type == SOCK_DGRAM;
    long r = has_to ? sockaddr_from_user(s, (long)m.name, m.namelen, &addr, &port) : 0;
    if (r == 0)
        r = do_send(s, fd, iov, (int)m.iovlen, flags, has_to, &addr, port);
    kfree(iov);
    net_flush();
    sigpipe_if(r, flags);
    return r;
}

static long unix_recvmsg(struct usock *u, long fd, long umsg, struct msghdr_linux *m,
                         struct sock_iov *iov, long flags) {
    int of;
    uint64_t ctllen = m->controllen;
    long r = unix_sys_recv(u, fd, iov, (int)m->iovlen, flags, m->name ? (long)m->name : 0,
                           umsg + 8 /* &msg_namelen */, m->control, &ctllen, &of);
    kfree(iov);
    if (r < 0)
        return r;
    struct msghdr_linux *um = (struct msghdr_linux *)umsg;
    int32_t f = of;
    if (copy_to_user(&um->controllen, &ctllen, 8) < 0 || copy_to_user(&um->flags, &f, 4) < 0)
        return -EFAULT;
    return r;
}

long sys_recvmsg(long fd, long umsg, long flags, long a3, long a4, long a5) {
    int err = 0;
    struct usock *u = unix_of(fd_get((int)fd));
    struct sock *s = u ? NULL : sock_get(fd, &err);
    if (!s && !u)
        return err;
    struct msghdr_linux m;
    struct sock_iov *iov;
    if ((err = msg_in(umsg, &m, &iov)))
        return err;
    if (u)
        return unix_recvmsg(u, fd, umsg, &m, iov, flags);
    ip_addr_t addr;
    uint16_t port;
    int of;
    long r = do_recv(s, fd, iov, (int)m.iovlen, flags, &addr, &port, &of);
    kfree(iov);
    net_flush();
    if (r < 0)
        return r;
    if (m.name) {
        uint8_t sa[sizeof(struct sockaddr_in6_linux)];
        size_t salen = sockaddr_fill(s, &addr, port, sa);
        if (copy_to_user((void *)m.name, sa, MIN(m.namelen, salen)) < 0)
            return -EFAULT;
        m.namelen = (uint32_t)salen;
    }
    m.controllen = 0;
    m.flags = of;
    struct msghdr_linux *um = (struct msghdr_linux *)umsg;
    if (copy_to_user(&um->namelen, &m.namelen, 4) < 0 ||
        copy_to_user(&um->controllen, &m.controllen, 8) < 0 ||
        copy_to_user(&um->flags, &m.flags, 4) < 0)
        return -EFAULT;
    return r;
}

static void names(struct sock *s, bool peer, ip_addr_t *addr, uint16_t *port) {
    sock_any(s, addr);
    *port = 0;
    if (s->tcp) {
        *addr = peer ? s->tcp->remote_ip : s->tcp->local_ip;
        *port = peer ? s->tcp->remote_port : s->tcp->local_port;
    } else if (s->udp) {
        *addr = peer ? s->udp->remote_ip : s->udp->local_ip;
        *port = peer ? s->udp->remote_port : s->udp->local_port;
    }
}

long sys_getsockname(long fd, long uaddr, long ulen, long a3, long a4, long a5) {
    struct usock *u = unix_of(fd_get((int)fd));
    if (u)
        return unix_sys_name(u, false, uaddr, ulen);
    int err = 0;
    struct sock *s = sock_get(fd, &err);
    if (!s)
        return err;
    ip_addr_t addr;
    uint16_t port;
    names(s, false, &addr, &port);
    return sockaddr_to_user(s, uaddr, ulen, &addr, port);
}

long sys_getpeername(long fd, long uaddr, long ulen, long a3, long a4, long a5) {
    struct usock *u = unix_of(fd_get((int)fd));
    if (u)
        return unix_sys_name(u, true, uaddr, ulen);
    int err = 0;
    struct sock *s = sock_get(fd, &err);
    if (!s)
        return err;
    bool connected = s->type == SOCK_STREAM ? s->state == SS_CONNECTED && s->tcp : s->udp_connected;
    if (!connected)
        return -SOCK_ENOTCONN;
    ip_addr_t addr;
    uint16_t port;
    names(s, true, &addr, &port);
    return sockaddr_to_user(s, uaddr, ulen, &addr, port);
}

long sys_setsockopt(long fd, long level, long name, long uval, long len, long a5) {
    struct usock *u = unix_of(fd_get((int)fd));
    if (u)
        return unix_sys_setsockopt(u, level, name, uval, len);
    int err = 0;
    struct sock *s = sock_get(fd, &err);
    if (!s)
        return err;
    int v = 0;
    if (len < 0)
        return -EINVAL;
    if (len >= 4 && copy_from_user(&v, (const void *)uval, 4) < 0)
        return -EFAULT;
    if (level == SOL_SOCKET) {
        switch (name) {
        case SO_REUSEADDR: s->reuseaddr = v != 0; return 0;
        case SO_REUSEPORT: s->reuseport = v != 0; return 0;
        case SO_BROADCAST: s->broadcast = v != 0; return 0;
        case SO_KEEPALIVE:
            s->keepalive = v != 0;
            if (s->tcp) {
                if (v) ip_set_option(s->tcp, SOF_KEEPALIVE);
                else ip_reset_option(s->tcp, SOF_KEEPALIVE);
            }
            return 0;
        case SO_RCVBUF: s->rcvbuf = v; return 0;
        case SO_SNDBUF: s->sndbuf = v; return 0;
        case SO_RCVTIMEO: case SO_SNDTIMEO: {
            struct { int64_t sec, usec; } tv;   /* struct timeval */
            if (len < (long)sizeof tv)
                return -EINVAL;
            if (copy_from_user(&tv, (const void *)uval, sizeof tv) < 0)
                return -EFAULT;
            if (tv.usec < 0 || tv.usec >= 1000000)
                return -SOCK_EDOM;
            uint64_t ns = tv.sec < 0 ? 0 : (uint64_t)tv.sec * 1000000000 + (uint64_t)tv.usec * 1000;
            *(name == SO_RCVTIMEO ? &s->rcvtimeo : &s->sndtimeo) = ns;
            return 0;
        }
        case SO_LINGER: return 0;   /* accepted, not honoured: close never lingers */
        }
        return -ENOPROTOOPT;
    }
    if (level == IPPROTO_TCP && s->type == SOCK_STREAM) {
        switch (name) {
        case TCP_NODELAY:
            s->nodelay = v != 0;
            if (s->tcp) {
                if (v) tcp_nagle_disable(s->tcp);
                else tcp_nagle_enable(s->tcp);
            }
            return 0;
        case TCP_KEEPIDLE: if (s->tcp) s->tcp->keep_idle = (u32_t)v * 1000; return 0;
        case TCP_KEEPINTVL: if (s->tcp) s->tcp->keep_intvl = (u32_t)v * 1000; return 0;
        case TCP_KEEPCNT: if (s->tcp) s->tcp->keep_cnt = (u32_t)v; return 0;
        case TCP_MAXSEG: return 0;
        }
        return -ENOPROTOOPT;
    }
    if (level == IPPROTO_IP && (name == IP_TOS || name == IP_TTL))
        return 0;
    if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
        switch (name) {
        case IPV6_V6ONLY:
            if (s->state != SS_NEW)
                return -EINVAL;   /* Linux: only before bind/connect */
            s->v6only = v != 0;
            return 0;
        case IPV6_UNICAST_HOPS: case IPV6_TCLASS: case IPV6_MULTICAST_IF:
        case IPV6_MULTICAST_HOPS: case IPV6_MULTICAST_LOOP:
            return 0;   /* accepted, lwIP's defaults stay (the JDK sets MULTICAST_HOPS on every UDP socket) */
        }
    }
    return -ENOPROTOOPT;
}

long sys_getsockopt(long fd, long level, long name, long uval, long ulen, long a5) {
    struct usock *u = unix_of(fd_get((int)fd));
    if (u)
        return unix_sys_getsockopt(u, level, name, uval, ulen);
    int err = 0;
    struct sock *s = sock_get(fd, &err);
    if (!s)
        return err;
    int32_t len;
    if (copy_from_user(&len, (const void *)ulen, 4) < 0)
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    int v;
    if (level == SOL_SOCKET) {
        switch (name) {
        case SO_TYPE: v = s->type; break;
        case SO_ERROR: v = s->err; s->err = 0; break;
        case SO_REUSEADDR: v = s->reuseaddr; break;
        case SO_REUSEPORT: v = s->reuseport; break;
        case SO_KEEPALIVE: v = s->keepalive; break;
        case SO_BROADCAST: v = s->broadcast; break;
        case SO_RCVBUF: v = s->rcvbuf * 2; break;   /* Linux reports double */
        case SO_SNDBUF: v = s->sndbuf * 2; break;
        case SO_ACCEPTCONN: v = s->state == SS_LISTENING; break;
        case SO_DOMAIN: v = s->family; break;
        case SO_PROTOCOL: v = s->type == SOCK_STREAM ? 6 : 17; break;
        case SO_RCVTIMEO: case SO_SNDTIMEO: {
            uint64_t ns = name == SO_RCVTIMEO ? s->rcvtimeo : s->sndtimeo;
            struct { int64_t sec, usec; } tv = { (int64_t)(ns / 1000000000), (int64_t)(ns % 1000000000 / 1000) };
            len = MIN(len, (int32_t)sizeof tv);
            if (copy_to_user((void *)uval, &tv, (size_t)len) < 0 || copy_to_user((void *)ulen, &len, 4) < 0)
                return -EFAULT;
            return 0;
        }
        default: return -ENOPROTOOPT;
        }
    } else if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
        switch (name) {
        case IPV6_V6ONLY: v = s->v6only; break;
        case IPV6_UNICAST_HOPS: v = 64; break;   /* lwIP's IP6_HOPLIM */
        case IPV6_TCLASS: case IPV6_MULTICAST_IF: v = 0; break;
        case IPV6_MULTICAST_HOPS: case IPV6_MULTICAST_LOOP: v = 1; break;
        default: return -ENOPROTOOPT;
        }
    } else if (level == IPPROTO_TCP && s->type == SOCK_STREAM) {
        switch (name) {
        case TCP_NODELAY: v = s->nodelay; break;
        case TCP_MAXSEG: v = TCP_MSS; break;
        default: return -ENOPROTOOPT;
        }
    } else {
        return -ENOPROTOOPT;
    }
    len = MIN(len, 4);
    if (copy_to_user((void *)uval, &v, (size_t)len) < 0 || copy_to_user((void *)ulen, &len, 4) < 0)
        return -EFAULT;
    return 0;
}
