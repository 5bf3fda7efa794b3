/*
 * sys_socket_unix.c — the socket system calls for AF_UNIX sockets
 * (net/unix.h). sys_socket.c and sys_socket_msg.c hand a call here when
 * its fd is a unix socket (or the domain is AF_UNIX); the arguments are
 * the syscall's, checked here as hostile as anywhere.
 */
#include "sys_socket.h"
#include "../include/ktime.h"
#include "syscall.h"
#include "../fs/fs.h"
#include "../net/socket.h"
#include "../net/unix.h"

#define SOL_SOCKET    1
#define SO_REUSEADDR  2
#define SO_TYPE	      3
#define SO_ERROR      4
#define SO_SNDBUF     7
#define SO_RCVBUF     8
#define SO_PASSCRED   16
#define SO_PEERCRED   17
#define SO_RCVTIMEO   20
#define SO_SNDTIMEO   21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL   38
#define SO_DOMAIN     39

static bool fd_nonblock(long fd)
{
	return (fd_get((int)fd)->flags & O_NONBLOCK) != 0;
}

long unix_sys_socket(long type, long protocol)
{
	int t = (int)(type & SOCK_TYPE_MASK);
	if (t != SOCK_STREAM && t != SOCK_DGRAM && t != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	if (protocol != 0)
		return -EPROTONOSUPPORT;
	struct usock *s = unix_new(t);
	return s ? unix_install(s, (int)type) : -ENOMEM;
}

long unix_sys_socketpair(long type, long protocol, long usv)
{
	int t = (int)(type & SOCK_TYPE_MASK);
	if (t != SOCK_STREAM && t != SOCK_DGRAM && t != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	if (protocol != 0)
		return -EPROTONOSUPPORT;
	int32_t sv[2];
	if (copy_from_user(sv, (const void *)usv, sizeof sv) < 0) /* writable check up front */
		return -EFAULT;
	struct usock *a, *b;
	int r = unix_pair(t, &a, &b);
	if (r)
		return r;
	unix_get(b); /* survives a failed install of a */
	sv[0] = unix_install(a, (int)type);
	sv[1] = sv[0] < 0 ? sv[0] : unix_install(b, (int)type);
	if (sv[1] < 0) {
		if (sv[0] >= 0)
			fd_close(sv[0]);
		if (sv[0] < 0)
			unix_put(b); /* never installed */
		unix_put(b);
		return sv[1];
	}
	unix_put(b);
	if (copy_to_user((void *)usv, sv, sizeof sv) < 0) {
		fd_close(sv[0]);
		fd_close(sv[1]);
		return -EFAULT;
	}
	return 0;
}

long unix_sys_bind(struct usock *s, long uaddr, long len)
{
	struct unix_addr a;
	int r = unix_addr_from_user(uaddr, len, &a);
	return r ? r : unix_bind(s, &a);
}

long unix_sys_connect(struct usock *s, long fd, long uaddr, long len)
{
	struct unix_addr a;
	if (len >= 2) {
		uint16_t fam;
		if (copy_from_user(&fam, (const void *)uaddr, 2) < 0)
			return -EFAULT;
		if (fam == 0 && s->type == SOCK_DGRAM) { /* AF_UNSPEC: dissolve */
			a.len = 0;
			return unix_connect(s, &a, false);
		}
	}
	int r = unix_addr_from_user(uaddr, len, &a);
	if (r)
		return r;
	if (a.len == 0)
		return -EINVAL;
	return unix_connect(s, &a, fd_nonblock(fd));
}

long unix_sys_accept4(struct usock *s, long fd, long uaddr, long ulen, long flags)
{
	struct usock *c;
	int r = unix_accept(s, fd_nonblock(fd), &c);
	if (r)
		return r;
	struct unix_addr peer = c->peer_addr;
	int nfd = unix_install(c, (int)flags);
	if (nfd < 0)
		return nfd;
	if (unix_addr_to_user(&peer, uaddr, ulen) < 0)
		return -EFAULT;
	return nfd;
}

long unix_sys_name(struct usock *s, bool peer, long uaddr, long ulen)
{
	if (peer && (s->state != US_CONNECTED || (s->type == SOCK_DGRAM && !s->peer)))
		return -ENOTCONN;
	return unix_addr_to_user(peer ? &s->peer_addr : &s->addr, uaddr, ulen);
}

/* sendto/recvfrom/sendmsg/recvmsg: iov already copied in (sys_socket_msg.c). */
long unix_sys_send(struct usock *s, long fd, struct sock_iov *iov, int cnt, long flags, long uname,
		   long namelen, uint64_t uctl, uint64_t ctllen)
{
	struct unix_addr to;
	int r = uname ? unix_addr_from_user(uname, namelen, &to) : 0;
	if (r)
		return r;
	struct unix_ctl ctl;
	if ((r = unix_ctl_from_user(uctl, ctllen, &ctl)))
		return r;
	ssize_t n =
		unix_send(s, iov, cnt, (int)flags, fd_nonblock(fd), uname ? &to : NULL, &ctl, true);
	unix_ctl_drop(&ctl); /* files not sent (an error) */
	if (n == -EPIPE && !(flags & MSG_NOSIGNAL))
		signal_sigpipe();
	return n;
}

long unix_sys_recv(struct usock *s, long fd, struct sock_iov *iov, int cnt, long flags, long uname,
		   long unamelen, uint64_t uctl, uint64_t *ctllen, int *oflags)
{
	struct unix_addr from;
	struct unix_ctl ctl;
	size_t full;
	ssize_t n = unix_recv(s, iov, cnt, (int)flags, fd_nonblock(fd), &from, &ctl, &full, true);
	*oflags = 0;
	if (n < 0) {
		unix_ctl_drop(&ctl);
		return n;
	}
	if (full > (size_t)n) {
		*oflags |= MSG_TRUNC;
		if (flags & MSG_TRUNC)
			n = (ssize_t)full;
	}
	int r = 0;
	if (ctllen)
		r = unix_ctl_to_user(s, &ctl, (int)flags, uctl, ctllen, oflags);
	else
		unix_ctl_drop(&ctl);
	if (!r && uname && from.len)
		r = unix_addr_to_user(&from, uname, unamelen);
	else if (!r && uname) {
		int32_t zero = 0; /* an unnamed sender: no address */
		r = copy_to_user((void *)unamelen, &zero, 4);
	}
	return r ? r : n;
}

long unix_sys_shutdown(struct usock *s, long how)
{
	return unix_shutdown(s, (int)how);
}

long unix_sys_listen(struct usock *s, long backlog)
{
	return unix_listen(s, (int)backlog);
}

long unix_sys_setsockopt(struct usock *s, long level, long name, long uval, long len)
{
	int v = 0;
	if (len < 0)
		return -EINVAL;
	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	if (len >= 4 && copy_from_user(&v, (const void *)uval, 4) < 0)
		return -EFAULT;
	switch (name) {
	case SO_PASSCRED: s->passcred = v != 0; return 0;
	case SO_SNDBUF:
		s->sndbuf = MIN(MAX(v, 2304), 4 << 20);
		return 0; /* Linux: 4.5 KiB..wmem_max */
	case SO_RCVBUF: s->rcvbuf = MIN(MAX(v, 2304), 4 << 20); return 0;
	case SO_RCVTIMEO:
	case SO_SNDTIMEO: {
		struct timeval_u tv;
		if (len < (long)sizeof tv)
			return -EINVAL;
		if (copy_from_user(&tv, (const void *)uval, sizeof tv) < 0)
			return -EFAULT;
		if (tv.usec < 0 || tv.usec >= (int64_t)USEC_PER_SEC)
			return -EDOM;
		uint64_t ns = sock_timeout_ns(tv);
		*(name == SO_RCVTIMEO ? &s->rcvtimeo : &s->sndtimeo) = ns;
		return 0;
	}
	}
	return 0; /* SO_REUSEADDR, SO_KEEPALIVE, SO_PASSSEC, ...: accepted, no meaning here */
}

long unix_sys_getsockopt(struct usock *s, long level, long name, long uval, long ulen)
{
	int32_t len;
	if (copy_from_user(&len, (const void *)ulen, 4) < 0)
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	int v;
	switch (name) {
	case SO_TYPE: v = s->type; break;
	case SO_ERROR:
		v = s->err;
		s->err = 0;
		break;
	case SO_PASSCRED: v = s->passcred; break;
	case SO_SNDBUF: v = s->sndbuf * 2; break;
	case SO_RCVBUF: v = s->rcvbuf * 2; break;
	case SO_ACCEPTCONN: v = s->state == US_LISTENING; break;
	case SO_DOMAIN: v = AF_UNIX; break;
	case SO_PROTOCOL: v = 0; break;
	case SO_REUSEADDR: v = 0; break;
	case SO_PEERCRED: {
		struct ucred_linux c = {0, (uint32_t)-1, (uint32_t)-1};
		if (s->state == US_CONNECTED || s->state == US_LISTENING)
			c = s->peercred;
		len = MIN(len, (int32_t)sizeof c);
		if (copy_to_user((void *)uval, &c, (size_t)len) < 0 ||
		    copy_to_user((void *)ulen, &len, 4) < 0)
			return -EFAULT;
		return 0;
	}
	case SO_RCVTIMEO:
	case SO_SNDTIMEO: {
		uint64_t ns = name == SO_RCVTIMEO ? s->rcvtimeo : s->sndtimeo;
		struct timeval_u tv = ns_to_timeval(ns);
		len = MIN(len, (int32_t)sizeof tv);
		if (copy_to_user((void *)uval, &tv, (size_t)len) < 0 ||
		    copy_to_user((void *)ulen, &len, 4) < 0)
			return -EFAULT;
		return 0;
	}
	default: return -ENOPROTOOPT;
	}
	len = MIN(len, 4);
	if (copy_to_user((void *)uval, &v, (size_t)len) < 0 ||
	    copy_to_user((void *)ulen, &len, 4) < 0)
		return -EFAULT;
	return 0;
}
