/*
 * test_ext2_sync.c — what a volume write-back writes (fs/ext2_sync.c,
 * ext2_map.c): a small change costs only its blocks (counted in the
 * host block backend, blk_file.c), and random writes, truncates, renames,
 * unlinks and syncs against an in-memory model keep e2fsck clean and the
 * bytes right across later mounts (1 KiB blocks: double indirect files),
 * and a sparse file (written by debugfs) keeps its holes until written.
 * The shim's clock stands still, so an inode whose size, mode and blocks
 * did not change is the same inode to the second and is not rewritten.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "blk_file.h"
#include "ext2_image.h"

static void fill(char *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)('A' + (seed + i * 13 + i / 4096) % 50);
}

static void put_file(const char *path, size_t len, unsigned seed)
{
	char *buf = malloc(len);
	fill(buf, len, seed);
	long fd = x_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	CHECK(fd >= 0);
	EQ(x_write(fd, buf, (long)len), (long)len);
	x_close(fd);
	free(buf);
}

/* Write requests and sectors one fsync of path costs (after what came before). */
static int writes, sectors;
static void fsync_path(const char *path)
{
	int w = blk_file_writes;
	long s = blk_file_sectors_written;
	long fd = x_open(path, O_RDONLY, 0);
	CHECK(fd >= 0);
	EQ(sys_fsync(fd, 0, 0, 0, 0, 0), 0);
	x_close(fd);
	writes = blk_file_writes - w;
	sectors = (int)(blk_file_sectors_written - s);
}

static void pwrite_path(const char *path, const char *buf, long len, long off)
{
	long fd = x_open(path, O_WRONLY, 0);
	CHECK(fd >= 0);
	EQ(x_pwrite(fd, buf, len, off), len);
	x_close(fd);
}

static void small_changes_write_little(void)
{
	make_image("-b 4096", 8 << 20);
	mount_image();
	put_file("/data/db", 64 * 1024, 1);
	put_file("/data/big", 200 * 1024, 2); /* past 12 blocks: an indirect block */
	fsync_path("/data/db");
	EQ(fsck(), 0);

	fsync_path("/data/db"); /* nothing changed: nothing written, still a FLUSH */
	EQ(writes, 0);
	char page[4096];
	fill(page, sizeof page, 3);
	int flushes = blk_file_flushes;
	pwrite_path("/data/db", page, 4096, 8192);
	fsync_path("/data/db"); /* a commit: the one data block, in place */
	EQ(writes, 1);
	EQ(sectors, 8);
	CHECK(blk_file_flushes == flushes + 1);
	pwrite_path("/data/big", page, 4096, 100 * 1024); /* under the indirect block */
	fsync_path("/data/big");
	EQ(writes, 1);
	pwrite_path("/data/db", "xyz", 3, 5000); /* 3 bytes: their block */
	fsync_path("/data/db");
	EQ(writes, 1);
	EQ(sectors, 8);
	long fd = x_open("/data/db", O_RDONLY, 0);
	EQ(sys_fchmod(fd, 0600, 0, 0, 0, 0), 0);
	x_close(fd);
	fsync_path("/data/db"); /* the inode alone: its inode table block */
	EQ(writes, 1);
	pwrite_path("/data/db", page, 4096, 64 * 1024); /* a new block at the end */
	/* data, the indirect block that points to it, inode, block bitmap,
	 * descriptors, superblock */
	fsync_path("/data/db");
	EQ(writes, 6);
	fd = x_open("/data/db", O_WRONLY, 0);
	EQ(sys_ftruncate(fd, 10000, 0, 0, 0, 0), 0);
	x_close(fd);
	/* the new last block (zero past the end), inode, bitmap, descriptors,
	 * superblock; the indirect block is freed, not written */
	fsync_path("/data/db");
	EQ(writes, 5);
	EQ(fsck(), 0);

	mount_image(); /* a later boot sees every change */
	char *want = malloc(200 * 1024), *got = malloc(200 * 1024 + 16);
	fill(want, 64 * 1024, 1);
	memcpy(want + 8192, page, 4096);
	memcpy(want + 5000, "xyz", 3);
	EQ(slurp("/data/db", got, 200 * 1024 + 16), 10000);
	CHECK(memcmp(got, want, 10000) == 0);
	fill(want, 200 * 1024, 2);
	memcpy(want + 100 * 1024, page, 4096);
	EQ(slurp("/data/big", got, 200 * 1024 + 16), 200 * 1024);
	CHECK(memcmp(got, want, 200 * 1024) == 0);
	struct linux_stat st;
	EQ(x_stat("/data/db", &st), 0);
	EQ(st.st_mode & 07777, 0600);
	fsync_path("/data/db"); /* after a mount, too, an unchanged volume costs nothing */
	EQ(writes, 0);
	free(want);
	free(got);
	blk_file_attach(NULL);
	unlink(image);
}

