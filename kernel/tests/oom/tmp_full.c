/* tmp_full.c — filling /tmp gives ENOSPC at its cap (half of RAM, as
 * tmpfs) and the program goes on: it can still use memory, and removing
 * the files gives the space back. Self-checking: prints PASS or FAIL
 * lines, exits 0 only if all passed. Booted by check.sh with 64 MiB.
 * (Regression test: /tmp took all of RAM, then the program's next page
 * fault ended it with the out-of-memory kill.) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/statfs.h>

#define MIB (1024 * 1024)
static char chunk[MIB];
static int failed;

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", what);
	failed |= !ok;
}

int main(void)
{
	struct statfs sf;
	statfs("/tmp", &sf);
	long cap_mib = (long)(sf.f_blocks * sf.f_bsize / MIB);
	memset(chunk, 'x', sizeof chunk);
	char name[64];
	int files = 0, err = 0;
	long written = 0;
	while (files < 4096 && !err) {
		snprintf(name, sizeof name, "/tmp/fill.%d", files);
		int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0600);
		if (fd < 0) {
			err = errno;
			break;
		}
		files++;
		ssize_t n = write(fd, chunk, sizeof chunk);
		if (n < 0)
			err = errno;
		else
			written += n;
		close(fd);
	}
	long mib = written / MIB;
	printf("/tmp: %ld MiB in %d files, then %s (cap %ld MiB)\n", mib, files, strerror(err),
	       cap_mib);
	check(err == ENOSPC, "filling /tmp ends with ENOSPC");
	check(mib <= cap_mib && mib >= cap_mib / 2, "at the cap");
	/* The program still has memory to work with. */
	size_t big = 8 * MIB;
	char *p = malloc(big);
	if (p)
		memset(p, 1, big);
	check(p != NULL, "8 MiB of fresh memory after /tmp is full");
	free(p);
	for (int i = 0; i < files; i++) {
		snprintf(name, sizeof name, "/tmp/fill.%d", i);
		unlink(name);
	}
	int fd = open("/tmp/again", O_CREAT | O_WRONLY, 0600);
	check(fd >= 0 && write(fd, chunk, sizeof chunk) == (ssize_t)sizeof chunk,
	      "space comes back after unlink");
	close(fd);
	unlink("/tmp/again");
	return failed;
}
