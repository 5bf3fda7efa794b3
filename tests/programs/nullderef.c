/* nullderef.c — reads through a NULL pointer: SIGSEGV 139, cr2=0. */
#include <stdio.h>

int main(void) {
	printf("dereferencing NULL\n");
	fflush(stdout);
	volatile int *p = 0;
	int v = *p;
	printf("read %d (NULL mapped?)\n", v);
	return 0;
}
