/*
 * sys_epoll.c — epoll_create, epoll_create1, epoll_ctl, epoll_wait,
 * epoll_pwait, epoll_pwait2, over fd_poll (fs/vfs.h) and poll_wait.
 *
 * An epoll instance is an fd (anon_fd_install) whose object is the
 * interest list: an array of (fd, open file, events, data). epoll_wait
 * checks every entry's readiness with fd_poll and, if none is ready,
 * blocks in poll_wait until some readiness may have changed (any
 * poll_notify), the timeout, or a signal. No callbacks into the files: a
 * re-check per notification, fine for one program's few hundred fds.
 *
 * Edge-triggered entries (EPOLLET) are reported when they show a bit they
 * did not show at their last report, or when anything was notified since
 * (poll_generation): a new edge is then possible, so a still-ready fd is
 * reported again — a harmless extra event for EPOLLET users, who read
 * until EAGAIN. EPOLLONESHOT disables an entry after one report until
 * EPOLL_CTL_MOD. An entry whose fd was closed (or now names another file)
 * is dropped, as Linux drops it with the file's last close.
 * Layout: struct epoll_event is packed on x86-64 (12 bytes).
 */
#include "syscall.h"
#include "../include/ktime.h"
#include "proc.h"
#include "../fs/fs.h"
#include "../include/wait.h"
#include "../sched/sched.h"

#define EPOLL_CTL_ADD  1
#define EPOLL_CTL_DEL  2
#define EPOLL_CTL_MOD  3
#define EPOLLERR       0x008
#define EPOLLHUP       0x010
#define EPOLLEXCLUSIVE (1U << 28)
#define EPOLLWAKEUP    (1U << 29)
#define EPOLLONESHOT   (1U << 30)
#define EPOLLET	       (1U << 31)
#define EPOLL_FLAGS    (EPOLLEXCLUSIVE | EPOLLWAKEUP | EPOLLONESHOT | EPOLLET)
#define EPOLL_CLOEXEC  02000000
#define EP_MAX_EVENTS  (0x7fffffff / 12) /* Linux's EP_MAX_EVENTS */

struct epoll_event_u {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));

struct epitem {
	int fd;
	struct file *file; /* the open file at EPOLL_CTL_ADD time */
	uint32_t events;   /* wanted | flags; 0 when a oneshot fired */
	uint64_t data;
	uint32_t last; /* bits at the last report (EPOLLET) */
	uint64_t gen;  /* poll_generation() at the last report */
};

struct epoll {
	struct epitem *items;
	int n, cap;
	int next;	     /* where the next scan starts: round robin */
	struct epoll *older; /* the list of all instances, for epoll_file_closed */
};

/* Every epoll instance, newest first (one program: a handful at most). */
static struct epoll *instances;

static const struct file_ops epoll_ops;

static struct epoll *epoll_of(long fd, long *err)
{
	struct file *f = fd_get((int)fd);
	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (f->ops != &epoll_ops) {
		*err = -EINVAL;
		return NULL;
	}
	return f->priv;
}

static struct epitem *find(struct epoll *ep, int fd)
{
	for (int i = 0; i < ep->n; i++)
		if (ep->items[i].fd == fd)
			return &ep->items[i];
	return NULL;
}

static void drop(struct epoll *ep, struct epitem *it)
{
	*it = ep->items[--ep->n];
}

/* The readiness of one entry to report now, 0 for none. Depth guards
 * against an epoll fd that (indirectly) contains itself. */
static int depth;
static uint32_t ready_bits(struct epitem *it)
{
	uint32_t want = it->events & ~EPOLL_FLAGS;
	if (!it->events || depth > 4) /* a fired oneshot, or a loop */
		return 0;
	depth++;
	uint32_t r = (uint32_t)fd_poll(it->fd, (int)want) & (want | EPOLLERR | EPOLLHUP);
	depth--;
	return r;
}

/* One pass: fills up to max events (kernel buffer); returns the count. */
static int scan(struct epoll *ep, struct epoll_event_u *out, int max)
{
	int got = 0;
	uint64_t gen = poll_generation();
	for (int k = 0; k < ep->n && got < max; k++) {
		int i = (ep->next + k) % ep->n;
		struct epitem *it = &ep->items[i];
		if (fd_peek(it->fd) != it->file) { /* closed behind our back */
			drop(ep, it);
			k--;
			if (ep->n == 0)
				break;
			continue;
		}
		uint32_t r = ready_bits(it);
		if (!r) {
			it->last = 0;
			continue;
		}
		if ((it->events & EPOLLET) && !(r & ~it->last) && it->gen == gen)
			continue;
		it->last = r;
		it->gen = gen;
		out[got].events = r;
		out[got].data = it->data;
		got++;
		if (it->events & EPOLLONESHOT)
			it->events = 0;
	}
	if (ep->n)
		ep->next = (ep->next + 1) % ep->n;
	return got;
}

/*
 * The last reference to f is going (fs/file.c file_put): forget it in every
 * instance, as Linux does at a file's last close. Checking "is the fd still
 * this file" at scan time is not enough: the next open or accept may get the
 * same fd number and a struct file at the same freed address, and ADD would
 * then fail with EEXIST.
 */
void epoll_file_closed(struct file *f)
{
	for (struct epoll *ep = instances; ep; ep = ep->older) {
		for (int i = 0; i < ep->n; i++) {
			if (ep->items[i].file == f) {
				drop(ep, &ep->items[i]);
				i--;
			}
		}
	}
}

static ssize_t ep_read(struct file *f, void *ubuf, size_t len)
{
	return -EINVAL;
}
static ssize_t ep_write(struct file *f, const void *src, size_t len, bool user)
{
	return -EINVAL;
}

