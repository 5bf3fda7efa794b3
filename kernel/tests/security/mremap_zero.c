/* mremap_zero.c — no mapping may be moved to address 0 (or below
 * mmap_min_addr, 64 KiB): mremap(MREMAP_FIXED) fails like
 * mmap(MAP_FIXED) there, with EPERM as Linux gives an unprivileged program.
 * expect: 0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void)
{
	int bad = 0;
	void *m = mmap((void *)0, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("mmap fixed at 0: %s\n", m == MAP_FAILED ? strerror(errno) : "mapped");
	bad |= m != MAP_FAILED;
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 2;
	p[0] = 'x';
	void *q = mremap(p, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)0);
	printf("mremap to 0: %s\n", q == MAP_FAILED ? strerror(errno) : "moved");
	bad |= q != MAP_FAILED;
	q = mremap(p, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)0x8000);
	printf("mremap to 0x8000: %s\n", q == MAP_FAILED ? strerror(errno) : "moved");
	bad |= q != MAP_FAILED;
	bad |= p[0] != 'x';
	return bad;
}
