/*
 * blk.h — block devices for the rest of the kernel (a filesystem for
 * volumes, the boot self-check): whole 512-byte sectors, synchronous.
 *
 * Devices are numbered 0..blk_count()-1 in the order the transports found
 * them (virtio-mmio slots first, then PCI slots). Every call returns 0 or
 * a negative errno: -ENODEV (no such device), -EINVAL (a range past the
 * end, or count 0), -EROFS (write to a read-only device), -EIO (the device
 * reported an error or did not answer). Signals do not interrupt a
 * request: it always runs to its end. buf may be any kernel address; the driver
 * copies through its own DMA buffer. Callers may block: these must be
 * called from a thread (boot or a syscall), never from an interrupt.
 */
#ifndef INGOT_BLK_H
#define INGOT_BLK_H
#include "../include/kernel.h"

#define BLK_SECTOR 512

int blk_count(void);
uint64_t blk_capacity(int dev); /* in sectors; 0 if there is no such device */
bool blk_readonly(int dev);
int blk_read(int dev, uint64_t sector, void *buf, uint32_t count);
int blk_write(int dev, uint64_t sector, const void *buf, uint32_t count);
/* Returns once everything written before is on stable storage (a no-op
 * success on a device without a volatile write cache). */
int blk_flush(int dev);

/* While on, requests poll the device instead of sleeping, so no other
 * thread runs until they are done: a filesystem writing a consistent
 * snapshot of its tree (fs/ext2_sync.c) turns it on around the write. */
void blk_poll_mode(bool on);

/* drivers/blk_selftest.c: ingot.blktest=1 (see docs/kernel.md). */
void blk_selftest(void);
#endif
