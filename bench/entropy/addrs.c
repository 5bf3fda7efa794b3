/* addrs.c — prints where the kernel put this program's stack, an anonymous
 * mmap, its own code (static PIE) and its break; bench/entropy/run boots
 * it many times on each kernel and counts the bits that change. */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
	int local;
	void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("entropy stack=%p mmap=%p pie=%p brk=%p\n", (void *)&local, m, (void *)main, sbrk(0));
	return 0;
}
