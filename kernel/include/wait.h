/*
 * wait.h — blocking and waking: the seam between the scheduler and
 * everything that waits (futex, pipes, sockets, poll/epoll, nanosleep).
 *
 * Contract:
 * - A waiter checks its condition, and if it is not met calls waitq_wait,
 *   then checks again in a loop: wake-ups may be spurious.
 * - waitq_wait returns 0 when woken (or spuriously), -ETIMEDOUT when the
 *   deadline passed, -EINTR when a signal is pending for the thread,
 *   -EBADF when another thread closed a file the call holds (held.h).
 *   Any return other than 0 and -ETIMEDOUT must end the wait.
 * - Wakers call waitq_wake_* after changing the condition. They may be
 *   called from interrupt context (network receive), never block, and never
 *   allocate.
 * - poll_notify() is called by anything whose readiness may have changed
 *   (a socket got data, a pipe drained, an eventfd was written); every
 *   thread in poll/select/epoll_wait re-checks its fds. Simple and correct
 *   at the cost of O(pollers) wake-ups; fine for one program.
 *
 * Until threads exist, a valid implementation for the single thread is:
 * enable interrupts, hlt until one arrives (or the deadline's timer), return.
 */
#ifndef INGOT_WAIT_H
#define INGOT_WAIT_H
#include "kernel.h"

struct thread;

struct waitq {
	struct thread
		*head; /* threads blocked here, linked through the thread; guarded by irq-off */
};

#define WAITQ_INIT \
	{          \
		0  \
	}

void waitq_init(struct waitq *q);
/* deadline_ns: time_monotonic_ns() value to give up at; 0 means no deadline. */
int waitq_wait(struct waitq *q, uint64_t deadline_ns);
void waitq_wake_one(struct waitq *q);
void waitq_wake_all(struct waitq *q);

void poll_notify(void);
int poll_wait(uint64_t deadline_ns);

#endif
