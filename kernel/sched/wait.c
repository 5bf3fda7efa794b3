/*
 * wait.c — wait.h: blocking, waking, deadlines, and poll's global queue.
 *
 * A blocked thread is on at most one waitq (FIFO, linked through
 * thread->wq_next) and, if it has a deadline, on the timer list (sorted,
 * through thread->timer_next). Whoever ends the wait — a waker, the timer,
 * a signal — takes it off both and makes it runnable; waitq_wait then
 * tells which by the flags it finds: woken (0), timed_out (-ETIMEDOUT),
 * neither (-EINTR: a signal). A thread whose held file (held.h) lost its
 * last fd is woken too and gets -EBADF, once. All of it runs with interrupts off (sched.h),
 * so wakers may be interrupt handlers.
 *
 * poll_notify/poll_wait: one queue for every thread in poll, select or
 * epoll_wait; any readiness change wakes them all to re-check their fds.
 */
#include "sched.h"
#include "../arch/time.h"

#define POLL_TIMER_SLACK_NS 50000ULL /* Linux's default timer_slack_ns */

static struct {
	struct thread *timers; /* by deadline, irq-off */
	struct waitq pollers;
	uint64_t poll_gen; /* poll_notify count (epoll's edge trigger) */
} w;

void waitq_init(struct waitq *q)
{
	q->head = NULL;
}

static void timer_insert(struct thread *t, uint64_t deadline)
{
	t->deadline = deadline;
	struct thread **p = &w.timers;
	while (*p && (*p)->deadline <= deadline)
		p = &(*p)->timer_next;
	t->timer_next = *p;
	*p = t;
}

static void timer_remove(struct thread *t)
{
	if (!t->deadline)
		return;
	for (struct thread **p = &w.timers; *p; p = &(*p)->timer_next)
		if (*p == t) {
			*p = t->timer_next;
			break;
		}
	t->deadline = 0;
}

static void wq_remove(struct thread *t)
{
	struct waitq *q = t->wq;
	if (!q)
		return;
	for (struct thread **p = &q->head; *p; p = &(*p)->wq_next)
		if (*p == t) {
			*p = t->wq_next;
			break;
		}
	t->wq = NULL;
}

void wait_cancel(struct thread *t)
{
	wq_remove(t);
	timer_remove(t);
}

uint64_t wait_next_deadline(void)
{
	return w.timers ? w.timers->deadline : 0;
}

void wait_expire(uint64_t now)
{
	while (w.timers && w.timers->deadline <= now) {
		struct thread *t = w.timers;
		wait_cancel(t);
		t->timed_out = true;
		sched_make_runnable(t);
	}
}

int waitq_wait(struct waitq *q, uint64_t deadline_ns)
{
	struct thread *t = thread_current();
	if (t->held.closed) {
		t->held.closed = false;
		return -EBADF;
	}
	if (signal_pending(t))
		return -EINTR;
	if (deadline_ns && time_monotonic_ns() >= deadline_ns)
		return -ETIMEDOUT;
	t->woken = t->timed_out = false;
	if (q) {
		t->wq_next = NULL;
		struct thread **p = &q->head;
		while (*p)
			p = &(*p)->wq_next;
		*p = t;
		t->wq = q;
	}
	if (deadline_ns)
		timer_insert(t, deadline_ns);
	t->state = T_BLOCKED;
	schedule();
	wait_cancel(t);
	if (t->held.closed) {
		t->held.closed = false;
		return -EBADF;
	}
	if (t->woken)
		return 0;
	if (t->timed_out)
		return -ETIMEDOUT;
	return signal_pending(t) ? -EINTR : 0;
}

void waitq_wake_thread(struct thread *t)
{
	wait_cancel(t);
	t->woken = true;
	sched_make_runnable(t);
}

int waitq_wake_match(struct waitq *q, int max, bool (*match)(struct thread *, uint64_t),
		     uint64_t arg)
{
	int n = 0;
	struct thread *t = q->head;
	while (t && n < max) {
		struct thread *next = t->wq_next;
		if (!match || match(t, arg)) {
			waitq_wake_thread(t);
			n++;
		}
		t = next;
	}
	return n;
}

void waitq_wake_one(struct waitq *q)
{
	waitq_wake_match(q, 1, NULL, 0);
}
void waitq_wake_all(struct waitq *q)
{
	waitq_wake_match(q, 1 << 30, NULL, 0);
}

void poll_notify(void)
{
	w.poll_gen++;
	waitq_wake_all(&w.pollers);
}

/* Never sleeps past a timerfd's expiry (sys/sys_timerfd.c): it becomes
 * readable then without anyone calling poll_notify. Waking early for it
 * is a spurious wake-up (0): the caller re-checks its fds. */
int poll_wait(uint64_t deadline_ns)
{
	uint64_t timer = timerfd_next_deadline();
	/* A timerfd with a tiny interval is always about to expire: waking
	 * at each expiry kept every poller running and the timer interrupt
	 * re-armed nanoseconds ahead, which froze the VM (found by
	 * tests/fuzz; tests/security/timerfd_storm.c). Such wake-ups come no
	 * sooner than Linux's default timer slack (50 us) from now. */
	if (timer) {
		uint64_t soonest = time_monotonic_ns() + POLL_TIMER_SLACK_NS;
		if (timer < soonest)
			timer = soonest;
	}
	if (!timer || (deadline_ns && deadline_ns <= timer))
		return waitq_wait(&w.pollers, deadline_ns);
	int r = waitq_wait(&w.pollers, timer);
	return r == -ETIMEDOUT ? 0 : r;
}

uint64_t poll_generation(void)
{
	return w.poll_gen;
}
