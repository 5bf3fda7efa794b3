/* udp_echo.c — UDP echo on port argv[1] (default 8081): answers every
 * datagram with the same bytes until one says "bye", then exits 0 if at
 * least argv[2] (default 5) were echoed. Checks recvfrom's address,
 * MSG_PEEK, recvmsg with MSG_TRUNC, sendmsg, and SO_RCVTIMEO. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <errno.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv) {
	int port = argc > 1 ? atoi(argv[1]) : 8081;
	int want = argc > 2 ? atoi(argv[2]) : 5;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) return 10;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	if (bind(s, (struct sockaddr *)&a, sizeof a)) return 11;
	/* SO_RCVTIMEO: a receive with nothing coming gives EAGAIN in time. */
	int t = socket(AF_INET, SOCK_DGRAM, 0);
	struct timeval tv = { 0, 100000 };
	if (setsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv)) return 19;
	char c;
	if (recv(t, &c, 1, 0) != -1 || errno != EAGAIN) return 20;
	close(t);
	printf("udp on %d\n", port);
	fflush(stdout);
	int i;
	for (i = 0;; i++) {
		char buf[2048], peek[4];
		struct sockaddr_in from;
		socklen_t fl = sizeof from;
		if (recvfrom(s, peek, sizeof peek, MSG_PEEK, NULL, NULL) < 0) return 12;
		ssize_t n;
		if (i % 2) {
			n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
			if (n < 0 || fl != sizeof from || from.sin_family != AF_INET) return 13;
			if (n >= 4 && memcmp(peek, buf, 4)) return 14;
			if (n == 3 && !memcmp(buf, "bye", 3)) break;
			if (sendto(s, buf, n, 0, (struct sockaddr *)&from, fl) != n) return 15;
		} else {
			struct iovec iov = { buf, sizeof buf };
			struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof from,
					    .msg_iov = &iov, .msg_iovlen = 1 };
			n = recvmsg(s, &m, 0);
			if (n < 0 || m.msg_namelen != sizeof from || (m.msg_flags & MSG_TRUNC)) return 16;
			if (n == 3 && !memcmp(buf, "bye", 3)) break;
			iov.iov_len = n;
			if (sendmsg(s, &m, 0) != n) return 17;
		}
	}
	printf("echoed %d datagrams\n", i);
	return i >= want ? 0 : 18;
}
