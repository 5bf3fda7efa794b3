/* tls.c — thread-local storage: each thread sees its own copy of
 * initialised, zeroed and large __thread variables, across preemption and
 * yields, and errno is per thread. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define THREADS 4
static __thread int initialised = 42;
static __thread long zeroed;
static __thread char big[8192];
static int results[THREADS];

static void *worker(void *arg) {
	int id = (int)(intptr_t)arg;
	int ok = initialised == 42 && zeroed == 0 && big[100] == 0;
	initialised = id * 100;
	zeroed = id;
	big[100] = (char)id;
	for (int i = 0; i < 2000; i++) {
		zeroed += id;
		if (i % 100 == 0)
			sched_yield();
		ok &= initialised == id * 100 && big[100] == (char)id;
	}
	errno = id;   /* errno lives in TLS too */
	sched_yield();
	ok &= errno == id && zeroed == id + 2000L * id;
	results[id] = ok;
	return NULL;
}

int main(void) {
	pthread_t t[THREADS];
	initialised = -1;
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < THREADS; i++)
		printf("thread %d: own TLS values %s\n", i, results[i] ? "ok" : "WRONG");
	printf("main's copy untouched: %s\n", initialised == -1 && zeroed == 0 ? "yes" : "no");
	return 0;
}
