/* hello.c — the smallest program: one line, exit 0. */
#include <stdio.h>

int main(void) {
	printf("hello, world\n");
	return 0;
}
