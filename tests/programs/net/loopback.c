/* loopback.c — the program talks to itself: TCP over 127.0.0.1 and over
 * its own address (argv[1], default 10.0.2.15), blocking on one side and
 * non-blocking + poll on the other, then UDP over 127.0.0.1. Each failed
 * check exits with its own code. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int tcp_pair(const char *ip, int port) {
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	inet_pton(AF_INET, ip, &a.sin_addr);
	int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 4)) return 1;
	int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (connect(c, (struct sockaddr *)&a, sizeof a) == 0 || errno != EINPROGRESS) {
		if (errno) return 2;
	}
	int s = accept(l, NULL, NULL);
	if (s < 0) return 3;
	struct pollfd p = { .fd = c, .events = POLLOUT };
	if (poll(&p, 1, 5000) != 1) return 4;
	char big[100000], back[100000];
	for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(i * 7);
	size_t sent = 0, got = 0;
	while (got < sizeof big) {   /* c writes (non-blocking), s echoes nothing: just reads */
		if (sent < sizeof big) {
			ssize_t w = write(c, big + sent, sizeof big - sent);
			if (w > 0) sent += w;
			else if (errno != EAGAIN) return 5;
		}
		ssize_t r = recv(s, back + got, sizeof back - got, MSG_DONTWAIT);
		if (r > 0) got += r;
		else if (r == 0 || errno != EAGAIN) return 6;
	}
	if (memcmp(big, back, sizeof big)) return 7;
	close(c);
	char x;
	if (read(s, &x, 1) != 0) return 8;   /* EOF after the peer's close */
	close(s);
	close(l);
	printf("tcp over %s ok\n", ip);
	return 0;
}

int main(int argc, char **argv) {
	int r;
	if ((r = tcp_pair("127.0.0.1", 9000))) return 10 + r;
	if ((r = tcp_pair(argc > 1 ? argv[1] : "10.0.2.15", 9001))) return 20 + r;
	int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9002) };
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (bind(u, (struct sockaddr *)&a, sizeof a)) return 30;
	if (sendto(v, "ping", 4, 0, (struct sockaddr *)&a, sizeof a) != 4) return 31;
	char buf[8];
	if (recv(u, buf, sizeof buf, 0) != 4 || memcmp(buf, "ping", 4)) return 32;
	printf("udp over 127.0.0.1 ok\n");
	return 0;
}