/* A file with holes, as Linux or debugfs make them: blocks 4 and 600-602
 * only (1 KiB blocks: no single indirect block, and the double indirect
 * one with its second child only). A write-back keeps the holes, and no
 * indirect block is added for them; writes into them allocate the
 * missing indirect blocks. */
static void sparse_file_keeps_its_holes(void)
{
	make_image("-b 1024", 8 << 20);
	enum { SIZE = 600 * 1024 + 3000 };
	char *want = calloc(1, SIZE), *got = malloc(SIZE + 16);
	memset(want + 5000, 'A', 100);
	memset(want + 600 * 1024, 'B', 3000);
	char host[] = "/tmp/ingot-sparse-XXXXXX", cmd[256];
	int fd = mkstemp(host);
	CHECK(fd >= 0 && pwrite(fd, want + 5000, 100, 5000) == 100 &&
	      pwrite(fd, want + 600 * 1024, 3000, 600 * 1024) == 3000);
	close(fd);
	snprintf(cmd, sizeof cmd, "/usr/sbin/debugfs -w -R 'write %s sparse' %s >/dev/null 2>&1",
		 host, image);
	CHECK(system(cmd) == 0);
	unlink(host);
	mount_image();
	EQ(slurp("/data/sparse", got, SIZE + 16), SIZE);
	CHECK(memcmp(got, want, SIZE) == 0);
	fsync_path("/data/sparse"); /* the first write-back: the holes stay */
	EQ(fsck(), 0);
	snprintf(cmd, sizeof cmd,
		 "/usr/sbin/debugfs -R 'stat sparse' %s 2>/dev/null | grep -q 'Blockcount: 12$'",
		 image);
	EQ(system(cmd), 0);		    /* 6 blocks of 1 KiB: 4 of data, 2 indirect */
	memset(want + 100 * 1024, 'C', 10); /* under the missing indirect block */
	memset(want + 300 * 1024, 'D', 10); /* under the missing first child */
	memset(want + 601 * 1024, 'E', 10); /* a block that is there */
	memset(want + 700, 'F', 10);	    /* a direct hole */
	pwrite_path("/data/sparse", want + 100 * 1024, 10, 100 * 1024);
	pwrite_path("/data/sparse", want + 300 * 1024, 10, 300 * 1024);
	pwrite_path("/data/sparse", want + 601 * 1024, 10, 601 * 1024);
	pwrite_path("/data/sparse", want + 700, 10, 700);
	fsync_path("/data/sparse");
	EQ(fsck(), 0);
	mount_image();
	EQ(slurp("/data/sparse", got, SIZE + 16), SIZE);
	CHECK(memcmp(got, want, SIZE) == 0);
	free(want);
	free(got);
	blk_file_attach(NULL);
	unlink(image);
}

/* The model: NFILES files by name, their bytes (NULL: absent). */
#define NFILES	 4
#define MAX_SIZE (700 * 1024) /* 1 KiB blocks: past 268, so double indirect */
static char *model[NFILES];
static size_t model_size[NFILES];

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17; /* xorshift64 */
	return rng;
}

