/*
 * test_tmp.c — /tmp is writable in memory and the rest is read-only:
 * create/excl/trunc/append, growth and zero-filled gaps, ftruncate,
 * unlink with the file still open, mkdir/rmdir, rename in its forms,
 * umask, and -EROFS/-EXDEV everywhere outside /tmp.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static void create_rw(void)
{
	setup();
	char buf[256];
	long fd = x_open("/tmp/a", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 3);
	EQ(x_write(fd, "hello", 5), 5);
	EQ(x_write(fd, " world", 6), 6);
	EQ(x_read(fd, buf, 5), -EBADF); /* write-only */
	x_close(fd);
	EQ(slurp("/tmp/a", buf, sizeof(buf)), 11);
	STREQ(buf, "hello world");
	EQ(x_open("/tmp/a", O_CREAT | O_EXCL | O_WRONLY, 0644), -EEXIST);
	fd = x_open("/tmp/a", O_RDWR | O_APPEND, 0);
	EQ(x_write(fd, "!", 1), 1);
	EQ(x_lseek(fd, 0, SEEK_CUR), 12);
	EQ(x_pwrite(fd, "?", 1, 0), 1); /* O_APPEND wins over the offset */
	EQ(x_fcntl(fd, F_GETFL, 0), O_RDWR | O_APPEND | O_LARGEFILE);
	x_close(fd);
	EQ(slurp("/tmp/a", buf, sizeof(buf)), 13);
	STREQ(buf, "hello world!?");
	fd = x_open("/tmp/a", O_WRONLY | O_TRUNC, 0);
	x_close(fd);
	EQ(slurp("/tmp/a", buf, sizeof(buf)), 0);

	/* pwrite past the end zero-fills the gap */
	fd = x_open("/tmp/b", O_CREAT | O_RDWR, 0600);
	EQ(x_pwrite(fd, "Z", 1, 100), 1);
	struct linux_stat st;
	EQ(x_fstat(fd, &st), 0);
	EQ(st.st_size, 101);
	EQ(st.st_mode, S_IFREG | 0600);
	EQ(st.st_mtime_sec, 1700000000);
	EQ(st.st_mtime_nsec, 123456789);
	EQ(x_pread(fd, buf, 200, 0), 101);
	CHECK(buf[0] == 0 && buf[99] == 0 && buf[100] == 'Z');
	EQ(x_pread(fd, buf, 10, -1), -EINVAL);
	EQ(sys_ftruncate(fd, 10, 0, 0, 0, 0), 0);
	EQ(x_fstat(fd, &st), 0);
	EQ(st.st_size, 10);
	EQ(sys_ftruncate(fd, 5000, 0, 0, 0, 0), 0);
	EQ(x_pread(fd, buf, 10, 4990), 10);
	CHECK(buf[0] == 0 && buf[9] == 0);
	EQ(sys_ftruncate(fd, -1, 0, 0, 0, 0), -EINVAL);
	x_close(fd);
	fd = x_open("/tmp/b", O_RDONLY, 0);
	EQ(sys_ftruncate(fd, 0, 0, 0, 0, 0), -EINVAL); /* not open for writing */
	x_close(fd);

	/* 2 MiB in odd-sized writes: the buffer grows */
	fd = x_open("/tmp/big", O_CREAT | O_RDWR, 0600);
	static char chunk[4099];
	long total = 0;
	for (int i = 0; total < (2 << 20); i++) {
		memset(chunk, 'a' + i % 26, sizeof(chunk));
		total += x_write(fd, chunk, sizeof(chunk));
	}
	EQ(x_lseek(fd, 0, SEEK_END), total);
	EQ(x_pread(fd, buf, 1, 4099 * 27), 1);
	EQ(buf[0], 'b');
	EQ(x_write(fd, (void *)16, 10), -EFAULT);
	EQ(x_lseek(fd, 0, SEEK_END), total); /* a faulting write leaves no trace */
	x_close(fd);

	/* umask applies to creates */
	EQ(sys_umask(077, 0, 0, 0, 0, 0), 022);
	fd = x_open("/tmp/masked", O_CREAT | O_WRONLY, 0666);
	EQ(x_fstat(fd, &st), 0);
	EQ(st.st_mode, S_IFREG | 0600);
	EQ(sys_umask(022, 0, 0, 0, 0, 0), 077);
	EQ(x_mkdir("/tmp/mdir", 0777), 0);
	EQ(x_stat("/tmp/mdir", &st), 0);
	EQ(st.st_mode, S_IFDIR | 0755);
}

