/*
 * unix_io.c — the data path of AF_UNIX sockets (unix.h): send and
 * receive over the peer's message queue, and ancillary data.
 *
 * Stream: a write is cut into messages of at most 64 KiB queued on the
 * peer while its queue is below its limit (SO_RCVBUF doubled, 208 KiB by
 * default); a read takes bytes across messages, but stops before a
 * message that carries files and after one it delivered files from, as
 * Linux does, so descriptors arrive with the bytes sent alongside them.
 * Datagram and seqpacket: one message per send, one per receive, cut to
 * the reader's buffer (MSG_TRUNC). A datagram socket connected to another
 * only receives from it (EPERM for other senders), as on Linux.
 *
 * SCM_RIGHTS files travel as file references (f->refs) and become fds in
 * the receiver's table at recvmsg (MSG_CMSG_CLOEXEC honoured); files a
 * plain read, a short control buffer or a dropped message leave behind
 * are closed. SCM_CREDENTIALS: every message records the sender's
 * credentials (or those it passed), shown to a receiver with SO_PASSCRED.
 * A socket sent over itself and then closed stays alive (no garbage
 * collector for such cycles).
 */
#include "unix.h"
#include "socket.h"
#include "../fs/fs.h"

#define UNIX_CHUNK     65536
#define OPTMEM_MAX     20480 /* Linux: the control buffer's limit */
#define CMSG_ALIGN8(n) (((n) + 7) & ~(size_t)7)

struct cmsghdr_linux {
	uint64_t len;
	int32_t level, type;
};

static size_t iov_total(const struct sock_iov *iov, int cnt)
{
	size_t t = 0;
	for (int i = 0; i < cnt; i++)
		t += iov[i].len;
	return t;
}

/* Copies n bytes between buf and the iov, starting skip bytes into it. */
static int iov_copy(const struct sock_iov *iov, int cnt, size_t skip, char *buf, size_t n,
		    bool to_iov, bool user)
{
	for (int i = 0; i < cnt && n; i++) {
		if (skip >= iov[i].len) {
			skip -= iov[i].len;
			continue;
		}
		size_t k = MIN(iov[i].len - skip, n);
		char *u = (char *)iov[i].base + skip;
		int r = 0;
		if (!user)
			memcpy(to_iov ? u : buf, to_iov ? buf : u, k);
		else
			r = to_iov ? copy_to_user(u, buf, k) : copy_from_user(buf, u, k);
		if (r < 0)
			return -EFAULT;
		buf += k;
		n -= k;
		skip = 0;
	}
	return 0;
}

void unix_ctl_drop(struct unix_ctl *ctl)
{
	for (int i = 0; i < ctl->nfds; i++)
		file_put(ctl->fds[i]);
	kfree(ctl->fds);
	ctl->fds = NULL;
	ctl->nfds = 0;
}

void unix_msg_free(struct umsg *m)
{
	struct unix_ctl c = {m->fds, m->nfds, false, {0, 0, 0}};
	unix_ctl_drop(&c);
	kfree(m);
}

/* A message of n bytes from the iov (at skip), with ctl's files (taken). */
static struct umsg *msg_make(struct usock *s, const struct sock_iov *iov, int cnt, size_t skip,
			     size_t n, struct unix_ctl *ctl, bool user, int *err)
{
	struct umsg *m = kmalloc(sizeof *m + n);
	if (!m) {
		*err = -ENOMEM;
		return NULL;
	}
	memset(m, 0, sizeof *m);
	if ((*err = iov_copy(iov, cnt, skip, m->data, n, false, user))) {
		kfree(m);
		return NULL;
	}
	m->len = n;
	m->cred = ctl && ctl->has_cred ? ctl->cred : unix_cred_now();
	if (s->bound || s->addr.len)
		m->from = s->addr;
	if (ctl && ctl->nfds) {
		m->fds = ctl->fds;
		m->nfds = ctl->nfds;
		ctl->fds = NULL;
		ctl->nfds = 0;
	}
	return m;
}

