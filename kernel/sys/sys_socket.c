/*
 * sys_socket.c — the socket system calls (Linux x86-64 numbers 41-55,
 * 288) and the socket as a file: fd table entry, read/write/poll/close.
 *
 * AF_INET and AF_INET6 stream and datagram sockets (net/tcp.c, net/udp.c;
 * addresses in sys_socket_addr.c) and AF_UNIX (net/unix.c, via
 * sys_socket_unix.c).
 * AF_NETLINK fails with EAFNOSUPPORT, which makes glibc and musl fall
 * back to reading /etc files. Options, names and message calls are in
 * sys_socket_msg.c.
 *
 * Every entry takes interrupts-off for granted (syscalls run with IF
 * clear), which is also what keeps lwIP single-threaded (net/net.h).
 */
#include "sys_socket.h"
#include "../fs/fs.h"
#include "../net/net.h"
#include "../net/socket.h"
#include "../net/unix.h"

/* lwIP's err_t -> negative Linux errno (lwip/err.h meanings). */
int sock_err_from_lwip(err_t e)
{
	switch (e) {
	case ERR_OK: return 0;
	case ERR_MEM:
	case ERR_BUF: return -ENOBUFS;
	case ERR_TIMEOUT: return -ETIMEDOUT;
	case ERR_RTE: return -EHOSTUNREACH;
	case ERR_INPROGRESS: return -EINPROGRESS;
	case ERR_WOULDBLOCK: return -EAGAIN;
	case ERR_USE: return -EADDRINUSE;
	case ERR_ALREADY: return -EALREADY;
	case ERR_ISCONN: return -EISCONN;
	case ERR_CONN: return -ENOTCONN;
	case ERR_ABRT: return -ECONNABORTED;
	case ERR_RST: return -ECONNRESET;
	case ERR_CLSD: return -ENOTCONN;
	case ERR_ARG:
	case ERR_VAL: return -EINVAL;
	default: return -EIO;
	}
}

struct sock *sock_new(int family, int type)
{
	struct sock *s = kzalloc(sizeof *s);
	if (!s)
		return NULL;
	s->family = family;
	s->type = type;
	waitq_init(&s->wq);
	s->rcvbuf = s->sndbuf = TCP_WND;
	return s;
}

void sock_free(struct sock *s)
{
	kfree(s);
}

void sock_wake(struct sock *s)
{
	s->wakes++;
	waitq_wake_all(&s->wq);
	poll_notify();
}

int sock_block(struct sock *s, bool nonblock, uint64_t deadline)
{
	uint32_t wakes = s->wakes;
	net_flush(); /* what we sent ourselves may be what we wait for */
	if (s->wakes != wakes)
		return 0; /* it may have come (a loopback handshake): the caller re-checks */
	if (nonblock)
		return -EAGAIN;
	s->waiters++;
	int r = waitq_wait(&s->wq, deadline);
	s->waiters--;
	if (s->dead) {
		if (!s->waiters)
			sock_free(s);
		return -EBADF;
	}
	if (r == -EINTR || r == -EBADF) /* EBADF: another thread closed the fd */
		return r;
	return r == -ETIMEDOUT ? -EAGAIN : 0;
}

uint64_t sock_deadline(uint64_t timeo_ns)
{
	return timeo_ns ? time_monotonic_ns() + timeo_ns : 0;
}

static bool nonblocking(struct file *f)
{
	return (f->flags & O_NONBLOCK) != 0;
}

static ssize_t sock_read(struct file *f, void *ubuf, size_t len)
{
	struct sock *s = f->priv;
	if (s->type == SOCK_STREAM) {
		ssize_t r = tcp_sock_recv(s, ubuf, len, 0, nonblocking(f), true);
		net_flush(); /* window updates */
		return r;
	}
	struct sock_iov iov = {ubuf, len};
	ip_addr_t a;
	uint16_t p;
	size_t full;
	return udp_sock_recv(s, &iov, 1, 0, nonblocking(f), &a, &p, &full);
}

static ssize_t sock_write(struct file *f, const void *src, size_t len, bool user)
{
	struct sock *s = f->priv;
	struct sock_iov iov = {(void *)src, len};
	ssize_t r = s->type == SOCK_STREAM ? tcp_sock_send(s, src, len, 0, nonblocking(f), user)
					   : udp_sock_send(s, &iov, 1, false, NULL, 0, user);
	net_flush();
	return r;
}

