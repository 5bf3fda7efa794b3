/* close_blocked.c — one thread blocks in accept() and another in recv()
 * while the main thread closes both sockets: both calls must come back
 * (EBADF here; Linux would keep them blocked) instead of sleeping on
 * freed memory. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int lfd, ufd;
static int accept_err, recv_err;

static void *acceptor(void *arg) {
	if (accept(lfd, NULL, NULL) < 0) accept_err = errno;
	return NULL;
}

static void *receiver(void *arg) {
	char c;
	if (recv(ufd, &c, 1, 0) < 0) recv_err = errno;
	return NULL;
}

int main(void) {
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9100) };
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) || listen(lfd, 1)) return 10;
	ufd = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_port = htons(9101);
	if (bind(ufd, (struct sockaddr *)&a, sizeof a)) return 11;
	pthread_t t1, t2;
	pthread_create(&t1, NULL, acceptor, NULL);
	pthread_create(&t2, NULL, receiver, NULL);
	usleep(200000);
	close(lfd);
	close(ufd);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("accept: %s, recv: %s\n", accept_err ? "error" : "ok", recv_err ? "error" : "ok");
	return accept_err && recv_err ? 0 : 12;
}
