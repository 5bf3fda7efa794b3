/*
 * test_stat.c — the user-visible structures: struct stat and statx sizes
 * and field offsets as Linux x86-64 lays them out, what stat reports for
 * each kind of file, and getdents64 (every entry, 8-byte aligned records,
 * resumable with small buffers, d_type, d_off).
 */
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include "harness.h"

static void layouts(void)
{
	EQ(sizeof(struct linux_stat), 144);
	EQ(offsetof(struct linux_stat, st_nlink), 16);
	EQ(offsetof(struct linux_stat, st_mode), 24);
	EQ(offsetof(struct linux_stat, st_rdev), 40);
	EQ(offsetof(struct linux_stat, st_size), 48);
	EQ(offsetof(struct linux_stat, st_blksize), 56);
	EQ(offsetof(struct linux_stat, st_blocks), 64);
	EQ(offsetof(struct linux_stat, st_atime_sec), 72);
	EQ(offsetof(struct linux_stat, st_mtime_sec), 88);
	EQ(offsetof(struct linux_stat, st_ctime_sec), 104);
	EQ(sizeof(struct linux_statx), 256);
	EQ(offsetof(struct linux_statx, stx_mode), 28);
	EQ(offsetof(struct linux_statx, stx_ino), 32);
	EQ(offsetof(struct linux_statx, stx_size), 40);
	EQ(offsetof(struct linux_statx, stx_atime), 64);
	EQ(offsetof(struct linux_statx, stx_mtime), 112);
	EQ(offsetof(struct linux_statx, stx_rdev_major), 128);
	EQ(offsetof(struct linux_statx, stx_mnt_id), 144);
	EQ(offsetof(struct linux_dirent64, d_reclen), 16);
	EQ(offsetof(struct linux_dirent64, d_type), 18);
	EQ(sizeof(struct linux_termios), 36);
}

static void stats(void)
{
	setup();
	struct linux_stat st;
	memset(&st, 0xff, sizeof(st));
	EQ(x_stat("/etc/hosts", &st), 0);
	EQ(st.st_mode, S_IFREG | 0644);
	EQ(st.st_size, 20);
	EQ(st.st_nlink, 1);
	EQ(st.st_uid, 0);
	EQ(st.st_gid, 0);
	EQ(st.st_mtime_sec, 0);
	EQ(st.st_blksize, 4096);
	EQ(st.st_blocks, 8);
	CHECK(st.st_ino >= 100);
	EQ(st.__unused[0], 0);
	uint64_t root_dev = st.st_dev;
	EQ(x_stat("/tmp", &st), 0);
	CHECK(st.st_dev != root_dev);
	EQ(x_stat("/dev/null", &st), 0);
	EQ(st.st_mode, S_IFCHR | 0666);
	EQ(st.st_rdev, (1 << 8) | 3);
	EQ(x_stat("/dev/console", &st), 0);
	EQ(st.st_rdev, (5 << 8) | 1);
	EQ(x_lstat("/lib", &st), 0);
	EQ(st.st_mode, S_IFLNK | 0777);
	EQ(st.st_size, 7);
	EQ(x_stat("/proc/cpuinfo", &st), 0);
	EQ(st.st_size, 0);
	EQ(x_stat("/deep/a", &st), 0);
	EQ(st.st_nlink, 3);
	EQ(x_stat("/etc/hosts", (void *)16), -EFAULT);
	EQ(x_stat((void *)16, &st), -EFAULT);
	EQ(x_fstat(55, &st), -EBADF);

	struct linux_statx sx;
	memset(&sx, 0xff, sizeof(sx));
	EQ(sys_statx(AT_FDCWD, L("/lib"), AT_SYMLINK_NOFOLLOW, 0x7ff, L(&sx), 0), 0);
	EQ(sx.stx_mask, 0x7ff);
	EQ(sx.stx_mode, S_IFLNK | 0777);
	EQ(sx.stx_size, 7);
	EQ(sx.__spare3[11], 0);
	EQ(sys_statx(AT_FDCWD, L("/dev/zero"), 0, 0x7ff, L(&sx), 0), 0);
	EQ(sx.stx_rdev_major, 1);
	EQ(sx.stx_rdev_minor, 5);
	long fd = x_open("/etc/hosts", O_RDONLY, 0);
	EQ(sys_statx(fd, L(""), AT_EMPTY_PATH, 0x7ff, L(&sx), 0), 0);
	EQ(sx.stx_size, 20);
	EQ(sys_statx(fd, 0, AT_EMPTY_PATH, 0x7ff, L(&sx), 0), 0); /* NULL path too */
	EQ(sys_statx(AT_FDCWD, L("/etc"), 0, 0x80000000L, L(&sx), 0), -EINVAL);
	EQ(sys_statx(AT_FDCWD, L("/etc"), 0x6000, 0x7ff, L(&sx), 0), -EINVAL);
	EQ(sys_statx(AT_FDCWD, L("/nope"), 0, 0x7ff, L(&sx), 0), -ENOENT);
}

