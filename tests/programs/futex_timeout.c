/* futex_timeout.c — the futex calls directly: value mismatch, relative
 * and absolute timeouts (monotonic and realtime), wake counts, bitsets,
 * requeue; then the pthread timed waits built on them. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

/* include/uapi/linux/futex.h (musl-gcc has no kernel headers) */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY 0xffffffff

static long futex(uint32_t *addr, int op, uint32_t val, const struct timespec *ts, uint32_t *addr2, uint32_t val3) {
	return syscall(SYS_futex, addr, op, val, ts, addr2, val3);
}

static long long now_ms(clockid_t c) {
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static const char *err(long r) {
	return r == 0 ? "0" : errno == EAGAIN ? "EAGAIN" : errno == ETIMEDOUT ? "ETIMEDOUT" :
	       errno == EINVAL ? "EINVAL" : "other";
}

static uint32_t word, word2;
static volatile int waiting;
static void *waiter(void *arg) {
	__atomic_add_fetch(&waiting, 1, __ATOMIC_SEQ_CST);
	long r = futex(&word, (int)(intptr_t)arg, 0, NULL, NULL, (int)(intptr_t)arg == FUTEX_WAIT_BITSET ? 2 : 0);
	return (void *)r;
}

static void sleep_ms(int ms) {
	struct timespec ts = { 0, ms * 1000000L };
	nanosleep(&ts, NULL);
}

int main(void) {
	long r = futex(&word, FUTEX_WAIT, 1, NULL, NULL, 0);
	printf("wait on a changed value: %ld %s\n", r, err(r));
	struct timespec rel = { 0, 50 * 1000000L };
	long long t0 = now_ms(CLOCK_MONOTONIC);
	r = futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0);
	long long dt = now_ms(CLOCK_MONOTONIC) - t0;
	printf("relative 50 ms: %s, waited enough %s\n", err(r), dt >= 50 ? "yes" : "no");

	struct timespec abs;
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 30 * 1000000L;
	if (abs.tv_nsec >= 1000000000L) { abs.tv_sec++; abs.tv_nsec -= 1000000000L; }
	t0 = now_ms(CLOCK_MONOTONIC);
	r = futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY);
	dt = now_ms(CLOCK_MONOTONIC) - t0;
	printf("absolute monotonic +30 ms: %s, waited enough %s\n", err(r), dt >= 29 ? "yes" : "no");

	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_nsec += 30 * 1000000L;
	if (abs.tv_nsec >= 1000000000L) { abs.tv_sec++; abs.tv_nsec -= 1000000000L; }
	r = futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY);
	printf("absolute realtime +30 ms: %s\n", err(r));
	abs.tv_sec -= 10;
	r = futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY);
	printf("absolute in the past: %s\n", err(r));
	r = futex(&word, FUTEX_WAIT_BITSET, 0, &abs, NULL, 0);
	printf("bitset 0: %s\n", err(r));
	printf("wake nobody: %ld\n", futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0));

	/* two waiters, woken one by one */
	pthread_t t[3];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, waiter, (void *)(intptr_t)FUTEX_WAIT);
	while (waiting < 2)
		sched_yield();
	sleep_ms(20);
	printf("wake 1: %ld\n", futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0));
	printf("wake all: %ld\n", futex(&word, FUTEX_WAKE, 100, NULL, NULL, 0));
	for (int i = 0; i < 2; i++) {
		void *ret;
		pthread_join(t[i], &ret);
		printf("waiter %d returned %ld\n", i, (long)ret);
	}

	/* bitsets: a waiter on bit 2 is not woken by bit 1 */
	waiting = 0;
	pthread_create(&t[2], NULL, waiter, (void *)(intptr_t)FUTEX_WAIT_BITSET);
	while (waiting < 1)
		sched_yield();
	sleep_ms(20);
	printf("wake bitset 1: %ld\n", futex(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 1));
	printf("wake bitset 3: %ld\n", futex(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 3));
	pthread_join(t[2], NULL);

	/* requeue: two waiters moved from word to word2, then woken there */
	waiting = 0;
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, waiter, (void *)(intptr_t)FUTEX_WAIT);
	while (waiting < 2)
		sched_yield();
	sleep_ms(20);
	r = futex(&word, FUTEX_CMP_REQUEUE, 0, (void *)(uintptr_t)10, &word2, 1);
	printf("cmp_requeue with a wrong value: %s\n", err(r));
	printf("cmp_requeue: %ld\n", futex(&word, FUTEX_CMP_REQUEUE, 0, (void *)(uintptr_t)10, &word2, 0));
	printf("wake the old word: %ld\n", futex(&word, FUTEX_WAKE, 10, NULL, NULL, 0));
	printf("wake the new word: %ld\n", futex(&word2, FUTEX_WAKE, 10, NULL, NULL, 0));
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);

	/* pthread timed waits */
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	pthread_mutex_lock(&m);
	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_nsec += 40 * 1000000L;
	if (abs.tv_nsec >= 1000000000L) { abs.tv_sec++; abs.tv_nsec -= 1000000000L; }
	int e = pthread_cond_timedwait(&c, &m, &abs);
	printf("pthread_cond_timedwait: %s\n", e == ETIMEDOUT ? "ETIMEDOUT" : "other");
	pthread_mutex_unlock(&m);
	return 0;
}
