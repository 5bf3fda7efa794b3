/*
 * futex.c — fast user-space mutexes: WAIT, WAKE, WAIT_BITSET,
 * WAKE_BITSET, REQUEUE, CMP_REQUEUE, WAKE_OP.
 *
 * One address space, so a futex is keyed by its user virtual address
 * alone (private and shared futexes are the same thing here). Waiters sit
 * on one of FUTEX_BUCKETS wait queues chosen by a hash of the address;
 * each remembers its address and bitset (thread->futex_addr/_bitset) so a
 * wake takes only matching waiters. Comparing the futex word and queueing
 * happen with interrupts off, so no wake can slip in between (on SMP the
 * bucket lock would cover both).
 * Timeouts: FUTEX_WAIT's is relative (CLOCK_MONOTONIC), WAIT_BITSET's is
 * absolute, on CLOCK_REALTIME if FUTEX_CLOCK_REALTIME is given.
 * Values: Linux include/uapi/linux/futex.h.
 */
#include "sched.h"
#include "../sys/syscall.h"
#include "../include/ktime.h"

#define FUTEX_WAIT	     0
#define FUTEX_WAKE	     1
#define FUTEX_REQUEUE	     3
#define FUTEX_CMP_REQUEUE    4
#define FUTEX_WAKE_OP	     5
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK	     (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BUCKETS	     64

static struct {
	struct waitq bucket[FUTEX_BUCKETS]; /* irq-off */
	uint32_t wake_bitset;		    /* of the wake in progress */
} fx;

static struct waitq *bucket_of(uint64_t uaddr)
{
	return &fx.bucket[(uaddr >> 2) * 0x9e3779b97f4a7c15ULL >> 58]; /* Fibonacci hash, 6 bits */
}

/* A waiter matches a wake of its address when their bitsets share a bit.
 * The match callback gets one word (the address); the wake's bitset is in
 * fx.wake_bitset for the duration of the wake. */
static bool key_match(struct thread *t, uint64_t addr)
{
	return t->futex_addr == addr && (t->futex_bitset & fx.wake_bitset);
}

int futex_wake(uint64_t uaddr, int count, uint32_t bitset)
{
	if (count <= 0)
		return 0;
	fx.wake_bitset = bitset;
	return waitq_wake_match(bucket_of(uaddr), count, key_match, uaddr);
}

static long futex_wait(uint64_t uaddr, uint32_t val, uint32_t bitset, uint64_t deadline)
{
	uint32_t cur;
	if (copy_from_user(&cur, (const void *)uaddr, sizeof cur))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	struct thread *t = thread_current();
	t->futex_addr = uaddr;
	t->futex_bitset = bitset;
	int r = waitq_wait(bucket_of(uaddr), deadline);
	t->futex_addr = 0;
	return r;
}

/* Moves up to count waiters of from to to (REQUEUE); returns how many. */
static int futex_requeue(uint64_t from, uint64_t to, int count)
{
	struct waitq *qf = bucket_of(from), *qt = bucket_of(to);
	int n = 0;
	for (struct thread *t = qf->head, *next; t && n < count; t = next) {
		next = t->wq_next;
		if (t->futex_addr != from)
			continue;
		t->futex_addr = to;
		n++;
		if (qf == qt)
			continue;
		/* unlink from qf, append to qt */
		for (struct thread **p = &qf->head; *p; p = &(*p)->wq_next)
			if (*p == t) {
				*p = t->wq_next;
				break;
			}
		struct thread **p = &qt->head;
		while (*p)
			p = &(*p)->wq_next;
		t->wq_next = NULL;
		*p = t;
		t->wq = qt;
	}
	return n;
}

/* FUTEX_WAKE_OP's operation on the second word (FUTEX_OP encoding). */
static long wake_op(uint64_t uaddr, int nr1, uint64_t uaddr2, int nr2, uint32_t encoded)
{
	uint32_t op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	uint32_t oparg = (encoded >> 12) & 0xfff, cmparg = encoded & 0xfff;
	if (encoded & (8U << 28))
		oparg = 1U << (oparg & 31); /* FUTEX_OP_OPARG_SHIFT */
	if (oparg & 0x800 && !(encoded & (8U << 28)))
		oparg |= 0xfffff000; /* sign-extend the 12-bit argument */
	if (cmparg & 0x800)
		cmparg |= 0xfffff000;
	uint32_t old, nv;
	if (uaddr2 & 3)
		return -EINVAL;
	if (copy_from_user(&old, (const void *)uaddr2, sizeof old))
		return -EFAULT;
	switch (op) {
	case 0: nv = oparg; break;	  /* SET */
	case 1: nv = old + oparg; break;  /* ADD */
	case 2: nv = old | oparg; break;  /* OR */
	case 3: nv = old & ~oparg; break; /* ANDN */
	case 4: nv = old ^ oparg; break;  /* XOR */
	default: return -ENOSYS;
	}
	if (copy_to_user((void *)uaddr2, &nv, sizeof nv))
		return -EFAULT;
	int32_t o = (int32_t)old, c = (int32_t)cmparg;
	bool hit;
	switch (cmp) {
	case 0: hit = o == c; break;
	case 1: hit = o != c; break;
	case 2: hit = o < c; break;
	case 3: hit = o <= c; break;
	case 4: hit = o > c; break;
	case 5: hit = o >= c; break;
	default: return -ENOSYS;
	}
	long n = futex_wake(uaddr, nr1, ~0U);
	if (hit)
		n += futex_wake(uaddr2, nr2, ~0U);
	return n;
}

/* Turns the timeout argument into a monotonic deadline (0 = none). */
static long deadline_of(long utimeout, bool absolute, bool realtime, uint64_t *deadline)
{
	*deadline = 0;
	if (!utimeout)
		return 0;
	uint64_t ns;
	long err = timespec_from_user(utimeout, &ns);
	if (err)
		return err;
	uint64_t mono = time_monotonic_ns();
	if (!absolute)
		*deadline = mono + ns;
	else if (realtime) {
		uint64_t real = time_realtime_ns();
		*deadline = ns > real ? mono + (ns - real) : mono;
	} else
		*deadline = ns;
	if (*deadline == 0)
		*deadline = 1; /* absolute 0: already expired, but non-zero means "has one" */
	return 0;
}

long sys_futex(long uaddr, long op, long val, long utimeout, long uaddr2, long val3)
{
	int cmd = (int)(op & FUTEX_CMD_MASK);
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	uint64_t deadline;
	long err;
	if (uaddr & 3)
		return -EINVAL;
	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		if ((err = deadline_of(utimeout, false, false, &deadline)))
			return err;
		return futex_wait((uint64_t)uaddr, (uint32_t)val, ~0U, deadline);
	case FUTEX_WAIT_BITSET:
		if (!(uint32_t)val3)
			return -EINVAL;
		if ((err = deadline_of(utimeout, true, realtime, &deadline)))
			return err;
		return futex_wait((uint64_t)uaddr, (uint32_t)val, (uint32_t)val3, deadline);
	case FUTEX_WAKE: return futex_wake((uint64_t)uaddr, (int)val, ~0U);
	case FUTEX_WAKE_BITSET:
		if (!(uint32_t)val3)
			return -EINVAL;
		return futex_wake((uint64_t)uaddr, (int)val, (uint32_t)val3);
	case FUTEX_CMP_REQUEUE: {
		uint32_t cur;
		if (copy_from_user(&cur, (const void *)uaddr, sizeof cur))
			return -EFAULT;
		if (cur != (uint32_t)val3)
			return -EAGAIN;
	}
		/* fall through */
	case FUTEX_REQUEUE: {
		if (uaddr2 & 3 || val < 0 || utimeout < 0)
			return -EINVAL;
		/* utimeout carries val2: how many to move */
		int woken = futex_wake((uint64_t)uaddr, (int)val, ~0U);
		return woken + futex_requeue((uint64_t)uaddr, (uint64_t)uaddr2,
					     (int)MIN(utimeout, 1L << 30));
	}
	case FUTEX_WAKE_OP:
		return wake_op((uint64_t)uaddr, (int)val, (uint64_t)uaddr2, (int)utimeout,
			       (uint32_t)val3);
	default: return -ENOSYS;
	}
}
