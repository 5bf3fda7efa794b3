/*
 * term: a program for `ingot stop` (e2e GracefulStopTest and bench/run's
 * stop rows). argv[1] says what SIGTERM does to it:
 *   handle N   a handler writes "term: last line" and exits with status N
 *   default    no handler: SIGTERM kills it (status 143)
 *   ignore     SIG_IGN: only the VM's quit ends it
 * It prints "term: ready" once the disposition is in place, then sleeps.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int status;

static void on_term(int sig)
{
	(void)sig;
	static const char msg[] = "term: last line\n";
	write(1, msg, sizeof msg - 1);   /* async-signal-safe, unlike printf */
	_exit(status);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "default";
	if (strcmp(mode, "handle") == 0) {
		status = argc > 2 ? atoi(argv[2]) : 0;
		struct sigaction sa = { .sa_handler = on_term };
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTERM, &sa, NULL);
	} else if (strcmp(mode, "ignore") == 0) {
		signal(SIGTERM, SIG_IGN);
	} else if (strcmp(mode, "default") != 0) {
		fprintf(stderr, "usage: term handle N | default | ignore\n");
		return 2;
	}
	printf("term: ready (%s)\n", mode);
	fflush(stdout);
	for (;;)
		pause();
}
