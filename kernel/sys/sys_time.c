/*
 * sys_time.c — clocks and sleeping: clock_gettime, clock_getres,
 * gettimeofday, time, nanosleep, clock_nanosleep.
 *
 * All clocks derive from the TSC (arch/time.c). CLOCK_REALTIME is the RTC
 * at boot plus monotonic time; MONOTONIC, BOOTTIME, their _RAW/_COARSE
 * variants read the monotonic clock. The CPU-time clocks come from the
 * scheduler's accounting: the process's is all time not spent idle, a
 * thread's its time on the CPU; clock ids below 0 name another thread's
 * or the process's (pthread_getcpuclockid: ~tid << 3 | 6, ~pid << 3 | 2). Sleeps block the
 * thread until a deadline on the scheduler's timer (waitq_wait); a signal
 * ends them early with -EINTR and the time left in "remaining".
 */
#include "syscall.h"
#include "../include/ktime.h"
#include "../arch/time.h"
#include "../include/wait.h"
#include "../sched/sched.h"

/* Linux clock ids (include/uapi/linux/time.h). */
#define CLOCK_REALTIME		 0
#define CLOCK_MONOTONIC		 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	 3
#define CLOCK_MONOTONIC_RAW	 4
#define CLOCK_REALTIME_COARSE	 5
#define CLOCK_MONOTONIC_COARSE	 6
#define CLOCK_BOOTTIME		 7
#define TIMER_ABSTIME		 1

/* id is a clockid_t (int): the upper half of the register is not ours. */
static long clock_now(long lid, uint64_t *ns)
{
	int id = (int)lid;
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE: *ns = time_realtime_ns(); return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME: *ns = time_monotonic_ns(); return 0;
	case CLOCK_PROCESS_CPUTIME_ID: *ns = sched_process_cpu_ns(); return 0;
	case CLOCK_THREAD_CPUTIME_ID: *ns = sched_thread_cpu_ns(thread_current()); return 0;
	default: break;
	}
	if (id < 0 && (id & 7) == 6) { /* CPUCLOCK_PERTHREAD | CPUCLOCK_SCHED */
		struct thread *t = thread_find((int)~(id >> 3));
		if (!t)
			return -EINVAL;
		*ns = sched_thread_cpu_ns(t);
		return 0;
	}
	if (id < 0 && (id & 7) == 2 && (~(id >> 3) == 1 || ~(id >> 3) == 0)) { /* this process */
		*ns = sched_process_cpu_ns();
		return 0;
	}
	return -EINVAL;
}

long sys_clock_gettime(long id, long uts, long c, long d, long e, long f)
{
	uint64_t ns;
	long err = clock_now(id, &ns);
	if (err)
		return err;
	struct timespec_u ts = ns_to_timespec(ns);
	return copy_to_user((void *)uts, &ts, sizeof ts);
}

long sys_clock_getres(long id, long uts, long c, long d, long e, long f)
{
	uint64_t ns;
	long err = clock_now(id, &ns);
	if (err)
		return err;
	struct timespec_u ts = {0, 1}; /* TSC-based: nanosecond resolution */
	return uts ? copy_to_user((void *)uts, &ts, sizeof ts) : 0;
}

long sys_gettimeofday(long utv, long utz, long c, long d, long e, long f)
{
	if (utv) {
		uint64_t ns = time_realtime_ns();
		struct timeval_u tv = ns_to_timeval(ns);
		if (copy_to_user((void *)utv, &tv, sizeof tv))
			return -EFAULT;
	}
	if (utz) {
		int32_t tz[2] = {0, 0}; /* UTC, no DST */
		if (copy_to_user((void *)utz, tz, sizeof tz))
			return -EFAULT;
	}
	return 0;
}

long sys_time(long ut, long b, long c, long d, long e, long f)
{
	int64_t t = (int64_t)(time_realtime_ns() / NSEC_PER_SEC);
	if (ut && copy_to_user((void *)ut, &t, sizeof t))
		return -EFAULT;
	return t;
}

/* Sleeps until the monotonic deadline; on a signal writes the time left
 * to urem (if given) and returns -EINTR. */
static long sleep_until(uint64_t deadline, long urem)
{
	struct waitq q = WAITQ_INIT;
	for (;;) {
		int r = waitq_wait(&q, deadline);
		if (r == -ETIMEDOUT)
			return 0;
		if (r == -EINTR) {
			uint64_t now = time_monotonic_ns(),
				 left = deadline > now ? deadline - now : 0;
			struct timespec_u ts = ns_to_timespec(left);
			if (urem && copy_to_user((void *)urem, &ts, sizeof ts))
				return -EFAULT;
			return -EINTR;
		}
	}
}

long sys_nanosleep(long ureq, long urem, long c, long d, long e, long f)
{
	uint64_t ns;
	long err = timespec_from_user(ureq, &ns);
	if (err)
		return err;
	return sleep_until(time_monotonic_ns() + ns, urem); /* ns is clamped (ktime.h) */
}

long sys_clock_nanosleep(long id, long flags, long ureq, long urem, long e, long f)
{
	uint64_t ns, now;
	long err = clock_now(id, &now);
	if (err)
		return err;
	if ((int)id == CLOCK_THREAD_CPUTIME_ID || (int)id < 0)
		return -EINVAL; /* no sleeping on a thread's CPU clock */
	if ((err = timespec_from_user(ureq, &ns)))
		return err;
	uint64_t mono = time_monotonic_ns();
	bool abs = flags & TIMER_ABSTIME;
	uint64_t delta = abs ? (ns > now ? ns - now : 0) : ns;
	return sleep_until(mono + delta, abs ? 0 : urem); /* delta <= ns, clamped (ktime.h) */
}
