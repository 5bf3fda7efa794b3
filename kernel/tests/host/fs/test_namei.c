/*
 * test_namei.c — path lookup: absolute and relative paths, ".", "..",
 * repeated slashes, symlinks (relative, absolute, in the middle, at the
 * end, 40 allowed and 41 refused, loops), the errno of each failure, and
 * the *at forms (AT_FDCWD, dirfd, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static char *path_of(const char *p)
{
	static char out[PATH_MAX];
	int r = vfs_realpath(p, out, sizeof(out));
	if (r < 0)
		snprintf(out, sizeof(out), "error %d", r);
	return out;
}

static void lookups(void)
{
	setup();
	STREQ(path_of("/etc/hosts"), "/etc/hosts");
	STREQ(path_of("//etc///hosts"), "/etc/hosts");
	STREQ(path_of("/etc/./hosts"), "/etc/hosts");
	STREQ(path_of("/etc/../etc/hosts"), "/etc/hosts");
	STREQ(path_of("/.."), "/");
	STREQ(path_of("/../../etc"), "/etc");
	STREQ(path_of("/"), "/");
	STREQ(path_of("/etc/"), "/etc");
	STREQ(path_of("/lib/libc.so.6"), "/usr/lib/libc.so.6");	  /* relative link */
	STREQ(path_of("/lib64/libc.so.6"), "/usr/lib/libc.so.6"); /* absolute link */
	STREQ(path_of("/usr/lib/ld.so"), "/usr/lib/libc.so.6");	  /* link via links */
	STREQ(path_of("/etc/self/self/self/hosts"), "/etc/hosts");
	STREQ(path_of("/etc/up/bin/prog"), "/bin/prog");
	STREQ(path_of("/chain/l1"), "/etc/hosts"); /* 40 links */
	STREQ(path_of("/chain/l0"), "error -40");  /* 41 links */
	STREQ(path_of("/loop1"), "error -40");
	STREQ(path_of("/loop1/x"), "error -40");
	STREQ(path_of("/dangling"), "error -2");
	STREQ(path_of("/nope/x"), "error -2");
	STREQ(path_of("/etc/hosts/x"), "error -20");
	STREQ(path_of("/etc/hosts/"), "error -20");
	STREQ(path_of("/etc/hosts/."), "error -20");
	STREQ(path_of(""), "error -2");
	char longname[300];
	memset(longname, 'a', 256);
	longname[0] = '/';
	longname[257] = 0;
	longname[256] = 'a';
	STREQ(path_of(longname), "error -36"); /* 256-byte component */

	struct node *n;
	EQ(namei(NULL, "/lib", 0, &n), 0); /* no follow at the end */
	CHECK(S_ISLNK(n->mode));
	EQ(namei(NULL, "/lib/", 0, &n), 0); /* trailing slash follows */
	CHECK(S_ISDIR(n->mode));
	EQ(namei(NULL, "/etc/hosts", LOOKUP_DIR, &n), -ENOTDIR);
}

static void relative(void)
{
	setup();
	EQ(x_chdir("/usr"), 0);
	STREQ(path_of("lib/libc.so.6"), "/usr/lib/libc.so.6");
	STREQ(path_of("../etc/hosts"), "/etc/hosts");
	STREQ(path_of("."), "/usr");
	EQ(x_chdir("lib"), 0);
	STREQ(path_of("."), "/usr/lib");
	STREQ(path_of("ld.so"), "/usr/lib/libc.so.6");
	EQ(x_chdir("/etc/hosts"), -ENOTDIR);
	EQ(x_chdir("/nope"), -ENOENT);
	EQ(x_chdir("/lib64"), 0); /* through a symlink */
	STREQ(path_of("."), "/usr/lib");

	/* whole path of PATH_MAX bytes is too long; PATH_MAX-1 is fine */
	char *p = malloc(PATH_MAX + 1);
	for (int i = 0; i < PATH_MAX; i += 2)
		memcpy(p + i, "./", 2);
	p[PATH_MAX] = 0;
	struct linux_stat st;
	EQ(x_stat(p, &st), -ENAMETOOLONG);
	p[PATH_MAX - 1] = 0;
	EQ(x_stat(p, &st), 0);
	free(p);
	EQ(x_stat((const char *)8, &st), -EFAULT);
}

static void at_calls(void)
{
	setup();
	long dfd = x_open("/usr/lib", O_RDONLY | O_DIRECTORY, 0);
	CHECK(dfd >= 3);
	long fd = x_openat(dfd, "libc.so.6", O_RDONLY, 0);
	CHECK(fd >= 0);
	char buf[16] = {0};
	EQ(x_read(fd, buf, sizeof(buf)), 4);
	STREQ(buf, "libc");
	x_close(fd);
	EQ(x_openat(dfd, "../../etc/hosts", O_RDONLY, 0) >= 0, 1);
	EQ(x_openat(dfd, "/etc/hosts", O_RDONLY, 0) >= 0, 1); /* absolute ignores dirfd */
	EQ(x_openat(99, "hosts", O_RDONLY, 0), -EBADF);
	EQ(x_openat(99, "/etc/hosts", O_RDONLY, 0) >= 0, 1);
	long hfd = x_open("/etc/hosts", O_RDONLY, 0);
	EQ(x_openat(hfd, "x", O_RDONLY, 0), -ENOTDIR);
	EQ(x_chdir("/etc"), 0);
	EQ(x_openat(AT_FDCWD, "hosts", O_RDONLY, 0) >= 0, 1);

	struct linux_stat st;
	EQ(sys_newfstatat(dfd, L("ld.so"), L(&st), 0, 0, 0), 0);
	EQ(st.st_mode & S_IFMT, S_IFREG);
	EQ(sys_newfstatat(dfd, L("ld.so"), L(&st), AT_SYMLINK_NOFOLLOW, 0, 0), 0);
	EQ(st.st_mode & S_IFMT, S_IFLNK);
	EQ(st.st_size, 21);
	EQ(sys_newfstatat(hfd, L(""), L(&st), AT_EMPTY_PATH, 0, 0), 0);
	EQ(st.st_size, 20);
	EQ(sys_newfstatat(hfd, L(""), L(&st), 0, 0, 0), -ENOENT);
	EQ(sys_newfstatat(AT_FDCWD, L(""), L(&st), AT_EMPTY_PATH, 0, 0), 0);
	CHECK(S_ISDIR(st.st_mode));
	EQ(sys_newfstatat(AT_FDCWD, L("hosts"), L(&st), 0x4000000, 0, 0), -EINVAL);

	/* O_NOFOLLOW and O_PATH on a symlink */
	EQ(x_open("/lib", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
	long pfd = x_open("/lib", O_PATH | O_NOFOLLOW, 0);
	CHECK(pfd >= 0);
	EQ(x_read(pfd, buf, 1), -EBADF);
	char link[64] = {0};
	EQ(sys_readlinkat(pfd, L(""), L(link), sizeof(link), 0, 0), 7);
	STREQ(link, "usr/lib");
	EQ(x_fstat(pfd, &st), 0);
	EQ(st.st_mode & S_IFMT, S_IFLNK);
	EQ(sys_readlinkat(AT_FDCWD, L(""), L(link), sizeof(link), 0, 0), -ENOENT);
	EQ(sys_readlinkat(hfd, L(""), L(link), sizeof(link), 0, 0), -ENOENT);
	EQ(x_open("/etc", O_RDONLY | O_DIRECTORY, 0) >= 0, 1);
	EQ(x_open("/etc/hosts", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
}

void test_namei(void)
{
	lookups();
	relative();
	at_calls();
}
