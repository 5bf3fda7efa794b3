/* test_ktime.c — host test of include/ktime.h: Linux's validation of
 * struct timespec/timeval and the one overflow rule (clamp at
 * KTIME_MAX_NS, so now + ns never wraps). */
#include <stdio.h>
#include <string.h>
#include "../../include/ktime.h"

#include "check.h"

int copy_from_user(void *dst, const void *src, size_t n)
{
	if (!src)
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

int main(void)
{
	uint64_t ns = 7;
	CHECK(timespec_to_ns((struct timespec_u){1, 5}, &ns) == 0 && ns == 1000000005ULL);
	CHECK(timespec_to_ns((struct timespec_u){0, 999999999}, &ns) == 0 && ns == 999999999ULL);
	CHECK(timespec_to_ns((struct timespec_u){-1, 0}, &ns) == -EINVAL);
	CHECK(timespec_to_ns((struct timespec_u){0, -1}, &ns) == -EINVAL);
	CHECK(timespec_to_ns((struct timespec_u){0, 1000000000}, &ns) == -EINVAL);
	/* The overflow rule: anything from KTIME_MAX_SEC up is KTIME_MAX_NS. */
	CHECK(timespec_to_ns((struct timespec_u){INT64_MAX, 999999999}, &ns) == 0 &&
	      ns == KTIME_MAX_NS);
	CHECK(timespec_to_ns((struct timespec_u){(int64_t)KTIME_MAX_SEC, 0}, &ns) == 0 &&
	      ns == KTIME_MAX_NS);
	CHECK(timespec_to_ns((struct timespec_u){(int64_t)KTIME_MAX_SEC - 1, 999999999}, &ns) ==
		      0 &&
	      ns == KTIME_MAX_NS - 1);
	CHECK(UINT64_MAX - KTIME_MAX_NS > KTIME_MAX_NS); /* now + ns cannot wrap */
	CHECK(timeval_to_ns((struct timeval_u){2, 3}, &ns) == 0 && ns == 2000003000ULL);
	CHECK(timeval_to_ns((struct timeval_u){0, 1000000}, &ns) == -EINVAL);
	CHECK(timeval_to_ns((struct timeval_u){-5, 0}, &ns) == -EINVAL);
	CHECK(timeval_to_ns((struct timeval_u){INT64_MAX, 0}, &ns) == 0 && ns == KTIME_MAX_NS);
	struct timespec_u u = {3, 4};
	CHECK(timespec_from_user((long)&u, &ns) == 0 && ns == 3000000004ULL);
	CHECK(timespec_from_user(0, &ns) == -EFAULT);
	struct timespec_u back = ns_to_timespec(3000000004ULL);
	CHECK(back.sec == 3 && back.nsec == 4);
	struct timeval_u tv = ns_to_timeval(2000003999ULL);
	CHECK(tv.sec == 2 && tv.usec == 3);
	printf(failures ? "test_ktime: %d failed\n" : "test_ktime: ok\n", failures);
	return failures != 0;
}