static void namespace_ops(void)
{
	setup();
	char buf[64];
	struct linux_stat st;
	long fd = x_open("/tmp/gone", O_CREAT | O_RDWR, 0600);
	EQ(x_write(fd, "still here", 10), 10);
	EQ(x_unlink("/tmp/gone"), 0);
	EQ(x_stat("/tmp/gone", &st), -ENOENT);
	EQ(x_pread(fd, buf, 64, 0), 10);
	EQ(x_fstat(fd, &st), 0);
	EQ(st.st_nlink, 0);
	char link[64] = {0};
	snprintf(buf, sizeof(buf), "/proc/self/fd/%ld", fd);
	EQ(x_readlink(buf, link, sizeof(link)), 15);
	STREQ(link, "/gone (deleted)");
	long again = x_open(buf, O_RDONLY, 0); /* reopen an unlinked file */
	EQ(x_read(again, link, 5), 5);
	CHECK(memcmp(link, "still", 5) == 0);
	EQ(x_close(again), 0);
	EQ(x_close(fd), 0);
	EQ(x_unlink("/tmp/gone"), -ENOENT);

	EQ(x_mkdir("/tmp/d", 0755), 0);
	EQ(x_mkdir("/tmp/d", 0755), -EEXIST);
	EQ(x_mkdir("/tmp/d/e/f", 0755), -ENOENT);
	EQ(x_mkdir("/tmp/d/e/", 0755), 0);
	EQ(x_stat("/tmp/d", &st), 0);
	EQ(st.st_nlink, 3);
	fd = x_open("/tmp/d/e/file", O_CREAT | O_WRONLY, 0644);
	x_close(fd);
	EQ(x_rmdir("/tmp/d"), -ENOTEMPTY);
	EQ(x_unlink("/tmp/d"), -EISDIR);
	EQ(x_rmdir("/tmp/d/e/file"), -ENOTDIR);
	EQ(x_unlink("/tmp/d/e/file/"), -ENOTDIR);
	EQ(x_rmdir("/tmp/d/."), -EINVAL);
	EQ(x_rmdir("/tmp/d/e/.."), -ENOTEMPTY);

	/* rename: file, over a file, dir, into own subtree, across fs */
	EQ(x_rename("/tmp/d/e/file", "/tmp/f1"), 0);
	EQ(x_stat("/tmp/d/e/file", &st), -ENOENT);
	fd = x_open("/tmp/f2", O_CREAT | O_WRONLY, 0644);
	EQ(x_write(fd, "two", 3), 3);
	x_close(fd);
	EQ(x_rename("/tmp/f2", "/tmp/f1"), 0);
	EQ(slurp("/tmp/f1", buf, sizeof(buf)), 3);
	STREQ(buf, "two");
	EQ(x_stat("/tmp/f2", &st), -ENOENT);
	EQ(x_rename("/tmp/f1", "/tmp/f1"), 0);
	EQ(x_rename("/tmp/f1", "/tmp/f9/"), -ENOTDIR);
	EQ(x_rename("/tmp/f1/", "/tmp/f9"), -ENOTDIR);
	EQ(x_rename("/tmp/d", "/tmp/d/e/x"), -EINVAL);
	EQ(x_rename("/tmp/f1", "/tmp/d"), -EISDIR);
	EQ(x_rename("/tmp/d", "/tmp/f1"), -ENOTDIR);
	EQ(x_rename("/tmp/d/e", "/tmp/e2"), 0);
	EQ(x_stat("/tmp/d", &st), 0);
	EQ(st.st_nlink, 2);
	EQ(x_rmdir("/tmp/d"), 0);
	EQ(x_mkdir("/tmp/empty", 0755), 0);
	EQ(x_rename("/tmp/e2", "/tmp/empty"), 0); /* over an empty dir */
	EQ(x_stat("/tmp/e2", &st), -ENOENT);
	EQ(x_rename("/tmp/f1", "/etc/f1"), -EXDEV);
	EQ(x_rename("/etc/hosts", "/etc/h2"), -EROFS);
	EQ(x_rename("/tmp/nope", "/tmp/x"), -ENOENT);
	EQ(sys_renameat2(AT_FDCWD, L("/tmp/f1"), AT_FDCWD, L("/tmp/empty"), RENAME_NOREPLACE, 0),
	   -EEXIST);
	EQ(sys_renameat2(AT_FDCWD, L("/tmp/f1"), AT_FDCWD, L("/tmp/empty"), RENAME_EXCHANGE, 0), 0);
	EQ(x_stat("/tmp/f1", &st), 0);
	CHECK(S_ISDIR(st.st_mode));
	EQ(x_stat("/tmp/empty", &st), 0);
	CHECK(S_ISREG(st.st_mode));

	/* the rest of the tree is read-only */
	EQ(x_open("/etc/hosts", O_WRONLY, 0), -EROFS);
	EQ(x_open("/etc/hosts", O_RDWR, 0), -EROFS);
	EQ(x_open("/etc/hosts", O_RDONLY | O_TRUNC, 0), -EROFS);
	EQ(x_open("/etc/new", O_CREAT | O_WRONLY, 0644), -EROFS);
	EQ(x_open("/etc/hosts", O_CREAT | O_EXCL | O_WRONLY, 0644), -EEXIST);
	EQ(x_open("/etc/hosts", O_CREAT | O_RDONLY, 0644) >= 0, 1);
	EQ(x_open("/etc", O_RDWR, 0), -EISDIR);
	EQ(x_mkdir("/etc/x", 0755), -EROFS);
	EQ(x_mkdir("/etc", 0755), -EEXIST);
	EQ(x_unlink("/etc/hosts"), -EROFS);
	EQ(x_rmdir("/etc"), -EROFS);
	EQ(sys_truncate(L("/etc/hosts"), 0, 0, 0, 0, 0), -EROFS);
	EQ(x_access("/etc/hosts", W_OK), -EROFS);
	EQ(x_access("/etc/hosts", R_OK), 0);
	EQ(x_access("/tmp", W_OK), 0);
	EQ(x_access("/tmp/f1", W_OK | R_OK), 0);
	EQ(x_access("/bin/prog", X_OK), 0);
	EQ(x_access("/etc/hosts", X_OK), -EACCES);
	EQ(x_access("/nope", F_OK), -ENOENT);
	EQ(x_access("/etc/hosts", 8), -EINVAL);
	EQ(x_open("/proc/cpuinfo", O_WRONLY, 0), -EACCES);

	/* symlinks inside /tmp and O_TMPFILE */
	EQ(sys_symlink(L("/etc/hosts"), L("/tmp/lnk"), 0, 0, 0, 0), 0);
	EQ(slurp("/tmp/lnk", buf, sizeof(buf)), 20);
	EQ(sys_symlink(L("x"), L("/etc/lnk"), 0, 0, 0, 0), -EROFS);
	fd = x_open("/tmp", O_TMPFILE | O_RDWR, 0600);
	CHECK(fd >= 0);
	EQ(x_write(fd, "anon", 4), 4);
	EQ(x_pread(fd, buf, 4, 0), 4);
	EQ(x_open("/etc", O_TMPFILE | O_RDWR, 0600), -EOPNOTSUPP);

	/* creating in a removed cwd fails, getcwd says so */
	EQ(x_mkdir("/tmp/cwd", 0755), 0);
	EQ(x_chdir("/tmp/cwd"), 0);
	EQ(x_rmdir("/tmp/cwd"), 0);
	EQ(x_open("new", O_CREAT | O_WRONLY, 0644), -ENOENT);
	EQ(sys_getcwd(L(buf), sizeof(buf), 0, 0, 0, 0), -ENOENT);
	EQ(x_chdir("/"), 0);
	/* /dev/shm is writable too */
	fd = x_open("/dev/shm/seg", O_CREAT | O_RDWR, 0600);
	EQ(x_write(fd, "shm", 3), 3);
}

