/*
 * test_random.c — random /tmp operations (create, write, truncate, rename,
 * exchange, unlink, mkdir, rmdir, open/close, chdir) over a small set of
 * names, under AddressSanitizer, then checks the tree's invariants: every
 * listed entry can be stat'ed through its path, directory nlink is
 * 2 + subdirectories, and open files still read what their size says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static const char *const names[] = {
	"/tmp/a",   "/tmp/b",	"/tmp/c",     "/tmp/a/x",   "/tmp/a/y",
	"/tmp/b/x", "/tmp/b/y", "/tmp/a/x/q", "/tmp/b/y/q", "/tmp/c/z",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

static int bad;

/* Walks dir through getdents, stat'ing each entry by path. */
static void check_dir(const char *path)
{
	long fd = x_open(path, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0) {
		bad++;
		return;
	}
	char buf[4096]; /* not static: check_dir recurses */
	char child[PATH_MAX + 300];
	int subdirs = 0;
	long n;
	while ((n = x_getdents(fd, buf, sizeof(buf))) > 0) {
		for (long pos = 0; pos < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + pos);
			pos += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			snprintf(child, sizeof(child), "%s/%s", path, d->d_name);
			struct linux_stat st;
			if (x_lstat(child, &st) != 0 || st.st_ino != d->d_ino) {
				printf("random: %s listed but lstat fails\n", child);
				bad++;
			}
			if (S_ISDIR(st.st_mode)) {
				subdirs++;
				check_dir(child);
			}
		}
	}
	struct linux_stat st;
	if (x_fstat(fd, &st) != 0 || st.st_nlink != (uint64_t)(2 + subdirs)) {
		printf("random: %s nlink %lu, %d subdirs\n", path, (unsigned long)st.st_nlink,
		       subdirs);
		bad++;
	}
	x_close(fd);
}

static void run(unsigned seed)
{
	setup();
	srand(seed);
	long fds[16];
	int nfds = 0;
	char data[300];
	memset(data, 'd', sizeof(data));
	for (int i = 0; i < 20000; i++) {
		const char *p = names[rand() % NNAMES], *q = names[rand() % NNAMES];
		switch (rand() % 12) {
		case 0:
		case 1: {
			long fd = x_open(p, O_CREAT | O_RDWR, 0644);
			if (fd >= 0 && nfds < 16)
				fds[nfds++] = fd;
			else if (fd >= 0)
				x_close(fd);
			break;
		}
		case 2: x_mkdir(p, 0755); break;
		case 3: x_unlink(p); break;
		case 4: x_rmdir(p); break;
		case 5: x_rename(p, q); break;
		case 6: sys_renameat2(AT_FDCWD, L(p), AT_FDCWD, L(q), RENAME_EXCHANGE, 0); break;
		case 7:
			if (nfds)
				x_write(fds[rand() % nfds], data, rand() % 300);
			break;
		case 8:
			if (nfds)
				sys_ftruncate(fds[rand() % nfds], rand() % 1000, 0, 0, 0, 0);
			break;
		case 9:
			if (nfds) {
				int k = rand() % nfds;
				x_close(fds[k]);
				fds[k] = fds[--nfds];
			}
			break;
		case 10: x_chdir(rand() % 2 ? p : "/"); break;
		case 11: sys_symlink(L(q), L(p), 0, 0, 0, 0); break;
		}
	}
	x_chdir("/");
	check_dir("/tmp");
	for (int k = 0; k < nfds; k++) {
		struct linux_stat st;
		static char buf[1 << 16];
		if (x_fstat(fds[k], &st) != 0) {
			printf("random: fstat of fd %ld fails\n", fds[k]);
			bad++;
		} else if (S_ISREG(st.st_mode) &&
			   x_pread(fds[k], buf, sizeof(buf), 0) != st.st_size) {
			printf("random: fd %ld reads short\n", fds[k]);
			bad++;
		}
		x_close(fds[k]);
	}
}

void test_random(void)
{
	for (unsigned seed = 1; seed <= 8; seed++)
		run(seed);
	EQ(bad, 0);
}
