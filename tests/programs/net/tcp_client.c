/* tcp_client.c — connects out to argv[1]:argv[2] (default 10.0.2.2, the
 * host under QEMU user networking), sends a line, expects it back, and
 * half-closes a second connection (shutdown SHUT_WR, echo, EOF, EPIPE,
 * POLLHUP), tries a non-blocking connect (EINPROGRESS, poll, SO_ERROR 0)
 * and a refused one (port argv[3], nobody listening: ECONNREFUSED). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <signal.h>
#include <unistd.h>

static int connect_to(const char *ip, int port, int flags) {
	int s = socket(AF_INET, SOCK_STREAM | flags, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	inet_pton(AF_INET, ip, &a.sin_addr);
	int r = connect(s, (struct sockaddr *)&a, sizeof a);
	return r == 0 ? s : (errno == EINPROGRESS ? -1000 - s : -errno);
}

int main(int argc, char **argv) {
	signal(SIGPIPE, SIG_IGN);   /* the half-close check writes after shutdown */
	const char *ip = argc > 1 ? argv[1] : "10.0.2.2";
	int port = argc > 2 ? atoi(argv[2]) : 18090;
	int closed = argc > 3 ? atoi(argv[3]) : 18091;
	int s = connect_to(ip, port, 0);
	if (s < 0) { printf("connect: %s\n", strerror(-s)); return 10; }
	struct sockaddr_in me, peer;
	socklen_t ml = sizeof me, pl = sizeof peer;
	if (getsockname(s, (struct sockaddr *)&me, &ml) || getpeername(s, (struct sockaddr *)&peer, &pl)) return 11;
	printf("connected from %s", inet_ntoa(me.sin_addr));
	printf(" to %s:%d\n", inet_ntoa(peer.sin_addr), ntohs(peer.sin_port));
	const char msg[] = "ping from the guest\n";
	if (write(s, msg, sizeof msg - 1) != sizeof msg - 1) return 12;
	char buf[128];
	size_t got = 0;
	while (got < sizeof msg - 1) {
		ssize_t n = read(s, buf + got, sizeof buf - got);
		if (n <= 0) return 13;
		got += n;
	}
	if (memcmp(buf, msg, sizeof msg - 1)) return 14;
	close(s);
	printf("echo ok\n");
	/* Half close: our FIN first, then the echo and the host's FIN. */
	s = connect_to(ip, port, 0);
	if (s < 0) return 19;
	if (write(s, msg, sizeof msg - 1) != sizeof msg - 1 || shutdown(s, SHUT_WR)) return 20;
	got = 0;
	for (;;) {
		ssize_t n = read(s, buf + got, sizeof buf - got);
		if (n < 0) return 21;
		if (n == 0) break;
		got += n;
	}
	if (got != sizeof msg - 1 || write(s, "x", 1) != -1 || errno != EPIPE) return 22;
	struct pollfd hp = { .fd = s, .events = POLLIN };
	if (poll(&hp, 1, 0) != 1 || !(hp.revents & POLLHUP)) return 23;
	close(s);
	printf("half close ok\n");
	int r = connect_to(ip, port, SOCK_NONBLOCK);
	if (r > -1000) return 15;
	s = -1000 - r;
	struct pollfd p = { .fd = s, .events = POLLOUT };
	if (poll(&p, 1, 10000) != 1) return 16;
	int err = -1;
	socklen_t el = sizeof err;
	if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &el) || err) return 17;
	close(s);
	printf("non-blocking connect ok\n");
	r = connect_to(ip, closed, 0);
	printf("closed port: %s\n", r == -ECONNREFUSED ? "ECONNREFUSED" : strerror(-r));
	return r == -ECONNREFUSED ? 0 : 18;
}
