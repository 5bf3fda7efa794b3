/* mmap_shared.c — MAP_SHARED file mappings: stores reach the file (msync,
 * munmap, exit), two mappings of one file see each other, read() and
 * write() agree with the mapping, and msync's and mmap's errors are
 * Linux's. Prints one line per check.
 *
 *   mmap_shared [anything]   the checks, on a file in /tmp
 *   mmap_shared write DIR    maps DIR/synced.bin and DIR/atexit.bin and
 *                            stores a pattern: the first is msync'd and
 *                            unmapped, the second is left mapped at exit
 *   mmap_shared read DIR     reads both back with read() (a later boot)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE 4096
#define SIZE (3 * PAGE + 100) /* the last page is partly past the end */

static void say(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "yes" : "no");
}

static const char *err(int r)
{
	return r == 0 ? "0" : errno == EINVAL ? "EINVAL" : errno == ENOMEM ? "ENOMEM" : errno == EACCES ? "EACCES" : strerror(errno);
}

static unsigned sum(const unsigned char *p, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* The whole file through read(), its size and FNV-1a hash. */
static void show(const char *path)
{
	static unsigned char buf[4 * PAGE];
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("%s: %s\n", path, strerror(errno));
		return;
	}
	ssize_t n = read(fd, buf, sizeof buf);
	close(fd);
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	printf("%s: %zd bytes, hash %08x, starts \"%.24s\"\n", name, n, n > 0 ? sum(buf, n) : 0, buf);
}

static int make_file(const char *path, size_t size)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char *zero = calloc(1, size);
	if (fd < 0 || !zero || write(fd, zero, size) != (ssize_t)size) {
		printf("%s: cannot make it: %s\n", path, strerror(errno));
		exit(1);
	}
	free(zero);
	return fd;
}

static void pattern(char *p, const char *tag)
{
	for (int i = 0; i < SIZE; i++)
		p[i] = (char)('a' + (i * 7) % 26);
	memcpy(p, tag, strlen(tag));
	memcpy(p + 2 * PAGE, tag, strlen(tag));
}

static int boot_write(const char *dir)
{
	char a[256], b[256];
	snprintf(a, sizeof a, "%s/synced.bin", dir);
	snprintf(b, sizeof b, "%s/atexit.bin", dir);
	int fa = make_file(a, SIZE), fb = make_file(b, SIZE);
	char *pa = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fa, 0);
	char *pb = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fb, 0);
	if (pa == MAP_FAILED || pb == MAP_FAILED) {
		printf("mmap: %s\n", strerror(errno));
		return 1;
	}
	close(fa);
	close(fb);
	pattern(pa, "synced by msync+munmap ");
	printf("msync MS_SYNC: %s\n", err(msync(pa, SIZE, MS_SYNC)));
	printf("munmap: %s\n", err(munmap(pa, SIZE)));
	pattern(pb, "written back at exit ");
	return 0; /* pb stays mapped: the exit writes it back */
}

