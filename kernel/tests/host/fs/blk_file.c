/*
 * blk_file.c — drivers/blk.h for the host tests: device 0 is a host file
 * (an ext2 image made by mkfs.ext2), read and written with pread/pwrite;
 * FLUSHes, write requests and sectors written are counted so a test can
 * see fsync reach the disk and what a write-back costs. Also
 * proc_exit, which fs/volume.c calls for a disk it cannot mount.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include "blk_file.h"

/* drivers/blk.h's interface, restated: its header and the host's
 * <fcntl.h> both define the S_IF* constants. */
#define BLK_SECTOR 512
int blk_count(void);
uint64_t blk_capacity(int dev);
bool blk_readonly(int dev);
int blk_read(int dev, uint64_t sector, void *buf, uint32_t count);
int blk_write(int dev, uint64_t sector, const void *buf, uint32_t count);
int blk_flush(int dev);
void blk_poll_mode(bool on);
static int disk = -1;
static uint64_t sectors;
int blk_file_flushes, blk_file_writes;
long blk_file_sectors_written;

void blk_poll_mode(bool on)
{
	(void)on;
}

void blk_file_attach(const char *path)
{
	if (disk >= 0)
		close(disk);
	disk = path ? open(path, O_RDWR) : -1;
	sectors = disk >= 0 ? (uint64_t)lseek(disk, 0, SEEK_END) / BLK_SECTOR : 0;
}

jmp_buf *blk_file_on_exit;
int blk_file_exit_status;

_Noreturn void proc_exit(int status)
{
	blk_file_exit_status = status;
	if (blk_file_on_exit)
		longjmp(*blk_file_on_exit, 1);
	printf("FAIL: the kernel ended the program with status %d\n", status);
	exit(1);
}

int blk_count(void)
{
	return disk >= 0;
}
uint64_t blk_capacity(int dev)
{
	return dev == 0 ? sectors : 0;
}
bool blk_readonly(int dev)
{
	(void)dev;
	return false;
}

static int check(int dev, uint64_t sector, uint32_t count)
{
	if (dev != 0 || disk < 0)
		return -ENODEV;
	return count == 0 || sector >= sectors || count > sectors - sector ? -EINVAL : 0;
}

int blk_read(int dev, uint64_t sector, void *buf, uint32_t count)
{
	int r = check(dev, sector, count);
	if (!r && pread(disk, buf, (size_t)count * BLK_SECTOR, (off_t)(sector * BLK_SECTOR)) !=
			  (ssize_t)count * BLK_SECTOR)
		r = -EIO;
	return r;
}

int blk_write(int dev, uint64_t sector, const void *buf, uint32_t count)
{
	int r = check(dev, sector, count);
	blk_file_writes++;
	blk_file_sectors_written += count;
	if (!r && pwrite(disk, buf, (size_t)count * BLK_SECTOR, (off_t)(sector * BLK_SECTOR)) !=
			  (ssize_t)count * BLK_SECTOR)
		r = -EIO;
	return r;
}

int blk_flush(int dev)
{
	if (dev != 0 || disk < 0)
		return -ENODEV;
	blk_file_flushes++;
	return 0;
}
