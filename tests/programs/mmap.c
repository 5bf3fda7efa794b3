/* mmap.c — anonymous and file mappings, munmap, mprotect, mremap. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>

int main(void) {
	size_t len = 1 << 20;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("anon mmap: %s\n", p != MAP_FAILED ? "ok" : "failed");
	int zero = 1;
	for (size_t i = 0; i < len; i += 4096)
		zero &= p[i] == 0;
	printf("zero-filled: %s\n", zero ? "yes" : "no");
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7);
	unsigned sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	printf("sum=%u\n", sum);
	printf("mprotect read-only: %s\n", mprotect(p, 4096, PROT_READ) == 0 ? "ok" : "failed");
	printf("still readable: %u\n", p[10]);
	printf("munmap middle: %s\n", munmap(p + 65536, 65536) == 0 ? "ok" : "failed");
	unsigned char *q = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 65536; i++)
		q[i] = (unsigned char)(i * 3);
	/* Block in-place growth so the mapping has to move. */
	mmap(q + 65536, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	q = mremap(q, 65536, 4 * 65536, MREMAP_MAYMOVE);
	printf("mremap grow: %s, data kept: %s\n", q != MAP_FAILED ? "ok" : "failed",
	       q != MAP_FAILED && q[100] == (unsigned char)(100 * 3) && q[65535] == (unsigned char)(65535 * 3) ? "yes" : "no");
	printf("grown tail zero: %s\n", q != MAP_FAILED && q[3 * 65536] == 0 ? "yes" : "no");
	q = mremap(q, 4 * 65536, 4096, 0);
	printf("mremap shrink: %s\n", q != MAP_FAILED && q[100] == (unsigned char)(100 * 3) ? "ok" : "failed");
	int fd = open("/data/hello.txt", O_RDONLY);
	char *f = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	printf("file mmap: %s\n", f != MAP_FAILED ? "ok" : "failed");
	if (f != MAP_FAILED)
		printf("file starts: %.5s\n", f);
	close(fd);
	void *fixed = mmap((void *)0x200000000, 8192, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED at requested address: %s\n", fixed == (void *)0x200000000 ? "yes" : "no");
	printf("munmap bad alignment fails: %s\n", munmap((char *)fixed + 1, 10) != 0 ? "yes" : "no");
	return 0;
}