/* /tmp's size cap (vfs_set_tmp_limit): ENOSPC past it, space back after
 * unlink and truncate, and statfs's free count follows. */
static void size_cap(void)
{
	setup();
	vfs_set_tmp_limit(1 << 20);
	static char chunk[100000];
	long fd = x_open("/tmp/a", O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0);
	long total = 0, r;
	while ((r = x_write(fd, chunk, sizeof chunk)) > 0)
		total += r;
	EQ(r, -ENOSPC);
	CHECK(total >= (1 << 19) && total < (1 << 20));
	long fd2 = x_open("/tmp/b", O_CREAT | O_WRONLY, 0600);
	CHECK(fd2 >= 0); /* a name still fits */
	EQ(x_write(fd2, chunk, sizeof chunk), -ENOSPC);
	EQ(sys_ftruncate(fd, 0, 0, 0, 0, 0), 0);
	EQ(x_write(fd2, chunk, sizeof chunk), (long)sizeof chunk);
	EQ(x_close(fd), 0);
	EQ(x_close(fd2), 0);
	EQ(x_unlink("/tmp/a"), 0);
	EQ(x_unlink("/tmp/b"), 0);
	size_t used, limit;
	ramfs_usage(&used, &limit);
	EQ(limit, 1 << 20);
	CHECK(used < 4096); /* only the names of what is left */
	vfs_set_tmp_limit(0);
}

void test_tmp(void)
{
	create_rw();
	namespace_ops();
	size_cap();
}
