/* badjump.c — a jump outside the program image (here into a non-executable
 * anonymous mapping) is reported without a symbol: the fault report must
 * not name the image's nearest-below symbol for an address the image does
 * not contain.
 * expect: 139
 * report: program fault: SIGSEGV
 * noreport: at rip=0x[0-9a-f]* <
 */
#include <stdio.h>
#include <sys/mman.h>

int main(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 2;
	printf("calling %p\n", p);
	fflush(stdout);
	((void (*)(void))p)();
	return 1;
}
