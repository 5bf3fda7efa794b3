/* test_wait.c — host test of sched/wait.c and sched/futex.c: wake-ups,
 * deadlines in order, signals, futex values, bitsets and requeue. There is
 * no CPU to switch: the fake schedule() runs the next step of a script
 * while the "current" thread is blocked, and a step may make another fake
 * thread current and block it too (nested), as other threads would. */
#include <stdio.h>
#include <string.h>
#include "../../sched/sched.h"
#include "../../sys/syscall.h"

#include "check.h"

/* --- the fake scheduler and clock --- */
static struct thread th[4];
static struct thread *cur = &th[0];
static uint64_t now = 1000;
static bool pending[4];
static void (*step[8])(void);
static int nstep;

struct thread *thread_current(void)
{
	return cur;
}
void schedule(void)
{
	struct thread *me = cur;
	if (nstep > 0) {
		void (*s)(void) = step[0];
		memmove(step, step + 1, sizeof step - sizeof step[0]);
		nstep--;
		s();
	}
	cur = me;
}
void sched_make_runnable(struct thread *t)
{
	t->state = T_RUNNABLE;
}
bool signal_pending(struct thread *t)
{
	return pending[t - th];
}
uint64_t time_monotonic_ns(void)
{
	return now;
}
uint64_t time_realtime_ns(void)
{
	return now + 5000;
}
uint64_t timerfd_next_deadline(void)
{
	return 0;
}
int copy_from_user(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
	return 0;
}
int copy_to_user(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
	return 0;
}

static void script(void (*a)(void), void (*b)(void), void (*c)(void))
{
	nstep = 0;
	void (*s[3])(void) = {a, b, c};
	for (int i = 0; i < 3; i++)
		if (s[i])
			step[nstep++] = s[i];
}

/* --- wait queues --- */
static struct waitq q = WAITQ_INIT, q2 = WAITQ_INIT;
static int ret[4];

static void wake_q(void)
{
	waitq_wake_one(&q);
}
static void expire_late(void)
{
	now = 5000;
	wait_expire(now);
}
static void expire_later(void)
{
	now = 20000;
	wait_expire(now);
}
static void signal_th0(void)
{
	pending[0] = true;
	wait_cancel(&th[0]);
	sched_make_runnable(&th[0]);
}

/* th0 waits until 3000, th1 until 1500, th2 until 2000: the timer list
 * is ordered and expiry wakes exactly the due ones. */
static void check_order(void)
{
	CHECK(wait_next_deadline() == 1500);
	now = 1600;
	wait_expire(now);
	CHECK(th[1].state == T_RUNNABLE && th[1].timed_out);
	CHECK(th[0].state == T_BLOCKED && th[2].state == T_BLOCKED);
	CHECK(wait_next_deadline() == 2000);
	waitq_wake_all(&q2); /* th0 and th2: woken, not timed out */
	CHECK(wait_next_deadline() == 0);
}
static void th2_waits(void)
{
	cur = &th[2];
	ret[2] = waitq_wait(&q2, 2000);
}
static void th1_waits(void)
{
	cur = &th[1];
	ret[1] = waitq_wait(&q, 1500);
}

static void test_wait(void)
{
	script(wake_q, NULL, NULL);
	CHECK(waitq_wait(&q, 0) == 0);
	CHECK(q.head == NULL);

	now = 1000;
	script(expire_late, NULL, NULL);
	CHECK(waitq_wait(&q, 2000) == -ETIMEDOUT);
	CHECK(wait_next_deadline() == 0 && q.head == NULL);

	now = 1000;
	script(signal_th0, NULL, NULL);
	CHECK(waitq_wait(&q, 0) == -EINTR);
	CHECK(waitq_wait(&q, 0) == -EINTR); /* still pending: no blocking at all */
	pending[0] = false;

	CHECK(waitq_wait(&q, 999) == -ETIMEDOUT); /* deadline already passed */

	script(th1_waits, th2_waits, check_order);
	ret[0] = waitq_wait(&q2, 3000);
	CHECK(ret[0] == 0 && ret[1] == -ETIMEDOUT && ret[2] == 0);
	CHECK(q.head == NULL && q2.head == NULL);
}

/* --- futexes --- */
static uint32_t word = 7, word2 = 0;
static long woke[4];

static void wake_word(void)
{
	woke[0] = futex_wake((uint64_t)&word, 1, ~0U);
}
static void wake_bit1(void)
{
	woke[1] = futex_wake((uint64_t)&word, 1, 1);
	woke[2] = futex_wake((uint64_t)&word, 1, 6);
}
static void requeue(void)
{
	woke[0] = sys_futex((long)&word, 4 /* CMP_REQUEUE */, 0, 10, (long)&word2, 7);
	woke[1] = futex_wake((uint64_t)&word, 10, ~0U);
	woke[2] = futex_wake((uint64_t)&word2, 10, ~0U);
}
static void th1_futex_waits(void)
{
	cur = &th[1];
	ret[1] = (int)sys_futex((long)&word, 0, 7, 0, 0, 0);
}

static void test_futex(void)
{
	CHECK(sys_futex((long)&word, 0 /* WAIT */, 8, 0, 0, 0) == -EAGAIN);
	CHECK(sys_futex((long)&word + 1, 0, 7, 0, 0, 0) == -EINVAL);
	CHECK(futex_wake((uint64_t)&word, 1, ~0U) == 0);

	script(wake_word, NULL, NULL);
	CHECK(sys_futex((long)&word, 128 /* WAIT|PRIVATE */, 7, 0, 0, 0) == 0);
	CHECK(woke[0] == 1);

	/* a waiter on bits 2|4 ignores a wake of bit 1, takes one of 6 */
	script(wake_bit1, NULL, NULL);
	CHECK(sys_futex((long)&word, 9 /* WAIT_BITSET */, 7, 0, 0, 6) == 0);
	CHECK(woke[1] == 0 && woke[2] == 1);

	/* relative timeout: 10 us after now; absolute (WAIT_BITSET) at 15 us */
	int64_t ts[2] = {0, 10000};
	now = 1000;
	script(expire_later, NULL, NULL);
	CHECK(sys_futex((long)&word, 0, 7, (long)ts, 0, 0) == -ETIMEDOUT);
	ts[1] = 15000;
	now = 1000;
	script(expire_late, NULL, NULL);			    /* 5 us: not yet */
	CHECK(sys_futex((long)&word, 9, 7, (long)ts, 0, ~0U) == 0); /* a spurious return */

	/* two waiters moved to word2, then only word2's wake finds them */
	script(th1_futex_waits, requeue, NULL);
	ret[0] = (int)sys_futex((long)&word, 0, 7, 0, 0, 0);
	CHECK(woke[0] == 2 && woke[1] == 0 && woke[2] == 2);
	CHECK(ret[0] == 0 && ret[1] == 0);
}

int main(void)
{
	for (int i = 0; i < 4; i++)
		th[i].tid = i + 1;
	test_wait();
	test_futex();
	if (failures)
		return 1;
	printf("test_wait: all passed\n");
	return 0;
}