static void enqueue(struct usock *t, struct umsg *m)
{
	if (t->rq_tail)
		t->rq_tail->next = m;
	else
		t->rq = m;
	t->rq_tail = m;
	t->rq_bytes += m->len;
	t->rq_count++;
	unix_changed();
}

static ssize_t dgram_send(struct usock *s, const struct sock_iov *iov, int cnt, size_t total,
			  bool nonblock, const struct unix_addr *to, struct unix_ctl *ctl,
			  bool user)
{
	if (total > (size_t)s->sndbuf * 2 - 32)
		return -EMSGSIZE;
	uint64_t deadline = sock_deadline(s->sndtimeo);
	struct usock *t;
	int err;
	for (;;) {
		if (s->shut_wr)
			return -EPIPE;
		if (to) {
			if (!(t = unix_lookup(to, SOCK_DGRAM, &err)))
				return err;
		} else if (s->refused) {
			s->refused = false;
			s->state = US_NEW;
			return -ECONNREFUSED;
		} else if (!(t = s->peer)) {
			return -ENOTCONN;
		}
		if (t->peer && t->peer != s)
			return -EPERM;
		if (t->shut_rd)
			return -EPIPE;
		if (unix_has_room(t))
			break;
		int r = unix_wait(s, nonblock, deadline);
		if (r)
			return r;
	}
	struct umsg *m = msg_make(s, iov, cnt, 0, total, ctl, user, &err);
	if (!m)
		return err;
	enqueue(t, m);
	return (ssize_t)total;
}

ssize_t unix_send(struct usock *s, const struct sock_iov *iov, int cnt, int flags, bool nonblock,
		  const struct unix_addr *to, struct unix_ctl *ctl, bool user)
{
	nonblock |= (flags & MSG_DONTWAIT) != 0;
	size_t total = iov_total(iov, cnt);
	if (s->type == SOCK_DGRAM)
		return dgram_send(s, iov, cnt, total, nonblock, to, ctl, user);
	if (to)
		return s->state == US_CONNECTED ? -EISCONN : -EOPNOTSUPP;
	if (s->state != US_CONNECTED)
		return -ENOTCONN;
	bool records = s->type == SOCK_SEQPACKET;
	if (records && total > (size_t)s->sndbuf * 2 - 32)
		return -EMSGSIZE;
	uint64_t deadline = sock_deadline(s->sndtimeo);
	size_t done = 0;
	for (;;) {
		if (s->shut_wr || !s->peer)
			return done ? (ssize_t)done : -EPIPE;
		if (done == total && (done || !records))
			return (ssize_t)done;
		struct usock *t = s->peer;
		if (!unix_has_room(t)) {
			if (done && nonblock)
				return (ssize_t)done;
			int r = unix_wait(s, nonblock, deadline);
			if (r)
				return done ? (ssize_t)done : r;
			continue;
		}
		size_t k = records ? total : MIN(total - done, (size_t)UNIX_CHUNK);
		int err;
		struct umsg *m = msg_make(s, iov, cnt, done, k, ctl, user, &err);
		if (!m)
			return done ? (ssize_t)done : err;
		enqueue(t, m);
		done += k;
		if (records)
			return (ssize_t)done;
	}
}

static void dequeue(struct usock *s)
{
	struct umsg *m = s->rq;
	s->rq = m->next;
	if (!s->rq)
		s->rq_tail = NULL;
	s->rq_count--;
	s->rq_bytes -= m->len - m->off;
	unix_msg_free(m);
}

/* Files and credentials of m go to ctl (the files only when taking). */
static void take_ctl(struct umsg *m, struct unix_ctl *ctl, bool take)
{
	if (!ctl)
		return;
	if (!ctl->has_cred) {
		ctl->cred = m->cred;
		ctl->has_cred = true;
	}
	if (take && m->nfds && !ctl->nfds) {
		ctl->fds = m->fds;
		ctl->nfds = m->nfds;
		m->fds = NULL;
		m->nfds = 0;
	}
}

