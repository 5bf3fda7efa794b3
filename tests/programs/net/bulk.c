/* bulk.c — throughput: "bulk sink PORT" accepts one connection and reads
 * until EOF; "bulk source PORT MB" accepts one and writes MB MiB. Prints
 * the bytes moved and the guest-side MB/s. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
	if (argc < 3) return 2;
	int source = !strcmp(argv[1], "source");
	int port = atoi(argv[2]);
	long total = argc > 3 ? atol(argv[3]) << 20 : 0;
	int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1)) return 10;
	printf("ready\n");
	fflush(stdout);
	int c = accept(l, NULL, NULL);
	if (c < 0) return 11;
	static char buf[1 << 16];
	memset(buf, 'x', sizeof buf);
	long moved = 0;
	double t0 = now();
	if (source) {
		while (moved < total) {
			ssize_t w = write(c, buf, total - moved < (long)sizeof buf ? total - moved : (long)sizeof buf);
			if (w <= 0) return 12;
			moved += w;
		}
		shutdown(c, SHUT_WR);
		while (read(c, buf, sizeof buf) > 0) {}
	} else {
		ssize_t r;
		while ((r = read(c, buf, sizeof buf)) > 0)
			moved += r;
		if (r < 0) return 13;
	}
	double dt = now() - t0;
	printf("%s: %ld bytes in %.2f s, %.1f MB/s\n", argv[1], moved, dt, moved / dt / 1e6);
	close(c);
	return 0;
}
