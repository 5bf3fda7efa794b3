/* tcp_echo.c — blocking TCP echo server: serves argv[1] clients (default
 * 1) one after another on port argv[2] (default 8080), rebinds the port
 * (SO_REUSEADDR; EADDRINUSE for a second socket), then exits 0.
 * Each failed check exits with its own code. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <errno.h>

int main(int argc, char **argv) {
	int clients = argc > 1 ? atoi(argv[1]) : 1;
	int port = argc > 2 ? atoi(argv[2]) : 8080;
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0) return 11;
	int one = 1;
	if (setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one)) return 12;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	if (bind(l, (struct sockaddr *)&a, sizeof a)) return 13;
	if (listen(l, 16)) return 14;
	socklen_t al = sizeof a;
	if (getsockname(l, (struct sockaddr *)&a, &al) || ntohs(a.sin_port) != port) return 15;
	int type = 0;
	socklen_t tl = sizeof type;
	if (getsockopt(l, SOL_SOCKET, SO_TYPE, &type, &tl) || type != SOCK_STREAM) return 16;
	printf("listening on %d\n", port);
	fflush(stdout);
	for (int i = 0; i < clients; i++) {
		struct sockaddr_in peer;
		socklen_t pl = sizeof peer;
		int c = accept(l, (struct sockaddr *)&peer, &pl);
		if (c < 0) return 17;
		if (setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one)) return 18;
		char buf[65536];
		long total = 0;
		for (;;) {
			ssize_t n = read(c, buf, sizeof buf);
			if (n < 0) return 19;
			if (n == 0) break;
			for (ssize_t off = 0; off < n; ) {
				ssize_t w = write(c, buf + off, n - off);
				if (w <= 0) return 20;
				off += w;
			}
			total += n;
		}
		close(c);
		printf("client %d: %ld bytes\n", i + 1, total);
		fflush(stdout);
	}
	close(l);
	/* The port again, at once (SO_REUSEADDR), then once more without it
	 * while the first is still bound: EADDRINUSE. */
	l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1)) return 21;
	int l2 = socket(AF_INET, SOCK_STREAM, 0);
	if (bind(l2, (struct sockaddr *)&a, sizeof a) != -1 || errno != EADDRINUSE) return 22;
	return 0;
}
