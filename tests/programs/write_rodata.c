/* write_rodata.c — writes to read-only data: expect SIGSEGV (status 139). */
#include <stdio.h>

static const char message[] = "read-only";

int main(void) {
	printf("writing to .rodata\n");
	fflush(stdout);
	volatile char *p = (volatile char *)message;
	p[0] = 'X';
	printf("write succeeded (W^X broken)\n");
	return 0;
}