static ssize_t record_recv(struct usock *s, const struct sock_iov *iov, int cnt, int flags,
			   struct unix_addr *from, struct unix_ctl *ctl, size_t *full, bool user)
{
	struct umsg *m = s->rq;
	size_t k = MIN(iov_total(iov, cnt), m->len);
	if (iov_copy(iov, cnt, 0, m->data, k, true, user) < 0)
		return -EFAULT;
	*full = m->len;
	if (from)
		*from = m->from;
	take_ctl(m, ctl, !(flags & MSG_PEEK));
	if (!(flags & MSG_PEEK)) {
		dequeue(s);
		unix_changed();
	}
	return (ssize_t)k;
}

ssize_t unix_recv(struct usock *s, const struct sock_iov *iov, int cnt, int flags, bool nonblock,
		  struct unix_addr *from, struct unix_ctl *ctl, size_t *full, bool user)
{
	nonblock |= (flags & MSG_DONTWAIT) != 0;
	if (ctl)
		memset(ctl, 0, sizeof *ctl);
	if (from)
		from->len = 0;
	if (s->state == US_LISTENING || (s->type != SOCK_DGRAM && s->state != US_CONNECTED))
		return -EINVAL;
	uint64_t deadline = sock_deadline(s->rcvtimeo);
	size_t want = iov_total(iov, cnt), done = 0;
	bool peek = (flags & MSG_PEEK) != 0;
	*full = 0;
	for (;;) {
		if (s->rq && s->type != SOCK_STREAM)
			return record_recv(s, iov, cnt, flags, from, ctl, full, user);
		bool stop = false;
		struct umsg *m = s->rq;
		size_t off = m ? m->off : 0;
		while (m && done < want && !stop) {
			if (done && m->nfds)
				break; /* files start a read of their own */
			size_t k = MIN(want - done, m->len - off);
			if (iov_copy(iov, cnt, done, m->data + off, k, true, user) < 0)
				return done ? (ssize_t)done : -EFAULT;
			if (from && !done)
				*from = m->from; /* the sender's name, as Linux reports it */
			done += k;
			stop = m->nfds != 0;
			take_ctl(m, ctl, !peek);
			if (peek) {
				m = m->next;
				off = m ? m->off : 0;
				continue;
			}
			m->off += k;
			s->rq_bytes -= k;
			if (m->off == m->len) {
				m->len = m->off = 0; /* already counted out of rq_bytes */
				dequeue(s);
			}
			m = s->rq;
			off = m ? m->off : 0;
		}
		if (done && !peek)
			unix_changed();
		*full = done;
		if (done == want || stop || (done && (!(flags & MSG_WAITALL) || peek)))
			return (ssize_t)done;
		if (s->err && !done) {
			int e = s->err;
			s->err = 0;
			return -e;
		}
		if (s->shut_rd)
			return (ssize_t)done;
		int r = unix_wait(s, nonblock, deadline);
		if (r)
			return done ? (ssize_t)done : r;
	}
}

int unix_inq(struct usock *s)
{
	if (s->type != SOCK_DGRAM) /* Linux sums seqpacket records too */
		return (int)MIN(s->rq_bytes, 0x7fffffffu);
	return s->rq ? (int)s->rq->len : 0;
}

