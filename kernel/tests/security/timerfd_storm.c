/* timerfd_storm.c — timerfds armed with a 1 ns interval while other
 * threads sleep in poll with no timeout (found by tests/fuzz): each
 * poller was woken at every expiry, the timer interrupt re-armed a
 * nanosecond ahead, and the VM froze. The main thread's 200 sleeps of
 * 1 ms must all come back and the program end.
 * expect: 0
 */
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static int tfd[4], pipefd[2];

static void *poller(void *arg)
{
	struct pollfd pf = {.fd = pipefd[0], .events = POLLIN}; /* never ready */
	for (;;)
		poll(&pf, 1, -1);
	return arg;
}

static void *storm(void *arg)
{
	struct pollfd pf[4];
	for (int i = 0; i < 4; i++)
		pf[i] = (struct pollfd){.fd = tfd[i], .events = POLLIN};
	for (;;) {
		uint64_t v;
		poll(pf, 4, 1);
		read(tfd[0], &v, sizeof v);
	}
	return arg;
}

int main(void)
{
	struct itimerspec its = {.it_interval = {0, 1}, .it_value = {0, 1}};
	if (pipe(pipefd))
		return 2;
	for (int i = 0; i < 4; i++) {
		tfd[i] = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
		if (tfd[i] < 0 || timerfd_settime(tfd[i], 0, &its, NULL))
			return 3;
	}
	pthread_t t;
	for (int i = 0; i < 3; i++)
		pthread_create(&t, NULL, poller, NULL);
	pthread_create(&t, NULL, storm, NULL);
	struct timespec ms = {0, 1000000};
	for (int i = 0; i < 200; i++)
		nanosleep(&ms, NULL);
	printf("200 sleeps done under a timerfd storm\n");
	fflush(stdout);
	_exit(0);
}
