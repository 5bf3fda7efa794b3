/*
 * unix.c — AF_UNIX sockets: lifetime, listen/connect/accept, socketpair,
 * shutdown, readiness, and the socket as a file (unix.h has the model;
 * unix_name.c the names and bind; unix_io.c the data path).
 */
#include "unix.h"
#include "socket.h"
#include "../fs/fs.h"
#include "../include/wait.h"

#define UNIX_BACKLOG_MAX 4096

static struct waitq unix_wq = WAITQ_INIT;
static struct usock *all; /* every live socket */

struct usock *unix_first(void)
{
	return all;
}

void unix_changed(void)
{
	waitq_wake_all(&unix_wq);
	poll_notify();
}

struct ucred_linux unix_cred_now(void)
{
	struct ucred_linux c = {1, 0, 0}; /* the one process: pid 1, root (sys_proc.c) */
	return c;
}

struct usock *unix_new(int type)
{
	struct usock *s = kzalloc(sizeof *s);
	if (!s)
		return NULL;
	s->type = type;
	s->refs = 1;
	s->sndbuf = s->rcvbuf = 212992 / 2; /* reported doubled: Linux's default 208 KiB */
	s->all_next = all;
	all = s;
	return s;
}

void unix_get(struct usock *s)
{
	s->refs++;
}

void unix_put(struct usock *s)
{
	if (--s->refs)
		return;
	for (struct usock **pp = &all; *pp; pp = &(*pp)->all_next)
		if (*pp == s) {
			*pp = s->all_next;
			break;
		}
	while (s->rq) {
		struct umsg *m = s->rq;
		s->rq = m->next;
		unix_msg_free(m);
	}
	if (s->node)
		node_put(s->node);
	kfree(s);
}

int unix_wait(struct usock *s, bool nonblock, uint64_t deadline)
{
	if (nonblock)
		return -EAGAIN;
	unix_get(s);
	int r = waitq_wait(&unix_wq, deadline);
	bool closed = s->closed;
	unix_put(s);
	if (closed)
		return -EBADF;
	return r == -EINTR ? -EINTR : r == -ETIMEDOUT ? -EAGAIN : 0;
}

/* The end of a socket (its file's last close, or an unaccepted
 * connection dropped with its listener): peers see EOF (ECONNRESET if
 * we drop unread data), datagram sockets connected to us lose us. */
static void unix_release(struct usock *s, bool embryo)
{
	s->closed = true;
	s->bound = false;
	while (s->acq) {
		struct usock *e = s->acq;
		s->acq = e->acq_next;
		unix_release(e, true);
	}
	s->acq_tail = NULL;
	s->acq_len = 0;
	for (struct usock *x = all; x; x = x->all_next) {
		if (x->peer != s)
			continue;
		x->peer = NULL;
		if (x->type == SOCK_DGRAM) {
			x->refused = true;
		} else {
			x->shut_rd = x->shut_wr = true;
			if (s->rq || embryo)
				x->err = ECONNRESET;
		}
	}
	s->peer = NULL;
	unix_changed();
	unix_put(s);
}

static ssize_t ufile_read(struct file *f, void *ubuf, size_t len)
{
	struct sock_iov iov = {ubuf, len};
	size_t full;
	return unix_recv(f->priv, &iov, 1, 0, (f->flags & O_NONBLOCK) != 0, NULL, NULL, &full,
			 true);
}

static ssize_t ufile_write(struct file *f, const void *src, size_t len, bool user)
{
	struct sock_iov iov = {(void *)src, len};
	return unix_send(f->priv, &iov, 1, 0, (f->flags & O_NONBLOCK) != 0, NULL, NULL, user);
}

static int ufile_poll(struct file *f, int events)
{
	return unix_poll(f->priv);
}

static void ufile_release(struct file *f)
{
	unix_release(f->priv, false);
	f->priv = NULL;
}

static const struct file_ops unix_ops = {
	.read = ufile_read,
	.write = ufile_write,
	.poll = ufile_poll,
	.release = ufile_release,
	.ioctl = sock_ioctl,
};

struct usock *unix_of(struct file *f)
{
	return f && f->ops == &unix_ops ? f->priv : NULL;
}

int unix_install(struct usock *s, int flags)
{
	struct node *n = node_new(NULL, "socket", 6, S_IFSOCK | 0777, FS_PIPE);
	struct file *f = NULL;
	int r = n ? 0 : -ENOMEM;
	if (n) {
		node_get(n);
		r = file_open_node(n, O_RDWR | (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0), &f);
		node_put(n);
	}
	if (r) {
		unix_release(s, false);
		return r;
	}
	f->flags &= ~(uint32_t)O_LARGEFILE;
	f->ops = &unix_ops;
	f->priv = s;
	r = fd_install(f, 0, (flags & SOCK_CLOEXEC) != 0);
	if (r < 0)
		file_put(f); /* releases s */
	return r;
}

