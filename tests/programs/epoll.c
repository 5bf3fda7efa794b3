/* epoll.c — epoll over pipes and eventfds: level and edge triggering,
 * oneshot, hang-up, errors; eventfd counter and semaphore modes; blocking
 * pipe reads and epoll_wait woken by another thread. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

static void sleep_ms(int ms) {
	struct timespec ts = { 0, ms * 1000000L };
	nanosleep(&ts, NULL);
}

static int wait_events(int ep, int timeout, const char *what) {
	struct epoll_event ev[4];
	int n = epoll_wait(ep, ev, 4, timeout);
	printf("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		printf(" [data %llu events 0x%x]", (unsigned long long)ev[i].data.u64, ev[i].events);
	printf("\n");
	return n;
}

/* Prints a call's result and errno's name (evaluated in that order). */
#define SHOW(what, call) do { errno = 0; long rc_ = (long)(call); int e_ = errno; \
	printf("%s: %ld %s\n", what, rc_, e_ == EAGAIN ? "EAGAIN" : e_ == EINVAL ? "EINVAL" : \
	       e_ == EEXIST ? "EEXIST" : e_ == ENOENT ? "ENOENT" : e_ == EPERM ? "EPERM" : \
	       e_ == EBADF ? "EBADF" : e_ ? "other" : "ok"); } while (0)

static int late_fd;
static void *late_writer(void *arg) {
	sleep_ms(50);
	if ((intptr_t)arg) {
		uint64_t one = 1;
		write(late_fd, &one, 8);
	} else {
		write(late_fd, "late", 4);
	}
	return NULL;
}

int main(void) {
	/* eventfd counter */
	int e = eventfd(3, EFD_NONBLOCK);
	uint64_t v = 4;
	write(e, &v, 8);
	read(e, &v, 8);
	printf("eventfd read: %llu\n", (unsigned long long)v);
	SHOW("eventfd empty read", read(e, &v, 8));
	SHOW("eventfd short read", read(e, &v, 4));
	int s = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	ssize_t r1 = read(s, &v, 8);
	uint64_t a = v;
	ssize_t r2 = read(s, &v, 8);
	printf("semaphore: %zd %llu, %zd %llu\n", r1, (unsigned long long)a, r2, (unsigned long long)v);
	SHOW("semaphore empty", read(s, &v, 8));

	/* epoll over a pipe, level-triggered */
	int p[2];
	pipe(p);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 };
	SHOW("add", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	SHOW("add again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	wait_events(ep, 0, "empty pipe");
	write(p[1], "ab", 2);
	wait_events(ep, 0, "after write");
	wait_events(ep, 0, "level again");
	char buf[16];
	read(p[0], buf, sizeof buf);
	wait_events(ep, 0, "drained");

	/* edge-triggered */
	ev.events = EPOLLIN | EPOLLET;
	ev.data.u64 = 8;
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	write(p[1], "c", 1);
	wait_events(ep, 0, "edge");
	wait_events(ep, 0, "edge, no new data");
	write(p[1], "d", 1);
	wait_events(ep, 0, "edge, more data");
	read(p[0], buf, sizeof buf);

	/* oneshot */
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u64 = 9;
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	write(p[1], "e", 1);
	wait_events(ep, 0, "oneshot");
	wait_events(ep, 0, "oneshot fired");
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	wait_events(ep, 0, "rearmed");
	read(p[0], buf, sizeof buf);

	/* eventfd in the same set, writable and readable */
	struct epoll_event eev = { .events = EPOLLIN | EPOLLOUT, .data.u64 = 10 };
	epoll_ctl(ep, EPOLL_CTL_ADD, e, &eev);
	ev.events = EPOLLIN;
	ev.data.u64 = 7;
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	wait_events(ep, 0, "eventfd writable");
	epoll_ctl(ep, EPOLL_CTL_DEL, e, NULL);
	SHOW("del again", epoll_ctl(ep, EPOLL_CTL_DEL, e, NULL));

	/* blocking epoll_wait woken by another thread's eventfd write */
	int be = eventfd(0, 0);
	struct epoll_event bev = { .events = EPOLLIN, .data.u64 = 11 };
	epoll_ctl(ep, EPOLL_CTL_ADD, be, &bev);
	late_fd = be;
	pthread_t t;
	pthread_create(&t, NULL, late_writer, (void *)1);
	wait_events(ep, -1, "woken by thread");
	pthread_join(t, NULL);
	read(be, &v, 8);
	printf("blocking eventfd value: %llu\n", (unsigned long long)v);

	/* blocking pipe read woken by another thread */
	late_fd = p[1];
	pthread_create(&t, NULL, late_writer, (void *)0);
	memset(buf, 0, sizeof buf);
	ssize_t n = read(p[0], buf, sizeof buf);
	printf("blocking pipe read: %zd \"%s\"\n", n, buf);
	pthread_join(t, NULL);

	/* timeout and hang-up */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	wait_events(ep, 30, "timeout");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("waited >= 30 ms: %s\n", ms >= 30 ? "yes" : "no");
	close(p[1]);
	wait_events(ep, -1, "hang-up");

	int f = open("/data/hello.txt", O_RDONLY);
	SHOW("regular file", epoll_ctl(ep, EPOLL_CTL_ADD, f, &ev));
	SHOW("bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 99, &ev));
	SHOW("not epoll", epoll_wait(p[0], &ev, 1, 0));
	SHOW("max events 0", epoll_wait(ep, &ev, 0, 0));
	return 0;
}
