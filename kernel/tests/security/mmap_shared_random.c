/* mmap_shared_random.c — random MAP_SHARED traffic on one /tmp file (up to
 * four mappings; stores, pread/pwrite, ftruncate, msync, mremap, mprotect,
 * partial munmap) checked against a model of the file's bytes: every
 * mapping and every read must show the model, and so must the file after
 * the last munmap. Only bytes before the end of the file are touched
 * (past it Linux raises SIGBUS). Self-checking, so it runs on the host
 * the same way (gcc -O2 mmap_shared_random.c && ./a.out).
 * expect: 0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE  4096
#define PAGES 16 /* the file stays within 16 pages */
#define MAPS  4
#define OPS   4000

static unsigned char model[PAGES * PAGE];
static unsigned char buf[PAGES * PAGE]; /* pwrite's bytes, pread's answer */
static size_t size;
static struct {
	unsigned char *p;
	size_t pages, first; /* length and file page of p */
} map[MAPS];
static unsigned long long seed = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)(seed >> 33) % n;
}

static int fail(int op, const char *what, size_t at)
{
	printf("FAIL op %d: %s at byte %zu\n", op, what, at);
	return 1;
}

/* Bytes of mapping m that are in the file: [0, n). */
static size_t in_file(int m)
{
	size_t from = map[m].first * PAGE, len = map[m].pages * PAGE;
	return size <= from ? 0 : size - from < len ? size - from : len;
}

/* read() of the whole file gives the model: its length, then every byte. */
static int file_matches(int fd, int op, const char *bad_length, const char *bad_byte)
{
	ssize_t got = pread(fd, buf, sizeof buf, 0);
	if (got != (ssize_t)size)
		return fail(op, bad_length, (size_t)got);
	for (size_t i = 0; i < size; i++)
		if (buf[i] != model[i])
			return fail(op, bad_byte, i);
	return 0;
}

int main(void)
{
	int fd = open("/tmp/random.bin", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 2;
	for (int op = 0; op < OPS; op++) {
		int m = (int)rnd(MAPS);
		size_t n = in_file(m);
		switch (rnd(10)) {
		case 0: /* map, if the slot is free */
			if (map[m].p)
				break;
			map[m].pages = 1 + rnd(8);
			map[m].first = rnd(PAGES - 8);
			map[m].p = mmap(NULL, map[m].pages * PAGE, PROT_READ | PROT_WRITE,
					MAP_SHARED, fd, (off_t)map[m].first * PAGE);
			if (map[m].p == MAP_FAILED)
				return fail(op, "mmap", 0);
			break;
		case 1: /* unmap the first page, or all of it */
			if (!map[m].p)
				break;
			if (map[m].pages > 1 && rnd(2)) {
				if (munmap(map[m].p, PAGE))
					return fail(op, "munmap of a page", 0);
				map[m].p += PAGE, map[m].pages--, map[m].first++;
			} else {
				if (munmap(map[m].p, map[m].pages * PAGE))
					return fail(op, "munmap", 0);
				map[m].p = NULL;
			}
			break;
		case 2: /* stores */
			for (int k = 0; map[m].p && n && k < 64; k++) {
				size_t i = rnd((unsigned)n);
				map[m].p[i] = model[map[m].first * PAGE + i] =
					(unsigned char)rnd(256);
			}
			break;
		case 3: /* a mapping shows the model */
			for (size_t i = 0; map[m].p && i < n; i++)
				if (map[m].p[i] != model[map[m].first * PAGE + i])
					return fail(op, "mapping differs from the model",
						    map[m].first * PAGE + i);
			break;
		case 4: { /* pwrite, maybe past the end (a zero gap) */
			size_t at = rnd(PAGES * PAGE - 1),
			       len = 1 + rnd((unsigned)(PAGES * PAGE - at < 9000 ? PAGES * PAGE - at
										 : 9000));
			for (size_t i = 0; i < len; i++)
				buf[i] = (unsigned char)rnd(256);
			if (pwrite(fd, buf, len, (off_t)at) != (ssize_t)len)
				return fail(op, "pwrite", at);
			if (at > size)
				memset(model + size, 0, at - size);
			memcpy(model + at, buf, len);
			if (at + len > size)
				size = at + len;
			break;
		}
		case 5: { /* ftruncate */
			size_t to = rnd(PAGES * PAGE);
			if (ftruncate(fd, (off_t)to))
				return fail(op, "ftruncate", to);
			if (to > size)
				memset(model + size, 0, to - size);
			size = to;
			break;
		}
		case 6: /* pread shows the model */
			if (file_matches(fd, op, "pread length", "pread differs from the model"))
				return 1;
			break;
		case 7: /* msync */
			if (map[m].p &&
			    msync(map[m].p, map[m].pages * PAGE, rnd(2) ? MS_SYNC : MS_ASYNC))
				return fail(op, "msync", 0);
			break;
		case 8: { /* mremap to another length, maybe moving */
			if (!map[m].p)
				break;
			size_t pages = 1 + rnd(8);
			void *q =
				mremap(map[m].p, map[m].pages * PAGE, pages * PAGE, MREMAP_MAYMOVE);
			if (q == MAP_FAILED)
				return fail(op, "mremap", 0);
			map[m].p = q, map[m].pages = pages;
			break;
		}
		case 9: /* mprotect read-only and back */
			if (map[m].p &&
			    (mprotect(map[m].p, map[m].pages * PAGE, PROT_READ) ||
			     mprotect(map[m].p, map[m].pages * PAGE, PROT_READ | PROT_WRITE)))
				return fail(op, "mprotect", 0);
			break;
		}
	}
	for (int m = 0; m < MAPS; m++)
		if (map[m].p && munmap(map[m].p, map[m].pages * PAGE))
			return fail(OPS, "final munmap", 0);
	if (file_matches(fd, OPS, "final length", "the file differs from the model"))
		return 1;
	printf("%d operations: the file and every mapping matched the model\n", OPS);
	return 0;
}
