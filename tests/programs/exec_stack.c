/* exec_stack.c — jumps to code on the stack: NX must stop it (SIGSEGV 139). */
#include <stdio.h>
#include <string.h>

int main(void) {
	/* mov $42, %eax; ret */
	unsigned char code[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };
	printf("jumping to the stack\n");
	fflush(stdout);
	int (*fn)(void) = (int (*)(void))(void *)code;
	int r = fn();
	printf("stack code ran and returned %d (NX broken)\n", r);
	return 0;
}
