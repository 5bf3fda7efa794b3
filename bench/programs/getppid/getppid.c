/* getppid: the cheapest real syscall, timed N times with clock_gettime, so
 * the figure is the kernel entry/exit cost (SYSCALL/SYSRET, and under TCG the
 * emulation of them) rather than any work. Static musl: runs on every kernel.
 * Prints "getppid: X ns/call (N calls)"; N is argv[1] (default 1000000). */
#define _GNU_SOURCE /* syscall() */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv) {
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	/* syscall() directly: no libc is allowed to cache the answer. */
	double t0 = now_ns();
	for (long i = 0; i < n; i++) syscall(SYS_getppid);
	double t1 = now_ns();
	printf("getppid: %.1f ns/call (%ld calls)\n", (t1 - t0) / n, n);
	return 0;
}
