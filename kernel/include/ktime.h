/*
 * ktime.h — the one conversion between a program's times (struct timespec,
 * struct timeval) and the kernel's: unsigned 64-bit nanoseconds.
 *
 * The one overflow rule: a time from a program, a duration or an absolute
 * clock value alike, is clamped to KTIME_MAX_NS (200 years). No sleep or
 * timeout that long ends within a guest's life, and since 2 * KTIME_MAX_NS
 * is below 2^64 (584 years), `now + ns` cannot wrap for any clock now
 * shows, so callers add deadlines without further checks.
 *
 * Validation is Linux's: a negative second count, or a nanosecond
 * (microsecond) field outside [0, 10^9) ([0, 10^6)), is -EINVAL. Callers
 * with other rules (utimensat's UTIME_NOW/UTIME_OMIT, SO_RCVTIMEO's EDOM and
 * "negative is no timeout") check those first.
 */
#ifndef INGOT_KTIME_H
#define INGOT_KTIME_H
#include "kernel.h"

#define NSEC_PER_SEC  1000000000ULL
#define NSEC_PER_USEC 1000ULL
#define USEC_PER_SEC  1000000ULL
#define KTIME_MAX_SEC (200ULL * 365 * 24 * 3600)
#define KTIME_MAX_NS  (KTIME_MAX_SEC * NSEC_PER_SEC)

/* Linux x86-64 struct timespec (__kernel_timespec) and struct timeval. */
struct timespec_u {
	int64_t sec, nsec;
};
struct timeval_u {
	int64_t sec, usec;
};

static inline uint64_t ktime_clamped(uint64_t sec, uint64_t sub_ns)
{
	return sec >= KTIME_MAX_SEC ? KTIME_MAX_NS : sec * NSEC_PER_SEC + sub_ns;
}

/* 0 with *ns set, or -EINVAL. */
static inline long timespec_to_ns(struct timespec_u ts, uint64_t *ns)
{
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	*ns = ktime_clamped((uint64_t)ts.sec, (uint64_t)ts.nsec);
	return 0;
}

static inline long timeval_to_ns(struct timeval_u tv, uint64_t *ns)
{
	if (tv.sec < 0 || tv.usec < 0 || tv.usec >= (int64_t)USEC_PER_SEC)
		return -EINVAL;
	*ns = ktime_clamped((uint64_t)tv.sec, (uint64_t)tv.usec * NSEC_PER_USEC);
	return 0;
}

/* A struct timespec at user address uts: 0, -EFAULT or -EINVAL. */
static inline long timespec_from_user(long uts, uint64_t *ns)
{
	struct timespec_u ts;
	if (copy_from_user(&ts, (const void *)uts, sizeof ts))
		return -EFAULT;
	return timespec_to_ns(ts, ns);
}

static inline long timeval_from_user(long utv, uint64_t *ns)
{
	struct timeval_u tv;
	if (copy_from_user(&tv, (const void *)utv, sizeof tv))
		return -EFAULT;
	return timeval_to_ns(tv, ns);
}

static inline struct timespec_u ns_to_timespec(uint64_t ns)
{
	return (struct timespec_u){(int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC)};
}

static inline struct timeval_u ns_to_timeval(uint64_t ns)
{
	return (struct timeval_u){(int64_t)(ns / NSEC_PER_SEC),
				  (int64_t)(ns % NSEC_PER_SEC / NSEC_PER_USEC)};
}
#endif
