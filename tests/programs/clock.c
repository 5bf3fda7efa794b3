/* clock.c — monotonic clock, nanosleep and wall time; prints only facts
 * that hold on any machine. */
#include <stdio.h>
#include <time.h>
#include <sys/time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
	struct timespec a, b, req = { 0, 10 * 1000 * 1000 };
	clock_gettime(CLOCK_MONOTONIC, &a);
	int r = nanosleep(&req, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("nanosleep returned %d\n", r);
	printf("slept >= 10ms: %s\n", ns(b) - ns(a) >= 10000000LL ? "yes" : "no");
	printf("slept < 5s: %s\n", ns(b) - ns(a) < 5000000000LL ? "yes" : "no");
	struct timespec c;
	clock_gettime(CLOCK_MONOTONIC, &c);
	printf("monotonic: %s\n", ns(c) >= ns(b) ? "yes" : "no");
	struct timespec rt;
	clock_gettime(CLOCK_REALTIME, &rt);
	printf("realtime after 2020: %s\n", rt.tv_sec > 1577836800 ? "yes" : "no");
	struct timeval tv;
	gettimeofday(&tv, NULL);
	printf("gettimeofday close to realtime: %s\n",
	       tv.tv_sec - rt.tv_sec >= 0 && tv.tv_sec - rt.tv_sec < 5 ? "yes" : "no");
	printf("time() sane: %s\n", time(NULL) > 1577836800 ? "yes" : "no");
	struct timespec res;
	printf("getres ok: %s\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 ? "yes" : "no");
	return 0;
}
