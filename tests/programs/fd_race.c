/* fd_race.c — another thread closes the fd a thread is blocked on (pipe,
 * eventfd, timerfd read; epoll_wait; accept) or truncates the file a
 * blocked sendfile reads from, then the program makes new files that reuse the
 * kernel memory the old ones had. The blocked read must end with EOF,
 * EBADF, EINTR or the old file's own data, never another file's bytes, and
 * the kernel must not fault. (Regression test: these reads used the freed
 * file after close, which gave a program kernel memory to read and write.)
 * The /tmp names reuse_memory makes stay: check.sh boots a fresh image. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/timerfd.h>

static int fd;
static volatile int started;
static long got;
static int err;
static char buf[64];

static void *reader(void *arg) {
	(void)arg;
	started = 1;
	got = read(fd, buf, sizeof buf);
	err = got < 0 ? errno : 0;
	return NULL;
}

static void *waiter(void *arg) {
	(void)arg;
	struct epoll_event ev;
	started = 1;
	got = epoll_wait(fd, &ev, 1, 300);
	err = got < 0 ? errno : 0;
	return NULL;
}

static void *acceptor(void *arg) {
	(void)arg;
	started = 1;
	got = accept(fd, NULL, NULL);
	err = got < 0 ? errno : 0;
	return NULL;
}

static void on_usr1(int sig) { (void)sig; }

static void sleep_ms(long ms) {
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };
	nanosleep(&ts, NULL);
}

/* /tmp names of 47 bytes: the kernel allocates them in the size class the
 * freed eventfd and timerfd objects were in, so a use after free reads
 * these bytes as its wait queue pointers. */
static void reuse_memory(int n) {
	char name[64];
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof name, "/tmp/%sAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%02d", "", i);
		int t = open(name, O_CREAT | O_WRONLY, 0600);
		if (t >= 0)
			close(t);
	}
}

static int src, pipe_w;
static volatile int sent_done;
static long sent;

static void *sender(void *arg) {
	(void)arg;
	started = 1;
	off_t off = 0;
	sent = sendfile(pipe_w, src, &off, 200000);
	sent_done = 1;
	return NULL;
}

static void start_with(pthread_t *th, void *(*fn)(void *)) {
	started = 0;
	pthread_create(th, NULL, fn, NULL);
	while (!started)
		sleep_ms(5);
	sleep_ms(50);   /* let it block */
}

static void start(pthread_t *th) { start_with(th, reader); }

/* A signal ends the read on Linux, which keeps the closed file until the
 * read returns; Ingot has already woken it with EBADF. */
static void finish(pthread_t th) {
	pthread_kill(th, SIGUSR1);
	pthread_join(th, NULL);
}

int main(void) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;   /* no SA_RESTART: EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	pthread_t th;

	/* A pipe: close both ends under the reader, then a new pipe with data. */
	int p[2];
	pipe(p);
	fd = p[0];
	start(&th);
	close(p[0]);
	close(p[1]);
	int q[2];
	pipe(q);
	write(q[1], "SECRET", 6);
	pthread_join(th, NULL);
	printf("pipe: %s\n", got == 0 || (got < 0 && err == EBADF) ? "reader saw EOF or EBADF"
	       : got > 0 ? "reader got another pipe's bytes" : "unexpected");
	char qb[8] = { 0 };
	printf("new pipe still has: %s\n", read(q[0], qb, 6) == 6 ? qb : "nothing");
	close(q[0]);
	close(q[1]);

	/* An eventfd: close it under the reader, reuse the memory, new eventfd. */
	fd = eventfd(0, 0);
	start(&th);
	close(fd);
	reuse_memory(32);
	int e2 = eventfd(7, 0);
	sleep_ms(20);
	finish(th);
	printf("eventfd: %s\n", got < 0 && (err == EBADF || err == EINTR) ? "reader saw EBADF or EINTR"
	       : got == 8 ? "reader got a count" : "unexpected");
	close(e2);

	/* A timerfd due in 300 ms: Linux reads its one expiry, Ingot EBADF. */
	fd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec its = { { 0, 0 }, { 0, 300000000 } };
	timerfd_settime(fd, 0, &its, NULL);
	start(&th);
	close(fd);
	reuse_memory(32);
	int t2 = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec fast = { { 0, 1000000 }, { 0, 1000000 } };
	timerfd_settime(t2, 0, &fast, NULL);
	sleep_ms(500);
	finish(th);
	uint64_t v;
	memcpy(&v, buf, sizeof v);
	printf("timerfd: %s\n", (got < 0 && err == EBADF) || (got == 8 && v == 1) ?
	       "reader saw EBADF or its own expiry" : got == 8 ? "reader got another timer's count" : "unexpected");
	close(t2);

	/* epoll_wait: Linux waits out its 300 ms; Ingot ends it with EBADF. */
	fd = epoll_create1(0);
	int e3 = eventfd(0, 0);
	struct epoll_event ev = { .events = EPOLLIN };
	epoll_ctl(fd, EPOLL_CTL_ADD, e3, &ev);
	start_with(&th, waiter);
	close(fd);
	reuse_memory(32);
	pthread_join(th, NULL);
	printf("epoll_wait: %s\n", got == 0 || (got < 0 && err == EBADF) ? "timed out or EBADF" : "unexpected");
	close(e3);

	/* accept: Linux stays blocked until the signal (EINTR); Ingot EBADF. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 4))
		printf("listen failed\n");
	start_with(&th, acceptor);
	close(fd);
	reuse_memory(32);
	sleep_ms(20);
	finish(th);
	printf("accept: %s\n", got < 0 && (err == EBADF || err == EINTR) ? "EBADF or EINTR" : "unexpected");

	/* sendfile into a full pipe while the source file is truncated and its
	 * memory reused by another file: only the file's bytes may arrive. */
	static char fbuf[200000], rbuf[65536];
	memset(fbuf, 'F', sizeof fbuf);
	src = open("/tmp/source", O_CREAT | O_RDWR | O_TRUNC, 0600);
	write(src, fbuf, sizeof fbuf);
	int sp[2];
	pipe(sp);
	pipe_w = sp[1];
	start_with(&th, sender);
	ftruncate(src, 0);
	memset(fbuf, 'G', sizeof fbuf);
	int g = open("/tmp/other", O_CREAT | O_RDWR | O_TRUNC, 0600);
	write(g, fbuf, sizeof fbuf);
	long total = 0;
	int foreign = 0;
	for (;;) {
		struct pollfd pf = { sp[0], POLLIN, 0 };
		if (poll(&pf, 1, 200) <= 0) {
			if (sent_done)
				break;
			continue;
		}
		ssize_t n = read(sp[0], rbuf, sizeof rbuf);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			foreign += rbuf[i] != 'F';
		total += n;
	}
	pthread_join(th, NULL);
	printf("sendfile: moved %ld, read %ld, all from the file: %s\n", sent, total, foreign ? "no" : "yes");

	/* The fd numbers are free again and the program goes on. */
	int z = open("/data/hello.txt", O_RDONLY);
	char h[6] = { 0 };
	printf("after: read %zd \"%s\"\n", read(z, h, 5), h);
	return 0;
}