int unix_listen(struct usock *s, int backlog)
{
	if (s->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	if (s->state == US_CONNECTED || !s->bound)
		return -EINVAL;
	s->backlog = backlog < 1 ? 1 : backlog > UNIX_BACKLOG_MAX ? UNIX_BACKLOG_MAX : backlog;
	s->state = US_LISTENING;
	s->peercred = unix_cred_now();
	unix_changed();
	return 0;
}

int unix_accept(struct usock *s, bool nonblock, struct usock **out)
{
	if (s->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	if (s->state != US_LISTENING)
		return -EINVAL;
	uint64_t deadline = sock_deadline(s->rcvtimeo);
	while (!s->acq) {
		int r = unix_wait(s, nonblock, deadline);
		if (r)
			return r;
	}
	struct usock *e = s->acq;
	s->acq = e->acq_next;
	if (!s->acq)
		s->acq_tail = NULL;
	s->acq_len--;
	e->acq_next = NULL;
	*out = e;
	unix_changed();
	return 0;
}

static void link_pair(struct usock *a, struct usock *b)
{
	a->peer = b;
	b->peer = a;
	a->state = b->state = US_CONNECTED;
	a->peer_addr = b->addr;
	b->peer_addr = a->addr;
}

int unix_connect(struct usock *s, const struct unix_addr *a, bool nonblock)
{
	int err;
	if (s->type == SOCK_DGRAM) {
		if (a->len == 0) { /* AF_UNSPEC-like: disconnect */
			s->peer = NULL;
			s->state = US_NEW;
			return 0;
		}
		struct usock *t = unix_lookup(a, s->type, &err);
		if (!t)
			return err;
		s->peer = t;
		s->peer_addr = t->addr;
		s->refused = false;
		s->state = US_CONNECTED;
		return 0;
	}
	if (s->state == US_CONNECTED)
		return -EISCONN;
	if (s->state == US_LISTENING)
		return -EINVAL;
	uint64_t deadline = sock_deadline(s->sndtimeo);
	for (;;) {
		struct usock *l = unix_lookup(a, s->type, &err);
		if (!l)
			return err;
		if (l->state != US_LISTENING)
			return -ECONNREFUSED;
		if (l->acq_len < l->backlog)
			break;
		int r = unix_wait(s, nonblock, deadline);
		if (r)
			return r;
		if (s->state != US_NEW)
			return s->state == US_CONNECTED ? -EISCONN : -EINVAL;
	}
	struct usock *l = unix_lookup(a, s->type, &err);
	struct usock *e = unix_new(s->type);
	if (!e)
		return -ENOMEM;
	e->addr = l->addr;
	e->passcred = l->passcred;
	link_pair(s, e);
	s->peercred = l->peercred;
	e->peercred = unix_cred_now();
	if (l->acq_tail)
		l->acq_tail->acq_next = e;
	else
		l->acq = e;
	l->acq_tail = e;
	l->acq_len++;
	unix_changed();
	return 0;
}

int unix_pair(int type, struct usock **a, struct usock **b)
{
	*a = unix_new(type);
	*b = *a ? unix_new(type) : NULL;
	if (!*b) {
		if (*a)
			unix_put(*a);
		return -ENOMEM;
	}
	link_pair(*a, *b);
	(*a)->peercred = (*b)->peercred = unix_cred_now();
	return 0;
}

int unix_shutdown(struct usock *s, int how)
{
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	bool rd = how != SHUT_WR, wr = how != SHUT_RD;
	s->shut_rd |= rd;
	s->shut_wr |= wr;
	if (s->peer && s->type != SOCK_DGRAM) {
		s->peer->shut_rd |= wr;
		s->peer->shut_wr |= rd;
	}
	unix_changed();
	return 0;
}

/* Whether a sender may queue on t now (its queue below the limits). */
static bool has_room(const struct usock *t)
{
	return t->rq_bytes < (size_t)t->rcvbuf * 2 && t->rq_count < 512;
}

int unix_poll(struct usock *s)
{
	int ev = 0;
	if (s->state == US_LISTENING)
		return s->acq ? POLLIN : 0;
	if (s->rq || s->shut_rd || s->err)
		ev |= POLLIN;
	if (s->err)
		ev |= POLLERR;
	if (s->type == SOCK_DGRAM) {
		if (!s->peer || has_room(s->peer))
			ev |= POLLOUT;
		return ev;
	}
	if (s->state != US_CONNECTED)
		return ev | POLLOUT | POLLHUP;
	if (s->shut_wr || (s->peer && has_room(s->peer)) || !s->peer)
		ev |= POLLOUT;
	if (s->shut_rd && s->shut_wr)
		ev |= POLLHUP;
	return ev;
}

bool unix_has_room(const struct usock *t)
{
	return has_room(t);
}