static int sock_poll(struct file *f, int events)
{
	struct sock *s = f->priv;
	return s->type == SOCK_STREAM ? tcp_sock_poll(s) : udp_sock_poll(s);
}

/* The last close, once no call holds the file (include/held.h: a close
 * from another thread wakes a blocked call with EBADF first). A thread
 * still blocked on the socket anyway is woken with EBADF and frees it on
 * its way out. */
static void sock_release(struct file *f)
{
	struct sock *s = f->priv;
	if (s->type == SOCK_STREAM)
		tcp_sock_close(s);
	else
		udp_sock_close(s);
	if (s->waiters) {
		s->dead = true;
		waitq_wake_all(&s->wq);
	} else {
		sock_free(s);
	}
	f->priv = NULL;
	net_flush(); /* a FIN or RST to ourselves */
}

#define SIOCINQ	 0x541B /* FIONREAD */
#define SIOCOUTQ 0x5411 /* TIOCOUTQ */

/* FIONREAD (SIOCINQ) and TIOCOUTQ (SIOCOUTQ: 0, lwIP sends at once). */
long sock_ioctl(struct file *f, unsigned long req, long arg)
{
	struct usock *u = unix_of(f);
	if (req != SIOCINQ && req != SIOCOUTQ)
		return -ENOTTY;
	int v = 0;
	if (req == SIOCINQ && u) {
		v = unix_inq(u);
	} else if (req == SIOCINQ) {
		v = (int)MIN(sock_rx_queued(f->priv), (size_t)INT32_MAX);
	}
	return copy_to_user((void *)arg, &v, sizeof v) < 0 ? -EFAULT : 0;
}

static const struct file_ops sock_ops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.release = sock_release,
	.ioctl = sock_ioctl,
};

/* For splice: reads a stream socket (or a unix socket) into kernel
 * memory, blocking unless the file is O_NONBLOCK. -EINVAL for others. */
ssize_t sock_read_kernel(struct file *f, void *buf, size_t len)
{
	struct usock *u = unix_of(f);
	bool nb = nonblocking(f);
	if (u) {
		struct sock_iov iov = {buf, len};
		size_t full;
		return unix_recv(u, &iov, 1, 0, nb, NULL, NULL, &full, false);
	}
	if (f->ops != &sock_ops || ((struct sock *)f->priv)->type != SOCK_STREAM)
		return -EINVAL;
	net_poll();
	ssize_t r = tcp_sock_recv(f->priv, buf, len, 0, nb, false);
	net_flush();
	return r;
}

/* Wraps s in an open file and an fd. On failure s is freed too. */
int sock_install(struct sock *s, int flags)
{
	struct node *n = node_new(NULL, "socket", 6, S_IFSOCK | 0777, FS_PIPE);
	struct file *f = NULL;
	int r = n ? 0 : -ENOMEM;
	if (n) {
		node_get(n);
		r = file_open_node(n, O_RDWR | (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0), &f);
		node_put(n);
	}
	if (r == 0) {
		f->flags &= ~(uint32_t)O_LARGEFILE;
		f->ops = &sock_ops;
		f->priv = s;
		r = fd_install(f, 0, (flags & SOCK_CLOEXEC) != 0);
		if (r < 0)
			file_put(f); /* releases s */
		return r;
	}
	if (s->type == SOCK_STREAM)
		tcp_sock_close(s);
	else
		udp_sock_close(s);
	sock_free(s);
	return r;
}

struct sock *sock_get(long fd, int *err)
{
	struct file *f = fd_get((int)fd);
	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (f->ops != &sock_ops) {
		*err = -ENOTSOCK;
		return NULL;
	}
	return f->priv;
}

/* A closed fd (another thread's close while this call slept) never blocks. */
bool sock_fd_nonblock(long fd)
{
	struct file *f = fd_get((int)fd);
	return !f || nonblocking(f);
}

