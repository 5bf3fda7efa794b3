/* poll_echo.c — non-blocking echo server on port argv[1] (default 8080)
 * multiplexing every client with poll(); exits 0 after argv[2] clients
 * (default 10) have come and gone. Checks EAGAIN on an empty accept and
 * read. Each failed check exits with its own code. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXC 128
struct conn { int fd; char buf[16384]; size_t len; };
static struct conn conns[MAXC];

int main(int argc, char **argv) {
	int port = argc > 1 ? atoi(argv[1]) : 8080;
	int want = argc > 2 ? atoi(argv[2]) : 10;
	int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (l < 0) return 10;
	int one = 1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 128)) return 11;
	if (accept(l, NULL, NULL) != -1 || errno != EAGAIN) return 12;
	printf("listening on %d\n", port);
	fflush(stdout);
	int done = 0, n = 0;
	while (done < want) {
		struct pollfd p[MAXC + 1];
		p[0] = (struct pollfd){ .fd = l, .events = POLLIN };
		for (int i = 0; i < n; i++)
			p[i + 1] = (struct pollfd){ .fd = conns[i].fd,
				.events = conns[i].len ? POLLOUT : POLLIN };
		if (poll(p, n + 1, 30000) <= 0) return 13;
		for (int i = n - 1; i >= 0; i--) {
			struct conn *c = &conns[i];
			short re = p[i + 1].revents;
			if (!re) continue;
			int close_it = 0;
			if (c->len == 0 && (re & (POLLIN | POLLHUP | POLLERR))) {
				ssize_t r = read(c->fd, c->buf, sizeof c->buf);
				if (r > 0) c->len = r;
				else if (r == 0 || errno != EAGAIN) close_it = 1;
			} else if (c->len && (re & (POLLOUT | POLLERR | POLLHUP))) {
				ssize_t w = write(c->fd, c->buf, c->len);
				if (w > 0) { memmove(c->buf, c->buf + w, c->len - w); c->len -= w; }
				else if (w < 0 && errno != EAGAIN) close_it = 1;
			}
			if (close_it) {
				close(c->fd);
				conns[i] = conns[--n];
				done++;
			}
		}
		if (p[0].revents & POLLIN) {
			for (;;) {
				int c = accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
				if (c < 0) { if (errno != EAGAIN) return 14; break; }
				if (n == MAXC) return 15;
				/* Non-blocking: either bytes are already there or EAGAIN. */
				ssize_t r = read(c, conns[n].buf, sizeof conns[n].buf);
				if (r < 0 && errno != EAGAIN) return 16;
				conns[n].len = r > 0 ? (size_t)r : 0;
				conns[n].fd = c;
				n++;
			}
		}
	}
	printf("served %d clients\n", done);
	return 0;
}
