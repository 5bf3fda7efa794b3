/* clone_fpu_header.c — a new thread's vector-state area came from the
 * kernel heap unzeroed; XSAVE leaves bytes 8-63 of its header as they
 * were, and XRSTOR faults in ring 0 on any bit set there, so a thread
 * made after the program had filled freed heap memory with 0xff panicked
 * the kernel at fpu_restore (found by tests/fuzz). Here AF_UNIX messages
 * of many sizes full of 0xff pass through the kernel heap (sent, then
 * received, which frees them), and a thread is made and run after each.
 * expect: 0
 */
#include <sys/socket.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *quick(void *arg)
{
	return arg;
}

int main(void)
{
	static char ff[16384];
	memset(ff, 0xff, sizeof ff);
	static char back[16384];
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
		return 2;
	for (int round = 0; round < 300; round++) {
		size_t len = 512 + (size_t)round * 53 % 12000;
		for (int k = 0; k < 4; k++)
			if (send(sv[0], ff, len + (size_t)k * 8, 0) < 0)
				return 2;
		for (int k = 0; k < 4; k++)
			if (recv(sv[1], back, sizeof back, 0) < 0)
				return 2;
		pthread_t t;
		if (pthread_create(&t, NULL, quick, NULL))
			return 3;
		pthread_join(t, NULL);
	}
	printf("300 threads made over freed 0xff memory\n");
	return 0;
}
