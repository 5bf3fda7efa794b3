/*
 * test_attr.c — attribute calls: chmod/fchmod, chown, utimensat, flock,
 * fadvise64, fallocate, creat (/tmp stores them, the image refuses them);
 * and in test_copy, sendfile, copy_file_range and statfs.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"

void test_attr(void)
{
	setup();
	struct linux_stat st;
	long fd = sys_creat(L("/tmp/f"), 0644, 0, 0, 0, 0);
	CHECK(fd >= 3);
	EQ(x_write(fd, "abc", 3), 3);
	EQ(sys_chmod(L("/tmp/f"), 0600, 0, 0, 0, 0), 0);
	EQ(x_stat("/tmp/f", &st), 0);
	EQ(st.st_mode, S_IFREG | 0600);
	EQ(sys_fchmod(fd, 04755, 0, 0, 0, 0), 0);
	EQ(x_fstat(fd, &st), 0);
	EQ(st.st_mode, S_IFREG | 04755);
	EQ(sys_chmod(L("/etc/hosts"), 0600, 0, 0, 0, 0), -EROFS);
	EQ(sys_fchmodat(AT_FDCWD, L("/nope"), 0600, 0, 0, 0), -ENOENT);
	EQ(sys_chown(L("/tmp/f"), 0, 0, 0, 0, 0), 0);
	EQ(sys_chown(L("/etc/hosts"), 0, 0, 0, 0, 0), -EROFS);
	EQ(sys_fchown(fd, 0, 0, 0, 0, 0), 0);
	EQ(sys_fchownat(AT_FDCWD, L("/tmp/f"), 0, 0, 0x8000, 0), -EINVAL);

	int64_t times[4] = {100, 5, 200, 7};
	EQ(sys_utimensat(AT_FDCWD, L("/tmp/f"), L(times), 0, 0, 0), 0);
	EQ(x_stat("/tmp/f", &st), 0);
	EQ(st.st_atime_sec, 100);
	EQ(st.st_atime_nsec, 5);
	EQ(st.st_mtime_sec, 200);
	EQ(st.st_mtime_nsec, 7);
	times[1] = (1l << 30) - 2; /* UTIME_OMIT */
	times[2] = 300;
	EQ(sys_utimensat(fd, 0, L(times), 0, 0, 0), 0); /* futimens */
	EQ(x_stat("/tmp/f", &st), 0);
	EQ(st.st_atime_sec, 100);
	EQ(st.st_mtime_sec, 300);
	EQ(sys_utimensat(AT_FDCWD, L("/tmp/f"), 0, 0, 0, 0), 0); /* now */
	EQ(x_stat("/tmp/f", &st), 0);
	EQ(st.st_mtime_sec, 1700000000);
	times[1] = 1000000000;
	EQ(sys_utimensat(AT_FDCWD, L("/tmp/f"), L(times), 0, 0, 0), -EINVAL);
	EQ(sys_utimensat(AT_FDCWD, L("/tmp/f"), 16, 0, 0, 0), -EFAULT);
	EQ(sys_utimensat(AT_FDCWD, L("/etc/hosts"), 0, 0, 0, 0), -EROFS);

	EQ(sys_flock(fd, 2, 0, 0, 0, 0), 0);
	EQ(sys_flock(99, 2, 0, 0, 0, 0), -EBADF);
	EQ(sys_fadvise64(fd, 0, 0, 4, 0, 0), 0);
	EQ(sys_fadvise64(fd, 0, 0, 9, 0, 0), -EINVAL);
	EQ(sys_fallocate(fd, 0, 0, 100, 0, 0), 0);
	EQ(x_fstat(fd, &st), 0);
	EQ(st.st_size, 100);
	EQ(sys_fallocate(fd, 1, 0, 1000, 0, 0), 0); /* KEEP_SIZE */
	EQ(x_fstat(fd, &st), 0);
	EQ(st.st_size, 100);
	EQ(sys_fallocate(fd, 0, 0, 0, 0, 0), -EINVAL);
	EQ(sys_fallocate(fd, 8, 0, 10, 0, 0), -EOPNOTSUPP);
	long ro = x_open("/etc/hosts", O_RDONLY, 0);
	EQ(sys_fallocate(ro, 0, 0, 10, 0, 0), -EBADF);
	EQ(sys_creat(L("/etc/new"), 0644, 0, 0, 0, 0), -EROFS);
	EQ(x_open("/tmp/dir", O_CREAT | O_DIRECTORY | O_RDONLY, 0755), -EINVAL);
	EQ(x_open("/tmp/f/", O_CREAT | O_WRONLY, 0644), -EISDIR);
	EQ(x_open("/tmp/new/", O_CREAT | O_WRONLY, 0644), -EISDIR);
}

