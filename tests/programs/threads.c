/* threads.c — pthread create/join, a mutex, condition variables: a
 * bounded producer/consumer queue with 3 producers and 2 consumers, and
 * a deterministic total. Also: distinct thread ids, return values, detach,
 * and main calling pthread_exit while another thread still runs. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/syscall.h>

#define PRODUCERS 3
#define CONSUMERS 2
#define ITEMS 2000   /* per producer */
#define CAP 8

static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	int buf[CAP], head, count, producers_left;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER };

static void *producer(void *arg) {
	int base = (int)(intptr_t)arg * ITEMS;
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&q.lock);
		while (q.count == CAP)
			pthread_cond_wait(&q.not_full, &q.lock);
		q.buf[(q.head + q.count++) % CAP] = base + i;
		pthread_cond_signal(&q.not_empty);
		pthread_mutex_unlock(&q.lock);
	}
	pthread_mutex_lock(&q.lock);
	q.producers_left--;
	pthread_cond_broadcast(&q.not_empty);
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

static void *consumer(void *arg) {
	long long sum = 0;
	for (;;) {
		pthread_mutex_lock(&q.lock);
		while (q.count == 0 && q.producers_left)
			pthread_cond_wait(&q.not_empty, &q.lock);
		if (q.count == 0) {
			pthread_mutex_unlock(&q.lock);
			break;
		}
		int v = q.buf[q.head];
		q.head = (q.head + 1) % CAP;
		q.count--;
		pthread_cond_signal(&q.not_full);
		pthread_mutex_unlock(&q.lock);
		sum += v;
	}
	long long *r = (long long *)arg;
	*r = sum;
	return r;
}

static pid_t tids[4];
static void *tid_of(void *arg) {
	tids[(intptr_t)arg] = (pid_t)syscall(SYS_gettid);
	return (void *)((intptr_t)arg * 10);
}

static volatile int detached_ran;
static void *detached(void *arg) {
	detached_ran = 1;
	return NULL;
}

static void *outlive_main(void *arg) {
	struct timespec ts = { 0, 20 * 1000000L };
	nanosleep(&ts, NULL);
	printf("a thread outlived main\n");
	fflush(stdout);
	return NULL;
}

int main(void) {
	pthread_t p[PRODUCERS], c[CONSUMERS];
	long long sums[CONSUMERS] = { 0 };
	q.producers_left = PRODUCERS;
	for (int i = 0; i < CONSUMERS; i++)
		pthread_create(&c[i], NULL, consumer, &sums[i]);
	for (int i = 0; i < PRODUCERS; i++)
		pthread_create(&p[i], NULL, producer, (void *)(intptr_t)i);
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i], NULL);
	long long total = 0;
	for (int i = 0; i < CONSUMERS; i++) {
		void *ret;
		pthread_join(c[i], &ret);
		total += *(long long *)ret;
	}
	long long n = (long long)PRODUCERS * ITEMS;
	printf("consumed total %lld, expected %lld: %s\n", total, n * (n + 1) / 2,
	       total == n * (n + 1) / 2 ? "ok" : "WRONG");

	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, tid_of, (void *)(intptr_t)i);
	int ok = 1;
	for (int i = 0; i < 4; i++) {
		void *ret;
		pthread_join(t[i], &ret);
		ok &= (intptr_t)ret == i * 10;
	}
	pid_t me = (pid_t)syscall(SYS_gettid);
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			ok &= tids[i] != me && tids[i] > 0 && (i == j || tids[i] != tids[j]);
	printf("thread ids distinct and return values: %s\n", ok ? "ok" : "WRONG");
	printf("main tid is pid: %s\n", me == getpid() ? "yes" : "no");

	pthread_t d;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_create(&d, &attr, detached, NULL);
	while (!detached_ran)
		sched_yield();
	printf("detached thread ran: yes\n");

	/* main leaves first: the program lives on until the last thread */
	pthread_t last;
	pthread_create(&last, NULL, outlive_main, NULL);
	pthread_exit(NULL);
}
