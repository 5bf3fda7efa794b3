/* timerfd.c — timerfd one-shot and periodic timers: blocking reads,
 * non-blocking reads, epoll waiting for expiry, gettime and disarming. */
#include <errno.h>
#include <stdint.h>
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>

static long long now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(void) {
	int t = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec its = { { 0, 0 }, { 0, 30 * 1000000L } };
	long long t0 = now_ms();
	timerfd_settime(t, 0, &its, NULL);
	struct itimerspec cur;
	timerfd_gettime(t, &cur);
	printf("armed: remaining in (0, 30ms]: %s\n",
	       cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 30000000L ? "yes" : "no");
	uint64_t n = 0;
	ssize_t r = read(t, &n, 8);
	printf("one-shot blocking read: %zd, expirations %llu, waited >= 30 ms %s\n", r,
	       (unsigned long long)n, now_ms() - t0 >= 29 ? "yes" : "no");
	timerfd_gettime(t, &cur);
	printf("disarmed after firing: %s\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0 ? "yes" : "no");

	int nb = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
	errno = 0;
	r = read(nb, &n, 8);
	printf("unarmed non-blocking read: %zd %s\n", r, errno == EAGAIN ? "EAGAIN" : "other");

	/* periodic, through epoll */
	struct itimerspec per = { { 0, 20 * 1000000L }, { 0, 20 * 1000000L } };
	/* The clock starts when the timer is armed, not after the epoll set-up:
	 * a preemption in between would make three periods look short. */
	t0 = now_ms();
	timerfd_settime(nb, 0, &per, NULL);
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 5 };
	epoll_ctl(ep, EPOLL_CTL_ADD, nb, &ev);
	int fired = 0;
	for (int i = 0; i < 3; i++) {
		struct epoll_event out;
		if (epoll_wait(ep, &out, 1, -1) == 1 && out.data.u32 == 5 && read(nb, &n, 8) == 8 && n >= 1)
			fired++;
	}
	printf("periodic via epoll: %d of 3, at least 60 ms %s\n", fired, now_ms() - t0 >= 58 ? "yes" : "no");

	/* absolute, already in the past: fires at once */
	struct timespec rt;
	clock_gettime(CLOCK_REALTIME, &rt);
	struct itimerspec past = { { 0, 0 }, { rt.tv_sec - 5, 0 } };
	timerfd_settime(nb, TFD_TIMER_ABSTIME, &past, NULL);
	/* Linux may fire it synchronously (hrtimers) or at the next tick (a
	 * low-resolution kernel): wait for readiness so both read the same. */
	struct pollfd pfd = { .fd = nb, .events = POLLIN };
	poll(&pfd, 1, 1000);
	r = read(nb, &n, 8);
	printf("absolute in the past: %zd, expirations %llu\n", r, (unsigned long long)n);

	struct itimerspec off = { { 0, 0 }, { 0, 0 } };
	timerfd_settime(nb, 0, &per, NULL);
	timerfd_settime(nb, 0, &off, &cur);
	printf("disarm returns the old interval: %s\n", cur.it_interval.tv_nsec == 20 * 1000000L ? "yes" : "no");
	errno = 0;
	int bad = timerfd_create(12345, 0);
	printf("bad clock: %d %s\n", bad, errno == EINVAL ? "EINVAL" : "other");
	return 0;
}
