/* enosys.c — an unknown syscall returns -1/ENOSYS and the program goes on. */
#include <stdio.h>
#include <errno.h>
#include <unistd.h>

int main(void) {
	errno = 0;
	long r = syscall(999);
	printf("syscall(999) = %ld, ENOSYS: %s\n", r, errno == ENOSYS ? "yes" : "no");
	printf("still running\n");
	return 0;
}