/* sendfile, copy_file_range, statfs */
void test_copy(void)
{
	setup();
	console_len = 0;
	long in = x_open("/etc/hosts", O_RDONLY, 0);
	EQ(sys_sendfile(1, in, 0, 100, 0, 0), 20);
	EQ(console_len, 20);
	CHECK(memcmp(console_buf, "127.0.0.1 localhost\n", 20) == 0);
	EQ(sys_sendfile(1, in, 0, 100, 0, 0), 0); /* offset advanced to EOF */
	int64_t off = 10;
	EQ(sys_sendfile(1, in, L(&off), 4, 0, 0), 4);
	EQ(off, 14);
	EQ(x_lseek(in, 0, SEEK_CUR), 20);
	long out = x_open("/tmp/copy", O_CREAT | O_RDWR, 0644);
	x_lseek(in, 0, SEEK_SET);
	EQ(sys_sendfile(out, in, 0, 9, 0, 0), 9);
	EQ(sys_sendfile(in, out, 0, 9, 0, 0), -EBADF);
	EQ(sys_sendfile(out, 1, 0, 9, 0, 0), -EINVAL); /* a terminal is no source */
	int64_t oi = 0, oo = 100;
	EQ(sys_copy_file_range(in, L(&oi), out, L(&oo), 20, 0), 20);
	EQ(oi, 20);
	EQ(oo, 120);
	struct linux_stat st;
	EQ(x_fstat(out, &st), 0);
	EQ(st.st_size, 120);
	/* same file, disjoint ranges: goes through a temporary copy */
	oi = 100, oo = 200;
	EQ(sys_copy_file_range(out, L(&oi), out, L(&oo), 20, 0), 20);
	char buf[32] = {0};
	EQ(x_pread(out, buf, 9, 200), 9);
	STREQ(buf, "127.0.0.1");
	oi = 100, oo = 110;
	EQ(sys_copy_file_range(out, L(&oi), out, L(&oo), 20, 0), -EINVAL);
	EQ(sys_copy_file_range(in, 0, out, 0, 5, 1), -EINVAL);
	int p[2];
	EQ(sys_pipe2(L(p), 0, 0, 0, 0, 0), 0);
	oi = 0;
	EQ(sys_sendfile(p[1], in, L(&oi), 100, 0, 0), 20);
	EQ(x_read(p[0], buf, 5), 5);

	struct {
		int64_t type, bsize, blocks, bfree, bavail, files, ffree;
		int32_t fsid[2];
		int64_t namelen, frsize, flags, spare[4];
	} sf;
	EQ(sizeof(sf), 120);
	EQ(sys_statfs(L("/tmp"), L(&sf), 0, 0, 0, 0), 0);
	EQ(sf.type, 0x01021994);
	EQ(sf.blocks, 32768); /* half of the shim's 256 MiB MemTotal, in pages */
	EQ(sf.bfree, 32768);  /* MemFree is larger: capped at the size */
	EQ(sys_statfs(L("/etc"), L(&sf), 0, 0, 0, 0), 0);
	EQ(sf.flags & 1, 1);
	EQ(sf.type, 0x858458f6);
	EQ(sys_fstatfs(in, L(&sf), 0, 0, 0, 0), 0);
	EQ(sys_statfs(L("/proc/self"), L(&sf), 0, 0, 0, 0), 0);
	EQ(sf.type, 0x9fa0);
	EQ(sys_statfs(L("/nope"), L(&sf), 0, 0, 0, 0), -ENOENT);
	EQ(sys_fstatfs(99, L(&sf), 0, 0, 0, 0), -EBADF);
	EQ(sys_statfs(L("/tmp"), 16, 0, 0, 0, 0), -EFAULT);
	EQ(x_stat("/tmp", &st), 0);
	EQ(st.st_mode, S_IFDIR | 01777);
}
