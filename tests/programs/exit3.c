/* exit3.c — exit status 3 after some output. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
	printf("exiting with 3\n");
	exit(3);
}