/* Lists a directory with a buffer of bufsize; returns the entry count and
 * appends "name," for each to names. Checks every record's shape. */
static int list(const char *path, long bufsize, char *names, size_t cap, int *bad)
{
	long fd = x_open(path, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return (int)fd;
	char *buf = malloc((size_t)bufsize);
	int count = 0;
	long prev_off = 0;
	names[0] = 0;
	for (;;) {
		long n = x_getdents(fd, buf, bufsize);
		if (n <= 0)
			break;
		for (long pos = 0; pos < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + pos);
			size_t len = strlen(d->d_name);
			if (d->d_reclen % 8 || d->d_reclen < 19 + len + 1 || d->d_off <= prev_off)
				(*bad)++;
			prev_off = d->d_off;
			if (strlen(names) + len + 2 < cap) {
				strcat(names, d->d_name);
				strcat(names, ",");
			}
			count++;
			pos += d->d_reclen;
		}
	}
	free(buf);
	x_close(fd);
	return count;
}

static void dents(void)
{
	setup();
	char names[4096];
	int bad = 0;
	EQ(list("/etc", 4096, names, sizeof(names), &bad), 5);
	STREQ(names, ".,..,hosts,self,up,");
	EQ(list("/etc", 32, names, sizeof(names), &bad), 5); /* one record at a time */
	STREQ(names, ".,..,hosts,self,up,");
	EQ(list("/dev", 4096, names, sizeof(names), &bad), 11);
	STREQ(names, ".,..,null,zero,random,urandom,console,stdin,stdout,stderr,shm,");
	EQ(list("/proc/self", 4096, names, sizeof(names), &bad), 11);
	EQ(x_mkdir("/tmp/many", 0755), 0);
	char p[64];
	for (int i = 0; i < 300; i++) {
		snprintf(p, sizeof(p), "/tmp/many/file-with-a-longish-name-%d", i);
		x_close(x_open(p, O_CREAT | O_WRONLY, 0644));
	}
	static char big[1 << 16];
	EQ(list("/tmp/many", 1000, big, sizeof(big), &bad), 302);
	CHECK(strstr(big, ",file-with-a-longish-name-299,") != NULL);
	EQ(bad, 0);
	/* every name is found again (name hash), renamed, and removed */
	int missing = 0;
	for (int i = 0; i < 300; i++) {
		char q[64];
		struct linux_stat st;
		snprintf(p, sizeof(p), "/tmp/many/file-with-a-longish-name-%d", i);
		snprintf(q, sizeof(q), "/tmp/many/r%d", i);
		missing += x_stat(p, &st) != 0;
		missing += x_rename(p, q) != 0;
		missing += x_stat(p, &st) != -ENOENT;
		missing += x_unlink(q) != 0;
	}
	EQ(missing, 0);
	EQ(x_rmdir("/tmp/many"), 0);

	long fd = x_open("/etc", O_RDONLY, 0);
	char buf[512];
	EQ(x_getdents(fd, buf, 10), -EINVAL); /* too small for one record */
	EQ(x_getdents(fd, (void *)16, 512), -EFAULT);
	long n = x_getdents(fd, buf, sizeof(buf));
	CHECK(n > 0);
	struct linux_dirent64 *d = (struct linux_dirent64 *)buf;
	EQ(d->d_type, DT_DIR);
	d = (struct linux_dirent64 *)(buf + d->d_reclen);
	d = (struct linux_dirent64 *)((char *)d + d->d_reclen);
	STREQ(d->d_name, "hosts");
	EQ(d->d_type, DT_REG);
	d = (struct linux_dirent64 *)((char *)d + d->d_reclen);
	EQ(d->d_type, DT_LNK);
	EQ(x_getdents(fd, buf, sizeof(buf)), 0); /* end */
	EQ(x_lseek(fd, 0, SEEK_SET), 0);	 /* rewinddir */
	EQ(x_getdents(fd, buf, sizeof(buf)), n);
	long hfd = x_open("/etc/hosts", O_RDONLY, 0);
	EQ(x_getdents(hfd, buf, sizeof(buf)), -ENOTDIR);
	EQ(x_getdents(99, buf, sizeof(buf)), -EBADF);

	/* /proc/self/fd lists the open fds */
	fd_reset();
	fd_init_stdio();
	EQ(list("/proc/self/fd", 4096, names, sizeof(names), &bad), 6);
	STREQ(names, ".,..,0,1,2,3,");
}

void test_stat(void)
{
	layouts();
	stats();
	dents();
}