static void name_of(int i, char *buf)
{
	snprintf(buf, 32, i % 2 ? "/data/sub/f%d" : "/data/f%d", i);
}

static int compare_with_model(void)
{
	int bad = 0;
	char *got = malloc(MAX_SIZE + 16), name[32];
	for (int i = 0; i < NFILES; i++) {
		name_of(i, name);
		long n = slurp(name, got, MAX_SIZE + 16);
		if (!model[i])
			bad += n != -ENOENT;
		else
			bad += n != (long)model_size[i] || memcmp(got, model[i], model_size[i]);
	}
	free(got);
	return bad;
}

static void one_op(void)
{
	int i = (int)(next_rand() % NFILES), kind = (int)(next_rand() % 10);
	char name[32];
	name_of(i, name);
	if (!model[i]) { /* create it */
		model[i] = calloc(1, MAX_SIZE);
		model_size[i] = 0;
		long fd = x_open(name, O_CREAT | O_WRONLY, 0644);
		CHECK(fd >= 0);
		x_close(fd);
		return;
	}
	if (kind < 6) { /* a write somewhere, maybe past the end */
		size_t off = next_rand() % (MAX_SIZE - 1), len = 1 + next_rand() % 9000;
		len = MIN(len, MAX_SIZE - off);
		char *buf = malloc(len);
		fill(buf, len, (unsigned)next_rand());
		pwrite_path(name, buf, (long)len, (long)off);
		memcpy(model[i] + off, buf, len);
		model_size[i] = MAX(model_size[i], off + len);
		free(buf);
	} else if (kind < 8) { /* a truncate, either way */
		size_t size = next_rand() % 3 ? next_rand() % MAX_SIZE : 0;
		long fd = x_open(name, O_WRONLY, 0);
		EQ(sys_ftruncate(fd, (long)size, 0, 0, 0, 0), 0);
		x_close(fd);
		if (size > model_size[i])
			memset(model[i] + model_size[i], 0, size - model_size[i]);
		model_size[i] = size;
		memset(model[i] + size, 0, MAX_SIZE - size);
	} else if (kind == 8) { /* gone */
		EQ(x_unlink(name), 0);
		free(model[i]);
		model[i] = NULL;
	} else { /* renamed over another (or to a free name) */
		int j = (i + 1 + (int)(next_rand() % (NFILES - 1))) % NFILES;
		char to[32];
		name_of(j, to);
		EQ(x_rename(name, to), 0);
		free(model[j]);
		model[j] = model[i], model_size[j] = model_size[i];
		model[i] = NULL;
	}
}

static void random_against_model(void)
{
	make_image("-b 1024", 16 << 20);
	mount_image();
	EQ(x_mkdir("/data/sub", 0755), 0);
	int unclean = 0, wrong = 0;
	for (int round = 0; round < 1200; round++) {
		one_op();
		if (round % 8 == 7) {
			EQ(sys_sync(0, 0, 0, 0, 0, 0), 0);
			unclean += fsck() != 0;
		}
		if (round % 24 == 23) { /* a later boot sees what was synced */
			EQ(sys_sync(0, 0, 0, 0, 0, 0), 0);
			mount_image();
			wrong += compare_with_model();
		}
	}
	EQ(unclean, 0);
	EQ(wrong, 0);
	for (int i = 0; i < NFILES; i++) {
		free(model[i]);
		model[i] = NULL;
	}
	blk_file_attach(NULL);
	unlink(image);
}

void test_ext2_sync(void)
{
	if (access("/usr/sbin/mkfs.ext2", X_OK) || access("/usr/sbin/e2fsck", X_OK))
		return; /* test_ext2 has said so */
	small_changes_write_little();
	sparse_file_keeps_its_holes();
	random_against_model();
}