static int boot_read(const char *dir)
{
	char a[256], b[256];
	snprintf(a, sizeof a, "%s/synced.bin", dir);
	snprintf(b, sizeof b, "%s/atexit.bin", dir);
	show(a);
	show(b);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "write") == 0)
		return boot_write(argv[2]);
	if (argc == 3 && strcmp(argv[1], "read") == 0)
		return boot_read(argv[2]);

	const char *path = "/tmp/mmap_shared.bin";
	int fd = make_file(path, SIZE);
	char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *q = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	say("two shared mappings", p != MAP_FAILED && q != MAP_FAILED && p != q);
	if (p == MAP_FAILED || q == MAP_FAILED)
		return 1;

	strcpy(p + 10, "stored through the first");
	say("the second mapping sees the first's store", strcmp(q + 10, "stored through the first") == 0);
	strcpy(q + PAGE + 5, "and back");
	say("the first sees the second's", strcmp(p + PAGE + 5, "and back") == 0);

	char buf[64] = {0};
	say("pread sees a store before msync",
	    pread(fd, buf, 24, 10) == 24 && memcmp(buf, "stored through the first", 24) == 0);
	say("pwrite shows in both mappings",
	    pwrite(fd, "pwritten", 8, 2 * PAGE + 1) == 8 && memcmp(p + 2 * PAGE + 1, "pwritten", 8) == 0 &&
		    memcmp(q + 2 * PAGE + 1, "pwritten", 8) == 0);
	/* read() into the mapping itself: a kernel store the write-back must see. */
	int other = open(path, O_RDONLY);
	say("read() into the mapping", pread(other, p + 3 * PAGE, 8, 10) == 8);
	close(other);

	printf("msync MS_SYNC: %s\n", err(msync(p, SIZE, MS_SYNC)));
	printf("msync MS_ASYNC, one page: %s\n", err(msync(q + PAGE, PAGE, MS_ASYNC)));
	printf("msync MS_INVALIDATE: %s\n", err(msync(p, SIZE, MS_INVALIDATE)));
	printf("msync length 0: %s\n", err(msync(p, 0, MS_SYNC)));
	printf("msync unaligned address: %s\n", err(msync(p + 1, 10, MS_SYNC)));
	printf("msync MS_SYNC|MS_ASYNC: %s\n", err(msync(p, SIZE, MS_SYNC | MS_ASYNC)));
	printf("msync unknown flag: %s\n", err(msync(p, SIZE, 8)));
	char *hole = mmap(NULL, 3 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole + PAGE, PAGE);
	printf("msync over a hole: %s\n", err(msync(hole, 3 * PAGE, MS_SYNC)));
	printf("msync MS_ASYNC over a hole: %s\n", err(msync(hole, 3 * PAGE, MS_ASYNC)));
	printf("msync wrapping length: %s\n", err(msync(p, (size_t)-2 * PAGE, MS_SYNC)));
	munmap(hole, 3 * PAGE);

	/* The file's bytes, seen with an ordinary read() after munmap. */
	p[SIZE] = 'X'; /* past the end, in the last page: never reaches the file */
	strcpy(q + 2 * PAGE + 20, "last store, then munmap");
	printf("munmap both: %s %s\n", err(munmap(p, SIZE)), err(munmap(q, SIZE)));
	struct stat st;
	fstat(fd, &st);
	printf("size after munmap: %lld\n", (long long)st.st_size);
	show(path);

	/* mremap keeps a mapping shared: grown in place or moved. */
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *r = mremap(p, PAGE, 3 * PAGE, MREMAP_MAYMOVE);
	say("mremap", r != MAP_FAILED);
	if (r != MAP_FAILED) {
		strcpy(r + 2 * PAGE + 40, "after mremap");
		munmap(r, 3 * PAGE);
	}
	/* mprotect to read-only and back keeps the stores made before. */
	p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	strcpy(p + 60, "before mprotect");
	say("mprotect read-only and back",
	    mprotect(p, SIZE, PROT_READ) == 0 && mprotect(p, SIZE, PROT_READ | PROT_WRITE) == 0);
	munmap(p, SIZE);
	show(path);

	/* ftruncate while mapped: the mapping shows the new bytes (zeros). */
	p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	say("ftruncate shows in the mapping", ftruncate(fd, 64) == 0 && ftruncate(fd, SIZE) == 0 && p[100] == 0 && p[63] != 0);
	munmap(p, SIZE);

	/* A read-only fd: a shared writable map and mprotect to write are refused. */
	int ro = open(path, O_RDONLY);
	printf("MAP_SHARED PROT_WRITE of a read-only fd: %s\n",
	       err(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? -1 : 0));
	char *rp = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, ro, 0);
	printf("mprotect PROT_WRITE of it: %s\n", err(mprotect(rp, PAGE, PROT_READ | PROT_WRITE)));
	say("a private writable map of it", mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) != MAP_FAILED);
	say("a read-only shared map sees pwrite", pwrite(fd, "fresh", 5, 0) == 5 && memcmp(rp, "fresh", 5) == 0);
	close(ro);

	/* Unlinked while mapped: stores still work, nothing breaks. */
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	unlink(path);
	strcpy(p, "into an unlinked file");
	say("pread of the unlinked file", pread(fd, buf, 21, 0) == 21 && memcmp(buf, "into an unlinked file", 21) == 0);
	munmap(p, PAGE);
	close(fd);
	return 0;
}
