/*
 * sys_socket_msg.c — sendto/recvfrom/sendmsg/recvmsg and socket names
 * (options are in sys_socket_opt.c).
 *
 * struct msghdr (Linux x86-64, include/linux/socket.h): name (8),
 * namelen (4 + pad), iov (8), iovlen (8), control (8), controllen (8),
 * flags (4 + pad) = 56 bytes. AF_INET/AF_INET6 sockets neither produce
 * nor consume ancillary data (controllen comes back 0); AF_UNIX sockets
 * go to sys_socket_unix.c, which does. msg_in is the one place a socket
 * call reads a user iovec array.
 */
#include "sys_socket.h"
#include "../fs/fs.h"
#include "../net/net.h"
#include "../net/socket.h"
#include "../net/unix.h"
#include "syscall.h"
#include "iov.h"

struct msghdr_linux {
	uint64_t name;
	uint32_t namelen, pad0;
	uint64_t iov, iovlen, control, controllen;
	int32_t flags, pad1;
};

static int sigpipe_if(long r, long flags)
{
	if (r == -EPIPE && !(flags & MSG_NOSIGNAL))
		signal_sigpipe();
	return 0;
}

static ssize_t do_send(struct sock *s, long fd, struct sock_iov *iov, int cnt, long flags,
		       bool has_to, const ip_addr_t *addr, uint16_t port)
{
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
		       ip_addr_t *addr, uint16_t *port, int *oflags)
{
	net_poll();
	*oflags = 0;
	if (s->type == SOCK_DGRAM) {
		size_t full;
		ssize_t r = udp_sock_recv(s, iov, cnt, (int)flags, sock_fd_nonblock(fd), addr, port,
					  &full);
		if (r >= 0 && full > (size_t)r) {
			*oflags |= MSG_TRUNC;
			if (flags & MSG_TRUNC)
				r = (ssize_t)full;
		}
		return r;
	}
	*addr = *IP4_ADDR_ANY;
	*port = 0;
	sock_pcb_name(s, true, addr, port);
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

long sys_sendto(long fd, long ubuf, long len, long flags, long uaddr, long alen)
{
	struct usock *u = unix_of(fd_get((int)fd));
	if (u) {
		struct sock_iov v = {(void *)ubuf, (size_t)len};
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
	struct uio_seg seg;
	if ((err = iov_single(ubuf, (size_t)len, &seg)))
		return err;
	struct sock_iov iov = {seg.base, seg.len};
	long r = do_send(s, fd, &iov, 1, flags, has_to, &addr, port);
	net_flush();
	sigpipe_if(r, flags);
	return r;
}

long sys_recvfrom(long fd, long ubuf, long len, long flags, long uaddr, long ulen)
{
	struct usock *u = unix_of(fd_get((int)fd));
	if (u) {
		struct sock_iov v = {(void *)ubuf, (size_t)len};
		int of;
		return unix_sys_recv(u, fd, &v, 1, flags, uaddr, ulen, 0, NULL, &of);
	}
	int err = 0;
	struct sock *s = sock_get(fd, &err);
	if (!s)
		return err;
	struct uio_seg seg;
	if ((err = iov_single(ubuf, (size_t)len, &seg)))
		return err;
	struct sock_iov iov = {seg.base, seg.len};
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
static int msg_in(long umsg, struct msghdr_linux *m, struct sock_iov **iov)
{
	if (copy_from_user(m, (const void *)umsg, sizeof *m) < 0)
		return -EFAULT;
	if (m->iovlen > UIO_MAXIOV)
		return -EMSGSIZE; /* Linux: EMSGSIZE here, EINVAL for readv */
	/* The segments are checked by iov_import (sys/iov.c) as for
     * readv/writev, so their total fits. */
	struct uio_seg *v;
	ssize_t r = iov_import((long)m->iov, (long)m->iovlen, &v);
	if (r < 0)
		return (int)r;
	*iov = kmalloc(MAX(m->iovlen, 1) * sizeof **iov);
	if (!*iov) {
		kfree(v);
		return -ENOMEM;
	}
	for (uint64_t i = 0; i < m->iovlen; i++) {
		(*iov)[i].base = v[i].base;
		(*iov)[i].len = v[i].len;
	}
	kfree(v);
	return 0;
}

long sys_sendmsg(long fd, long umsg, long flags, long a3, long a4, long a5)
{
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
			 struct sock_iov *iov, long flags)
{
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

long sys_recvmsg(long fd, long umsg, long flags, long a3, long a4, long a5)
{
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

static void names(struct sock *s, bool peer, ip_addr_t *addr, uint16_t *port)
{
	sock_any(s, addr);
	*port = 0;
	sock_pcb_name(s, peer, addr, port);
}

long sys_getsockname(long fd, long uaddr, long ulen, long a3, long a4, long a5)
{
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

long sys_getpeername(long fd, long uaddr, long ulen, long a3, long a4, long a5)
{
	struct usock *u = unix_of(fd_get((int)fd));
	if (u)
		return unix_sys_name(u, true, uaddr, ulen);
	int err = 0;
	struct sock *s = sock_get(fd, &err);
	if (!s)
		return err;
	bool connected =
		s->type == SOCK_STREAM ? s->state == SS_CONNECTED && s->tcp : s->udp_connected;
	if (!connected)
		return -ENOTCONN;
	ip_addr_t addr;
	uint16_t port;
	names(s, true, &addr, &port);
	return sockaddr_to_user(s, uaddr, ulen, &addr, port);
}
