/*
 * test_ext2.c — volumes (fs/volume.c, fs/ext2_*.c) against real ext2
 * images made by the host's mkfs.ext2 and checked by its e2fsck: files,
 * directories, renames, unlinks, fast and slow symlinks, files that need
 * single and double indirect blocks (with 1 KiB blocks), fsync reaching
 * the disk as a FLUSH, a second write-back over the first, a second
 * mount seeing everything, freed blocks
 * coming back, and a disk that is not ext2 refused with a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "blk_file.h"
#include "ext2_image.h"
#include "../../../sys/proc.h"

struct proc proc; /* fs/volume.c reads proc.debug */

#define BIG (300 * 1024 + 123) /* 1 KiB blocks: past 12 + 256, so double indirect */

char image[64]; /* ext2_image.h */

void make_image(const char *mkfs_args, long bytes)
{
	strcpy(image, "/tmp/ingot-ext2-XXXXXX");
	int fd = mkstemp(image);
	CHECK(fd >= 0 && ftruncate(fd, bytes) == 0);
	close(fd);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "%s %s %s", MKFS, mkfs_args, image);
	CHECK(system(cmd) == 0);
}

int fsck(void)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "/usr/sbin/e2fsck -fn %s >/dev/null 2>&1", image);
	return system(cmd);
}

void mount_image(void)
{
	setup();
	blk_file_attach(image);
	vfs_mount_volumes("quiet ingot.volumes=/data");
}

static char pattern(size_t i)
{
	return (char)('a' + (i * 7 + i / 1000) % 26);
}

static void put(const char *path, const char *data, size_t len)
{
	long fd = x_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	CHECK(fd >= 0);
	EQ(x_write(fd, data, (long)len), (long)len);
	x_close(fd);
}

static void write_tree(void)
{
	char *big = malloc(BIG);
	for (size_t i = 0; i < BIG; i++)
		big[i] = pattern(i);
	put("/data/a", "hello", 5);
	EQ(x_mkdir("/data/d", 0755), 0);
	EQ(x_mkdir("/data/d/e", 0700), 0);
	put("/data/d/big", big, BIG);
	put("/data/gone", "bye", 3);
	EQ(sys_symlink(L("d/big"), L("/data/fast"), 0, 0, 0, 0), 0);
	char target[120];
	memset(target, 'x', sizeof target - 1);
	target[sizeof target - 1] = 0;
	EQ(sys_symlink(L(target), L("/data/slow"), 0, 0, 0, 0), 0);
	EQ(x_rename("/data/a", "/data/d/a2"), 0);
	EQ(x_unlink("/data/gone"), 0);
	for (int i = 0; i < 200; i++) { /* a directory of several blocks */
		char name[64];
		snprintf(name, sizeof name, "/data/d/e/file-with-a-longish-name-%03d", i);
		put(name, name, strlen(name));
	}
	free(big);
}

static void check_tree(void)
{
	char buf[256];
	EQ(slurp("/data/d/a2", buf, sizeof buf), 5);
	STREQ(buf, "hello");
	EQ(x_open("/data/gone", O_RDONLY, 0), -ENOENT);
	EQ(x_readlink("/data/fast", buf, sizeof buf), 5);
	EQ(x_readlink("/data/slow", buf, sizeof buf), 119);
	EQ(slurp("/data/d/e/file-with-a-longish-name-199", buf, sizeof buf), 38);
	STREQ(buf, "/data/d/e/file-with-a-longish-name-199");
	struct linux_stat st;
	EQ(x_stat("/data/d/e", &st), 0);
	EQ(st.st_mode & 07777, 0700);
	char *got = malloc(BIG + 16);
	EQ(slurp("/data/d/big", got, BIG + 16), BIG);
	size_t bad = 0;
	for (size_t i = 0; i < BIG; i++)
		bad += got[i] != pattern(i);
	EQ(bad, 0);
	free(got);
}

static void roundtrip(const char *mkfs_args)
{
	make_image(mkfs_args, 8 << 20);
	mount_image();
	write_tree();
	int flushes = blk_file_flushes;
	long fd = x_open("/data/d/a2", O_RDONLY, 0);
	EQ(sys_fsync(fd, 0, 0, 0, 0, 0), 0);
	x_close(fd);
	CHECK(blk_file_flushes > flushes); /* fsync ends with a FLUSH */
	EQ(fsck(), 0);
	/* A second write-back over the first (O_TRUNC and a rewrite: the
	 * file's block is freed and taken again); test_ext2_sync.c counts
	 * what smaller changes write. */
	put("/data/d/a2", "hello", 5);
	fd = x_open("/data/d/a2", O_RDONLY, 0);
	EQ(sys_fsync(fd, 0, 0, 0, 0, 0), 0);
	x_close(fd);
	EQ(fsck(), 0);

	mount_image(); /* a later boot */
	check_tree();
	struct linux_statfs {
		int64_t f_type, f_bsize, f_blocks, f_bfree;
		char rest[88];
	} sf;
	EQ(sys_statfs(L("/data"), L(&sf), 0, 0, 0, 0), 0);
	EQ(sf.f_type, 0xEF53);
	int64_t before = sf.f_bfree;
	EQ(x_unlink("/data/d/big"), 0);
	EQ(sys_sync(0, 0, 0, 0, 0, 0), 0);
	EQ(sys_statfs(L("/data"), L(&sf), 0, 0, 0, 0), 0);
	CHECK(sf.f_bfree > before); /* the big file's blocks came back */
	EQ(fsck(), 0);
	mount_image();
	EQ(x_open("/data/d/big", O_RDONLY, 0), -ENOENT);
	char buf[16];
	EQ(slurp("/data/d/a2", buf, sizeof buf), 5);
	blk_file_attach(NULL);
	unlink(image);
}

static void not_ext2_is_refused(void)
{
	strcpy(image, "/tmp/ingot-ext2-XXXXXX");
	int fd = mkstemp(image);
	CHECK(fd >= 0 && ftruncate(fd, 1 << 20) == 0);
	close(fd);
	jmp_buf out;
	blk_file_on_exit = &out;
	blk_file_exit_status = 0;
	if (!setjmp(out))
		mount_image();
	blk_file_on_exit = NULL;
	EQ(blk_file_exit_status, 126);
	blk_file_attach(NULL);
	unlink(image);
}

void test_ext2(void)
{
	if (access("/usr/sbin/mkfs.ext2", X_OK) || access("/usr/sbin/e2fsck", X_OK)) {
		printf("FAIL test_ext2: needs e2fsprogs (mkfs.ext2, e2fsck): run ./setup\n");
		t_fail++;
		return;
	}
	roundtrip("-b 4096");
	roundtrip("-b 1024");
	not_ext2_is_refused();
}