int unix_ctl_from_user(uint64_t uctl, uint64_t len, struct unix_ctl *ctl)
{
	memset(ctl, 0, sizeof *ctl);
	if (len < sizeof(struct cmsghdr_linux))
		return 0;
	if (len > OPTMEM_MAX)
		return -ENOBUFS;
	char *buf = kmalloc(len);
	if (!buf)
		return -ENOMEM;
	int r = copy_from_user(buf, (const void *)uctl, len) < 0 ? -EFAULT : 0;
	for (size_t off = 0; !r && off + sizeof(struct cmsghdr_linux) <= len;) {
		struct cmsghdr_linux h;
		memcpy(&h, buf + off, sizeof h);
		if (h.len < sizeof h || h.len > len - off || h.level != 1 /* SOL_SOCKET */) {
			r = -EINVAL;
			break;
		}
		size_t n = (h.len - sizeof h) / 4;
		if (h.type == SCM_RIGHTS && n) {
			if (ctl->fds || n > SCM_MAX_FD ||
			    !(ctl->fds = kmalloc(n * sizeof *ctl->fds))) {
				r = ctl->fds ? -EINVAL : n > SCM_MAX_FD ? -EINVAL : -ENOMEM;
				break;
			}
			for (size_t i = 0; i < n && !r; i++) {
				int32_t fd;
				memcpy(&fd, buf + off + sizeof h + 4 * i, 4);
				struct file *f = fd_get(fd);
				if (!f) {
					r = -EBADF;
					break;
				}
				f->refs++; /* in flight */
				ctl->fds[ctl->nfds++] = f;
			}
		} else if (h.type == SCM_CREDENTIALS) {
			if (h.len != sizeof h + sizeof ctl->cred) {
				r = -EINVAL;
				break;
			}
			memcpy(&ctl->cred, buf + off + sizeof h, sizeof ctl->cred);
			ctl->has_cred = true; /* the one process is root: any values go */
		} else if (h.type != SCM_RIGHTS) {
			r = -EINVAL;
		}
		off += CMSG_ALIGN8(h.len);
	}
	kfree(buf);
	if (r)
		unix_ctl_drop(ctl);
	return r;
}

/* Appends one cmsg (level SOL_SOCKET) to the user's buffer, as Linux's
 * put_cmsg: MSG_CTRUNC when even the header and data do not fit. */
static int put_cmsg(uint64_t uctl, uint64_t cap, uint64_t *used, int type, const void *data,
		    size_t n, int *oflags)
{
	struct cmsghdr_linux h = {sizeof h + n, 1, type};
	if (cap - *used < h.len) {
		*oflags |= MSG_CTRUNC;
		return 0;
	}
	if (copy_to_user((void *)(uctl + *used), &h, sizeof h) < 0 ||
	    copy_to_user((void *)(uctl + *used + sizeof h), data, n) < 0)
		return -EFAULT;
	*used += MIN(CMSG_ALIGN8(h.len), cap - *used);
	return 0;
}

int unix_ctl_to_user(struct usock *s, struct unix_ctl *ctl, int flags, uint64_t uctl, uint64_t *len,
		     int *oflags)
{
	uint64_t cap = uctl ? *len : 0, used = 0;
	int r = 0;
	if (s->passcred && ctl->has_cred)
		r = put_cmsg(uctl, cap, &used, SCM_CREDENTIALS, &ctl->cred, sizeof ctl->cred,
			     oflags);
	if (!r && ctl->nfds) {
		uint64_t room =
			cap - used > sizeof(struct cmsghdr_linux) ? (cap - used - 16) / 4 : 0;
		int32_t fds[SCM_MAX_FD];
		int n = 0;
		for (; n < ctl->nfds && (uint64_t)n < room; n++) {
			int fd = fd_install(ctl->fds[n], 0, (flags & MSG_CMSG_CLOEXEC) != 0);
			if (fd < 0)
				break;
			fds[n] = fd;
		}
		if (n < ctl->nfds)
			*oflags |= MSG_CTRUNC;
		for (int i = n; i < ctl->nfds; i++)
			file_put(ctl->fds[i]);
		kfree(ctl->fds);
		ctl->fds = NULL;
		ctl->nfds = 0;
		if (n)
			r = put_cmsg(uctl, cap, &used, SCM_RIGHTS, fds, 4 * (size_t)n, oflags);
	}
	*len = used;
	return r;
}
