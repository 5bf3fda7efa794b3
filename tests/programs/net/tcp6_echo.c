/* tcp6_echo.c — dual-stack IPv6: first checks with itself over loopback,
 * then serves argv[1] clients (default 1) on [::]:argv[2] (default 8080),
 * reached from the host through QEMU's IPv4 hostfwd, printing each peer
 * (an IPv4 client shows as ::ffff:a.b.c.d) and echoing until EOF.
 * Self-checks: IPV6_V6ONLY is 0 by default; AF_INET6 connects to
 * ::ffff:127.0.0.1 (the JDK's way) and to ::1; an AF_INET client reaches
 * the [::] listener; a V6ONLY listener refuses IPv4 but takes ::1; UDP on
 * [::] answers an IPv4 sender through its v4-mapped address;
 * /proc/net/if_inet6 lists ::1.
 * Each failed check exits with its own code. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_in6 a6(const char *ip, int port) {
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
	inet_pton(AF_INET6, ip, &a.sin6_addr);
	return a;
}

static const char *show(struct sockaddr_in6 *a) {
	static char buf[INET6_ADDRSTRLEN + 8];
	inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
	return buf;
}

static int listener(int port, int v6only) {
	int l = socket(AF_INET6, SOCK_STREAM, 0), one = 1;
	if (l < 0) return -1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (v6only && setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one)) return -1;
	struct sockaddr_in6 a = a6("::", port);
	if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 8)) return -1;
	return l;
}

/* Connects c to addr, accepts on l, sends one message across; the
 * accepted peer's address must be want. */
static int round_trip(int l, int c, struct sockaddr *addr, socklen_t len, const char *want) {
	if (connect(c, addr, len)) return 1;
	struct sockaddr_in6 peer;
	socklen_t pl = sizeof peer;
	int s = accept(l, (struct sockaddr *)&peer, &pl);
	if (s < 0 || pl != sizeof peer || peer.sin6_family != AF_INET6) return 2;
	printf("loopback peer %s\n", show(&peer));
	if (strcmp(show(&peer), want)) return 3;
	char buf[8] = { 0 };
	if (write(c, "ping", 4) != 4 || read(s, buf, sizeof buf) != 4 || strcmp(buf, "ping")) return 4;
	close(s);
	close(c);
	return 0;
}

static int self_checks(int port) {
	/* The JDK uses IPv6 only when /proc/net/if_inet6 lists an address. */
	char line[128] = { 0 };
	FILE *f = fopen("/proc/net/if_inet6", "r");
	int have_lo = 0;
	while (f && fgets(line, sizeof line, f))
		have_lo |= strncmp(line, "00000000000000000000000000000001 ", 33) == 0;
	if (f) fclose(f);
	if (!have_lo) return 19;
	int l = listener(port, 0);
	if (l < 0) return 20;
	int v = -1;
	socklen_t vl = sizeof v;
	if (getsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &v, &vl) || v != 0) return 21;
	struct sockaddr_in6 name;
	socklen_t nl = sizeof name;
	if (getsockname(l, (struct sockaddr *)&name, &nl) || strcmp(show(&name), "::") ||
	    ntohs(name.sin6_port) != port) return 22;
	struct sockaddr_in6 m = a6("::ffff:127.0.0.1", port), one = a6("::1", port);
	if (round_trip(l, socket(AF_INET6, SOCK_STREAM, 0), (struct sockaddr *)&m, sizeof m, "::ffff:127.0.0.1")) return 23;
	if (round_trip(l, socket(AF_INET6, SOCK_STREAM, 0), (struct sockaddr *)&one, sizeof one, "::1")) return 24;
	struct sockaddr_in v4 = { .sin_family = AF_INET, .sin_port = htons(port) };
	inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
	if (round_trip(l, socket(AF_INET, SOCK_STREAM, 0), (struct sockaddr *)&v4, sizeof v4, "::ffff:127.0.0.1")) return 25;
	close(l);
	/* IPV6_V6ONLY: IPv4 is refused, IPv6 still comes in. */
	int l6 = listener(port + 1, 1);
	if (l6 < 0) return 26;
	v4.sin_port = htons(port + 1);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(c, (struct sockaddr *)&v4, sizeof v4) != -1 || errno != ECONNREFUSED) return 27;
	close(c);
	one.sin6_port = htons(port + 1);
	if (round_trip(l6, socket(AF_INET6, SOCK_STREAM, 0), (struct sockaddr *)&one, sizeof one, "::1")) return 28;
	close(l6);
	/* UDP on [::]: an IPv4 sender, answered through ::ffff:127.0.0.1. */
	int u6 = socket(AF_INET6, SOCK_DGRAM, 0), u4 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in6 any = a6("::", port + 2), from;
	if (bind(u6, (struct sockaddr *)&any, sizeof any)) return 29;
	v4.sin_port = htons(port + 2);
	if (sendto(u4, "udp4", 4, 0, (struct sockaddr *)&v4, sizeof v4) != 4) return 30;
	char buf[8] = { 0 };
	socklen_t fl = sizeof from;
	if (recvfrom(u6, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) != 4 || strcmp(buf, "udp4")) return 31;
	printf("udp peer %s\n", show(&from));
	if (strcmp(show(&from), "::ffff:127.0.0.1")) return 32;
	if (sendto(u6, "back", 4, 0, (struct sockaddr *)&from, fl) != 4) return 33;
	memset(buf, 0, sizeof buf);
	if (recv(u4, buf, sizeof buf, 0) != 4 || strcmp(buf, "back")) return 34;
	close(u6);
	close(u4);
	return 0;
}

int main(int argc, char **argv) {
	int clients = argc > 1 ? atoi(argv[1]) : 1;
	int port = argc > 2 ? atoi(argv[2]) : 8080;
	setvbuf(stdout, NULL, _IONBF, 0);
	int r = self_checks(port + 10);
	if (r) {
		printf("self check failed: %d (errno %d)\n", r, errno);
		return r;
	}
	int l = listener(port, 0);
	if (l < 0) return 40;
	printf("listening on [::]:%d\n", port);
	for (int i = 0; i < clients; i++) {
		struct sockaddr_in6 peer;
		socklen_t pl = sizeof peer;
		int c = accept(l, (struct sockaddr *)&peer, &pl);
		if (c < 0) return 41;
		printf("client from %s\n", show(&peer));
		if (strncmp(show(&peer), "::ffff:", 7)) return 42;   /* hostfwd connects over IPv4 */
		char buf[65536];
		ssize_t n;
		while ((n = read(c, buf, sizeof buf)) > 0)
			for (ssize_t off = 0; off < n; ) {
				ssize_t k = write(c, buf + off, (size_t)(n - off));
				if (k <= 0) return 43;
				off += k;
			}
		if (n < 0) return 44;
		close(c);
	}
	return 0;
}