long sys_socket(long domain, long type, long protocol, long a3, long a4, long a5)
{
	if (domain != AF_INET && domain != AF_INET6 && domain != AF_UNIX)
		return -EAFNOSUPPORT;
	if (type & ~(long)(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (domain == AF_UNIX)
		return unix_sys_socket(type, protocol);
	int t = (int)(type & SOCK_TYPE_MASK);
	if (t != SOCK_STREAM && t != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol && !(t == SOCK_STREAM && protocol == 6) &&
	    !(t == SOCK_DGRAM && protocol == 17))
		return -EPROTONOSUPPORT;
	struct sock *s = sock_new((int)domain, t);
	if (!s)
		return -ENOMEM;
	int r = t == SOCK_STREAM ? tcp_sock_open(s) : udp_sock_open(s);
	if (r) {
		sock_free(s);
		return r;
	}
	return sock_install(s, (int)type);
}

long sys_bind(long fd, long uaddr, long len, long a3, long a4, long a5)
{
	struct usock *u = unix_of(fd_get((int)fd));
	if (u)
		return unix_sys_bind(u, uaddr, len);
	int err = 0;
	struct sock *s = sock_get(fd, &err);
	if (!s)
		return err;
	ip_addr_t addr;
	uint16_t port;
	int r = sockaddr_from_user(s, uaddr, len, &addr, &port);
	if (r)
		return r;
	net_poll();
	return s->type == SOCK_STREAM ? tcp_sock_bind(s, &addr, port)
				      : udp_sock_bind(s, &addr, port);
}

long sys_listen(long fd, long backlog, long a2, long a3, long a4, long a5)
{
	struct usock *u = unix_of(fd_get((int)fd));
	if (u)
		return unix_sys_listen(u, backlog);
	int err = 0;
	struct sock *s = sock_get(fd, &err);
	if (!s)
		return err;
	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	return tcp_sock_listen(s, (int)backlog);
}

long sys_accept4(long fd, long uaddr, long ulen, long flags, long a4, long a5)
{
	struct usock *u = unix_of(fd_get((int)fd));
	if (u)
		return flags & ~(long)(SOCK_NONBLOCK | SOCK_CLOEXEC)
			       ? -EINVAL
			       : unix_sys_accept4(u, fd, uaddr, ulen, flags);
	int err = 0;
	struct sock *s = sock_get(fd, &err);
	if (!s)
		return err;
	if (flags & ~(long)(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	net_poll();
	struct sock *c;
	int r = tcp_sock_accept(s, sock_fd_nonblock(fd), &c);
	if (r)
		return r;
	ip_addr_t addr = *IP4_ADDR_ANY;
	uint16_t port = 0;
	sock_pcb_name(c, true, &addr, &port);
	int nfd = sock_install(c, (int)flags);
	if (nfd < 0)
		return nfd;
	if (sockaddr_to_user(c, uaddr, ulen, &addr, port) < 0)
		return -EFAULT; /* Linux too keeps the new fd in this case */
	return nfd;
}

long sys_accept(long fd, long uaddr, long ulen, long a3, long a4, long a5)
{
	return sys_accept4(fd, uaddr, ulen, 0, 0, 0);
}

long sys_connect(long fd, long uaddr, long len, long a3, long a4, long a5)
{
	struct usock *u = unix_of(fd_get((int)fd));
	if (u)
		return unix_sys_connect(u, fd, uaddr, len);
	int err = 0;
	struct sock *s = sock_get(fd, &err);
	if (!s)
		return err;
	ip_addr_t addr;
	uint16_t port;
	int r = sockaddr_from_user(s, uaddr, len, &addr, &port);
	if (r)
		return r;
	net_poll();
	if (s->type == SOCK_DGRAM)
		return udp_sock_connect(s, &addr, port);
	r = tcp_sock_connect(s, &addr, port, sock_fd_nonblock(fd));
	net_flush();
	return r;
}

long sys_shutdown(long fd, long how, long a2, long a3, long a4, long a5)
{
	struct usock *u = unix_of(fd_get((int)fd));
	if (u)
		return unix_sys_shutdown(u, how);
	int err = 0;
	struct sock *s = sock_get(fd, &err);
	if (!s)
		return err;
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	if (s->type == SOCK_STREAM) {
		int r = tcp_sock_shutdown(s, (int)how);
		net_flush();
		return r;
	}
	if (!s->udp_connected)
		return -ENOTCONN;
	s->shut_rd |= how != SHUT_WR;
	sock_wake(s);
	return 0;
}

long sys_socketpair(long domain, long type, long protocol, long sv, long a4, long a5)
{
	if (domain != AF_UNIX)
		return domain == AF_INET || domain == AF_INET6 ? -EOPNOTSUPP : -EAFNOSUPPORT;
	if (type & ~(long)(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	return unix_sys_socketpair(type, protocol, sv);
}
