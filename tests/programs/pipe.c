/* pipe.c — a pipe within one process, poll/select readiness, EOF, EPIPE. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/select.h>

int main(void) {
	int p[2];
	printf("pipe: %s\n", pipe(p) == 0 ? "ok" : strerror(errno));
	struct pollfd fds[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
	int n = poll(fds, 2, 0);
	printf("poll empty: %d ready, read end %s, write end %s\n", n,
	       fds[0].revents & POLLIN ? "readable" : "not readable",
	       fds[1].revents & POLLOUT ? "writable" : "not writable");
	printf("write: %zd\n", write(p[1], "abc", 3));
	n = poll(fds, 1, 1000);
	printf("poll after write: %d, POLLIN %s\n", n, fds[0].revents & POLLIN ? "yes" : "no");
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	struct timeval tv = { 0, 0 };
	n = select(p[0] + 1, &rd, NULL, NULL, &tv);
	printf("select: %d, set %s\n", n, FD_ISSET(p[0], &rd) ? "yes" : "no");
	char buf[8] = { 0 };
	printf("read: %zd \"%s\"\n", read(p[0], buf, sizeof buf - 1), buf);
	close(p[1]);
	printf("read at EOF: %zd\n", read(p[0], buf, sizeof buf));
	n = poll(fds, 1, 0);
	printf("poll at EOF: %d, POLLHUP %s\n", n, fds[0].revents & POLLHUP ? "yes" : "no");
	int q[2];
	pipe(q);
	close(q[0]);
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	printf("write without reader: %zd, EPIPE %s\n", write(q[1], "x", 1), errno == EPIPE ? "yes" : "no");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = poll(fds, 0, 20);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("poll timeout: %d after >= 20ms: %s\n", n, ms >= 20 ? "yes" : "no");
	return 0;
}
