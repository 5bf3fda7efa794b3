/*
 * sys_timerfd.c — timerfd_create, timerfd_settime, timerfd_gettime: a
 * timer behind an fd that reads as the number of expirations (Linux
 * fs/timerfd.c semantics, without TFD_TIMER_CANCEL_ON_SET: the wall clock
 * is never set here, so realtime deadlines are kept as monotonic ones).
 *
 * No callback runs when a timer expires: expirations are counted lazily
 * from the clock whenever the timer is read or polled. So that a thread
 * sleeping in poll/select/epoll_wait notices, poll_wait (sched/wait.c)
 * never sleeps past timerfd_next_deadline(); a blocked read waits on its
 * own queue with the timer's deadline.
 */
#include "syscall.h"
#include "../include/ktime.h"
#include "../fs/fs.h"
#include "../include/wait.h"

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_BOOTTIME		7
#define TFD_TIMER_ABSTIME	1
#define TFD_TIMER_CANCEL_ON_SET 2
#define TFD_NONBLOCK		04000
#define TFD_CLOEXEC		02000000

struct itimerspec_u {
	struct timespec_u interval, value;
}; /* struct itimerspec */

struct timerfd {
	int clock;
	uint64_t next;	   /* monotonic ns of the next expiry, 0: disarmed */
	uint64_t interval; /* ns, 0: one-shot */
	uint64_t ticks;	   /* expirations not yet read */
	struct waitq wq;
	struct timerfd *list_next;
};

static struct {
	struct timerfd *all; /* every open timerfd, irq-off */
} tfds;

/* Moves expired periods into ticks. */
static void update(struct timerfd *t)
{
	uint64_t now = time_monotonic_ns();
	if (!t->next || now < t->next)
		return;
	if (t->interval) {
		uint64_t k = (now - t->next) / t->interval + 1;
		t->ticks += k;
		t->next += k * t->interval;
	} else {
		t->ticks++;
		t->next = 0;
	}
}

/* The earliest future expiry of any armed timer (past ones are counted
 * first, so this never returns a deadline that has already passed). */
uint64_t timerfd_next_deadline(void)
{
	uint64_t best = 0;
	for (struct timerfd *t = tfds.all; t; t = t->list_next) {
		update(t);
		if (t->next && (!best || t->next < best))
			best = t->next;
	}
	return best;
}

static ssize_t tfd_read(struct file *f, void *ubuf, size_t len)
{
	struct timerfd *t = f->priv;
	if (len < 8)
		return -EINVAL;
	for (update(t); !t->ticks; update(t)) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int r = waitq_wait(&t->wq, t->next);
		if (r && r != -ETIMEDOUT) /* a signal, or the fd closed by another thread */
			return r;
	}
	if (copy_to_user(ubuf, &t->ticks, 8))
		return -EFAULT;
	t->ticks = 0;
	return 8;
}

static ssize_t tfd_write(struct file *f, const void *src, size_t len, bool user)
{
	return -EINVAL;
}

static int tfd_poll(struct file *f, int events)
{
	struct timerfd *t = f->priv;
	update(t);
	return t->ticks ? POLLIN : 0;
}

static void tfd_release(struct file *f)
{
	struct timerfd *t = f->priv;
	for (struct timerfd **p = &tfds.all; *p; p = &(*p)->list_next)
		if (*p == t) {
			*p = t->list_next;
			break;
		}
	kfree(t);
	f->priv = NULL;
}

static const struct file_ops timerfd_ops = {
	.read = tfd_read,
	.write = tfd_write,
	.poll = tfd_poll,
	.release = tfd_release,
};

long sys_timerfd_create(long clock, long flags, long c, long d, long e, long f)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
		return -EINVAL;
	if (flags & ~(long)(TFD_NONBLOCK | TFD_CLOEXEC))
		return -EINVAL;
	struct timerfd *t = kzalloc(sizeof *t);
	if (!t)
		return -ENOMEM;
	t->clock = (int)clock;
	waitq_init(&t->wq);
	int fd = anon_fd_install("[timerfd]", &timerfd_ops, t,
				 (flags & TFD_NONBLOCK) ? O_NONBLOCK : 0, flags & TFD_CLOEXEC);
	if (fd >= 0) {
		t->list_next = tfds.all;
		tfds.all = t;
	}
	return fd;
}

static struct timerfd *timerfd_of(long fd, long *err)
{
	struct file *f = fd_get((int)fd);
	*err = !f ? -EBADF : f->ops != &timerfd_ops ? -EINVAL : 0;
	return *err ? NULL : f->priv;
}

static void current_value(struct timerfd *t, struct itimerspec_u *out)
{
	update(t);
	uint64_t now = time_monotonic_ns(), left = t->next > now ? t->next - now : 0;
	out->interval = ns_to_timespec(t->interval);
	out->value = ns_to_timespec(t->next ? left : 0);
	if (t->next && !left)
		out->value.nsec = 1; /* armed and due: never report "disarmed" */
}

long sys_timerfd_settime(long fd, long flags, long unew, long uold, long e, long f)
{
	long err;
	struct timerfd *t = timerfd_of(fd, &err);
	if (!t)
		return err;
	if (flags & ~(long)(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	struct itimerspec_u nv, ov;
	if (copy_from_user(&nv, (const void *)unew, sizeof nv))
		return -EFAULT;
	uint64_t value, interval;
	if (timespec_to_ns(nv.value, &value) || timespec_to_ns(nv.interval, &interval))
		return -EINVAL;
	current_value(t, &ov);
	if (uold && copy_to_user((void *)uold, &ov, sizeof ov))
		return -EFAULT;
	uint64_t now = time_monotonic_ns();
	t->interval = interval; /* both clamped (ktime.h): sums below cannot wrap */
	t->ticks = 0;
	if (!value) {
		t->next = 0;
	} else if (flags & TFD_TIMER_ABSTIME) {
		uint64_t base = t->clock == CLOCK_REALTIME ? time_realtime_ns() : now;
		t->next = value > base ? now + (value - base) : now;
		if (!t->next)
			t->next = 1;
	} else {
		t->next = now + value;
	}
	waitq_wake_all(&t->wq);
	poll_notify(); /* pollers recompute how long they may sleep */
	return 0;
}

long sys_timerfd_gettime(long fd, long ucur, long c, long d, long e, long f)
{
	long err;
	struct timerfd *t = timerfd_of(fd, &err);
	if (!t)
		return err;
	struct itimerspec_u cur;
	current_value(t, &cur);
	return copy_to_user((void *)ucur, &cur, sizeof cur);
}
