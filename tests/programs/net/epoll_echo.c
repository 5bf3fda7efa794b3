/* epoll_echo.c — non-blocking echo server on port argv[1] (default 8080)
 * multiplexing every client with epoll (level-triggered reads, EPOLLOUT
 * only while a reply is pending); exits 0 after argv[2] clients (default
 * 10) have come and gone. Each failed check exits with its own code. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXFD 1024
struct conn { char buf[16384]; size_t len; };
static struct conn conns[MAXFD];

static int watch(int ep, int op, int fd, unsigned events)
{
	struct epoll_event e = { .events = events, .data.fd = fd };
	return epoll_ctl(ep, op, fd, &e);
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 8080;
	int want = argc > 2 ? atoi(argv[2]) : 10;
	int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l < 0) return 10;
	int one = 1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 128)) return 11;
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0) return 12;
	if (watch(ep, EPOLL_CTL_ADD, l, EPOLLIN)) return 13;
	printf("listening on %d\n", port);
	fflush(stdout);

	int done = 0;
	struct epoll_event ev[64];
	while (done < want) {
		int n = epoll_wait(ep, ev, 64, 30000);
		if (n <= 0) return 14;
		for (int i = 0; i < n; i++) {
			int fd = ev[i].data.fd;
			if (fd == l) {
				for (;;) {
					int c = accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
					if (c < 0) { if (errno != EAGAIN) return 15; break; }
					if (c >= MAXFD) return 16;
					conns[c].len = 0;
					if (watch(ep, EPOLL_CTL_ADD, c, EPOLLIN | EPOLLRDHUP)) return 17;
				}
				continue;
			}
			struct conn *c = &conns[fd];
			int close_it = 0;
			if (c->len == 0 && (ev[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP))) {
				ssize_t r = read(fd, c->buf, sizeof c->buf);
				if (r > 0) {
					c->len = r;
					if (watch(ep, EPOLL_CTL_MOD, fd, EPOLLOUT)) return 18;
				} else if (r == 0 || errno != EAGAIN) {
					close_it = 1;
				}
			} else if (c->len && (ev[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
				ssize_t w = write(fd, c->buf, c->len);
				if (w > 0) {
					memmove(c->buf, c->buf + w, c->len - w);
					c->len -= w;
					if (c->len == 0 && watch(ep, EPOLL_CTL_MOD, fd, EPOLLIN | EPOLLRDHUP)) return 19;
				} else if (w < 0 && errno != EAGAIN) {
					close_it = 1;
				}
			}
			if (close_it) {
				/* close() also drops it from the epoll set, as on Linux */
				close(fd);
				done++;
			}
		}
	}
	printf("served %d clients\n", done);
	return 0;
}
