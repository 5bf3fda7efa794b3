/* bigrange.c — range calls on a 16 TiB PROT_NONE reservation must be cheap
 * (they walk what is mapped, not every page): the test's timeout catches a
 * kernel that takes minutes. Prints the guest time of each call.
 * expect: 0
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>

#define SIZE (16UL << 40)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int check(const char *what, int rc, double t0)
{
	printf("%s: %s, %.3f ms\n", what, rc ? "failed" : "ok", (now() - t0) * 1e3);
	return rc != 0;
}

int main(void)
{
	int bad = 0;
	double t = now();
	char *p = mmap(NULL, SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap 16 TiB");
		return 1;
	}
	bad |= check("mmap", 0, t);
	t = now();
	bad |= check("mprotect rw", mprotect(p, SIZE, PROT_READ | PROT_WRITE), t);
	p[0] = 1;
	p[SIZE / 2] = 2;
	p[SIZE - 1] = 3; /* a few real pages */
	t = now();
	bad |= check("msync", msync(p, SIZE, MS_ASYNC), t);
	unsigned char vec[16];
	t = now();
	bad |= check("mincore", mincore(p + SIZE / 2, sizeof vec * 4096, vec), t);
	bad |= !(vec[0] & 1) || (vec[1] & 1);
	t = now();
	bad |= check("madvise", madvise(p, SIZE, MADV_DONTNEED), t);
	bad |= p[SIZE / 2] != 0;
	p[SIZE / 2] = 4;
	t = now();
	bad |= check("mprotect none", mprotect(p, SIZE, PROT_NONE), t);
	t = now();
	char *q = mremap(p, SIZE, SIZE, MREMAP_MAYMOVE | MREMAP_FIXED, p - SIZE);
	bad |= check("mremap", q == MAP_FAILED, t);
	if (q != MAP_FAILED) {
		mprotect(q + SIZE / 2, 4096, PROT_READ);
		bad |= q[SIZE / 2] != 4;
		p = q;
	}
	t = now();
	bad |= check("munmap", munmap(p, SIZE), t);
	printf("%s\n", bad ? "FAILED" : "all ok");
	return bad;
}
