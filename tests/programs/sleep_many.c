/* sleep_many.c — eight threads sleeping at once: they wake in order of
 * their deadlines, and the whole takes about the longest sleep, not the sum. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define THREADS 8
static int order[THREADS], done;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *sleeper(void *arg) {
	int id = (int)(intptr_t)arg;
	/* thread i sleeps (8 - i) * 40 ms: started in the opposite order */
	struct timespec ts = { 0, (THREADS - id) * 40 * 1000000L };
	nanosleep(&ts, NULL);
	pthread_mutex_lock(&m);
	order[done++] = id;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void) {
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, sleeper, (void *)(intptr_t)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("wake order:");
	for (int i = 0; i < THREADS; i++)
		printf(" %d", order[i]);
	printf("\n");
	printf("concurrent (>= 320 ms, well under the 1440 ms sum): %s\n", ms >= 320 && ms < 1000 ? "yes" : "no");
	struct timespec ts = { 0, 1000000L };
	int ok = 1;
	for (int i = 0; i < 20; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		nanosleep(&ts, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ok &= (t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) >= 1000000L;
	}
	printf("1 ms sleeps never short: %s\n", ok ? "yes" : "no");

	/* CPU clocks: sleeping costs none; spinning costs the spinner's */
	struct timespec cpu0, cpu1, wall0, wall1, th0, th1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
	clock_gettime(CLOCK_MONOTONIC, &wall0);
	struct timespec nap = { 0, 100 * 1000000L };
	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
	clock_gettime(CLOCK_MONOTONIC, &wall1);
	long cpu_ms = (cpu1.tv_sec - cpu0.tv_sec) * 1000 + (cpu1.tv_nsec - cpu0.tv_nsec) / 1000000;
	printf("100 ms asleep used under 50 ms of CPU: %s\n", cpu_ms < 50 ? "yes" : "no");
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &th0);
	do
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &th1);
	while ((th1.tv_sec - th0.tv_sec) * 1000000000L + (th1.tv_nsec - th0.tv_nsec) < 30000000L);
	clockid_t cid;
	struct timespec other;
	int got = pthread_getcpuclockid(pthread_self(), &cid) == 0 && clock_gettime(cid, &other) == 0;
	printf("30 ms of thread CPU by spinning, readable through pthread_getcpuclockid: %s\n",
	       got && other.tv_sec * 1000000000L + other.tv_nsec >= 30000000L ? "yes" : "no");
	return 0;
}
