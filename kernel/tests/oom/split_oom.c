/* split_oom.c — with every page of RAM in use, calls that must split a
 * region (mprotect, munmap, mmap MAP_FIXED, mremap) return ENOMEM, as
 * Linux does, and change nothing; once memory is free again they work.
 * Self-checking: PASS or FAIL lines, exit 0 only if all passed. Booted by
 * check.sh with 64 MiB. (Regression test: munmap of a page in the middle
 * of a region panicked the kernel when it had no memory to split.) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#define P      4096L
#define REGION (4096 * P) /* 16 MiB, never touched */
static void *maps[4096];
static size_t lens[4096];
static int failed;

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", what);
	failed |= !ok;
}

/* Eager file mappings (pages filled at mmap) until no page is left. */
static int exhaust(int fd)
{
	int n = 0;
	for (size_t len = 1L << 20; len >= (size_t)P && n < 4096;) {
		void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED) {
			len /= 2;
			continue;
		}
		maps[n] = m;
		lens[n++] = len;
	}
	return n;
}

int main(void)
{
	printf("start\n");
	fflush(stdout);
	int fd = open("/data/hello.txt", O_RDONLY);
	char *r = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fd < 0 || r == MAP_FAILED) {
		printf("FAIL setup\n");
		return 1;
	}
	int n = exhaust(fd);
	/* Split the region page by page until the kernel's heap is out too. */
	long k, mp_err = 0;
	for (k = 0; k < 4096; k += 2) {
		if (mprotect(r + k * P, P, PROT_READ) != 0) {
			mp_err = errno;
			break;
		}
	}
	long mid = k + 64; /* still inside one unsplit region */
	long un = munmap(r + mid * P, P), un_err = errno;
	void *fx = mmap(r + (mid + 8) * P, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			-1, 0);
	long fx_err = errno;
	void *rm = mremap(r + (mid + 16) * P, 4 * P, 2 * P, 0);
	long rm_err = errno;
	void *mv = mremap(r + (mid + 32) * P, 2 * P, 64 * P, MREMAP_MAYMOVE);
	long mv_err = errno;
	for (int i = 0; i < n; i++) /* whole regions: needs no memory */
		munmap(maps[i], lens[i]);

	printf("%d file mappings filled RAM; %ld single-page mprotects\n", n, k / 2);
	check(n > 0 && mp_err == ENOMEM, "mprotect: ENOMEM when no memory is left to split");
	check(un == -1 && un_err == ENOMEM, "munmap of a middle page: ENOMEM");
	check(fx == MAP_FAILED && fx_err == ENOMEM, "mmap MAP_FIXED over a middle page: ENOMEM");
	check(rm == MAP_FAILED && rm_err == ENOMEM, "mremap shrinking a middle part: ENOMEM");
	check(mv == MAP_FAILED && mv_err == ENOMEM, "mremap moving a middle part: ENOMEM");
	r[(mid + 1) * P] = 5; /* the region is intact */
	check(munmap(r + mid * P, P) == 0, "munmap works with memory again");
	check(mprotect(r + (mid + 40) * P, P, PROT_READ) == 0, "mprotect works with memory again");
	char *moved = mremap(r + (mid + 1) * P, P, 64 * P, MREMAP_MAYMOVE);
	check(moved != MAP_FAILED && moved[0] == 5, "mremap moves the page and its data");
	return failed;
}