/* An epoll fd is readable when one of its entries is ready (nested epoll). */
static int ep_poll(struct file *f, int events)
{
	struct epoll *ep = f->priv;
	for (int i = 0; i < ep->n; i++)
		if (fd_peek(ep->items[i].fd) == ep->items[i].file && ready_bits(&ep->items[i]))
			return POLLIN;
	return 0;
}

static void ep_release(struct file *f)
{
	struct epoll *ep = f->priv;
	for (struct epoll **p = &instances; *p; p = &(*p)->older) {
		if (*p == ep) {
			*p = ep->older;
			break;
		}
	}
	kfree(ep->items);
	kfree(ep);
	f->priv = NULL;
}

static const struct file_ops epoll_ops = {
	.read = ep_read,
	.write = ep_write,
	.poll = ep_poll,
	.release = ep_release,
};

long sys_epoll_create1(long flags, long b, long c, long d, long e, long f)
{
	if (flags & ~(long)EPOLL_CLOEXEC)
		return -EINVAL;
	struct epoll *ep = kzalloc(sizeof *ep);
	if (!ep)
		return -ENOMEM;
	long fd = anon_fd_install("[eventpoll]", &epoll_ops, ep, 0, flags & EPOLL_CLOEXEC);
	if (fd >= 0) {
		ep->older = instances;
		instances = ep;
	}
	return fd;
}

long sys_epoll_create(long size, long b, long c, long d, long e, long f)
{
	return size <= 0 ? -EINVAL : sys_epoll_create1(0, 0, 0, 0, 0, 0);
}

long sys_epoll_ctl(long epfd, long op, long fd, long uevent, long e, long f)
{
	long err = 0;
	struct epoll *ep = epoll_of(epfd, &err);
	if (!ep)
		return err;
	struct file *target = fd_get((int)fd);
	if (!target)
		return -EBADF;
	if (fd == epfd)
		return -EINVAL;
	if (!target->ops && (S_ISREG(target->node->mode) || S_ISDIR(target->node->mode)))
		return -EPERM; /* always ready: Linux refuses them */
	struct epoll_event_u ev = {0, 0};
	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, (const void *)uevent, sizeof ev))
		return -EFAULT;
	struct epitem *it = find(ep, (int)fd);
	if (it && it->file != target) { /* a stale entry for a reused fd number */
		drop(ep, it);
		it = NULL;
	}
	switch (op) {
	case EPOLL_CTL_ADD:
		if (it)
			return -EEXIST;
		if (ep->n == ep->cap) {
			int cap = ep->cap ? ep->cap * 2 : 8;
			struct epitem *n = krealloc(ep->items, (size_t)cap * sizeof *n);
			if (!n)
				return -ENOMEM;
			ep->items = n;
			ep->cap = cap;
		}
		ep->items[ep->n++] = (struct epitem){(int)fd, target, ev.events, ev.data, 0, 0};
		break;
	case EPOLL_CTL_MOD:
		if (!it)
			return -ENOENT;
		it->events = ev.events;
		it->data = ev.data;
		it->last = 0;
		break;
	case EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		drop(ep, it);
		break;
	default: return -EINVAL;
	}
	poll_notify(); /* a waiter in epoll_wait re-checks the new list */
	return 0;
}

/* Waits for events; sigmask (if any) replaces the thread's mask for the
 * wait, and stays in effect for a handler the wait is interrupted by. */
static long do_wait(long epfd, long uevents, long max, uint64_t timeout_ns, bool forever,
		    long usigmask, long sigsetsize)
{
	long err = 0;
	struct epoll *ep = epoll_of(epfd, &err);
	if (!ep)
		return err;
	if (max <= 0 || max > EP_MAX_EVENTS)
		return -EINVAL;
	if ((err = signal_wait_mask_begin(usigmask, sigsetsize)))
		return err;
	int chunk = (int)MIN(max, 64L);
	struct epoll_event_u buf[64];
	uint64_t deadline = time_monotonic_ns() + timeout_ns; /* clamped (ktime.h) */
	long ret;
	for (;;) {
		int got = scan(ep, buf, chunk);
		if (got || (!forever && !timeout_ns)) {
			ret = copy_to_user((void *)uevents, buf, (size_t)got * sizeof buf[0])
				      ? -EFAULT
				      : got;
			break;
		}
		int r = poll_wait(forever ? 0 : deadline);
		if (r == -ETIMEDOUT) {
			ret = 0;
			break;
		}
		if (r) { /* -EINTR, or -EBADF: epfd closed by another thread (ep stays held) */
			ret = r;
			break;
		}
	}
	signal_wait_mask_end(usigmask, ret);
	return ret;
}

long sys_epoll_wait(long epfd, long uevents, long max, long timeout_ms, long e, long f)
{
	int t = (int)timeout_ms;
	return do_wait(epfd, uevents, max, t > 0 ? (uint64_t)t * 1000000 : 0, t < 0, 0, 0);
}

long sys_epoll_pwait(long epfd, long uevents, long max, long timeout_ms, long usig, long size)
{
	int t = (int)timeout_ms;
	return do_wait(epfd, uevents, max, t > 0 ? (uint64_t)t * 1000000 : 0, t < 0, usig, size);
}

long sys_epoll_pwait2(long epfd, long uevents, long max, long uts, long usig, long size)
{
	uint64_t ns = 0;
	if (uts) {
		long err = timespec_from_user(uts, &ns);
		if (err)
			return err;
	}
	return do_wait(epfd, uevents, max, ns, uts == 0, usig, size);
}
