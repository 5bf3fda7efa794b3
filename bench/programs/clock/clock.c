/* clock: N clock_gettime(CLOCK_MONOTONIC) calls through libc, timed with
 * clock_gettime itself: with a vDSO (host, --kernel linux, --kernel native)
 * libc reads the clock in user space and no syscall is made. Static musl.
 * Prints "clock_gettime: X ns/call (N calls)"; N is argv[1] (default
 * 1000000). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv) {
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	struct timespec ts;
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	double t1 = now_ns();
	printf("clock_gettime: %.1f ns/call (%ld calls)\n", (t1 - t0) / n, n);
	return 0;
}
