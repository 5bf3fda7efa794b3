/* sighandler_rip.c — a signal handler at a non-canonical address,
 * delivered on the way back from a fault (not a syscall), must end the
 * program with SIGSEGV: the kernel checks the rip it returns to with
 * IRETQ as it does for SYSRET.
 * expect: 139
 * report: signal handler at non-user rip
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = (void (*)(int))0x0000800000000000UL;
	if (sigaction(SIGSEGV, &sa, NULL)) {
		perror("sigaction");
		return 1;
	}
	printf("faulting\n");
	fflush(stdout);
	*(volatile int *)(unsigned long)argc = 1;
	return 2;
}
