/*
 * blk_selftest.c — ingot.blktest=1: a boot-time check of the block layer
 * on the last block device found (kernel/tests/blk-check.sh drives it).
 *
 * 1. Reads sector 0 and prints its first 16 printable bytes, so the host
 *    can see data it wrote itself come back.
 * 2. Writes BLKTEST_SECTORS sectors of a known pattern at the end of the
 *    device (byte i of the run = (i * 7 + 13) & 0xff, then the text
 *    "ingot-blktest" at the start of each sector), flushes, reads them
 *    back into a cleared buffer and compares; the host then finds the same
 *    pattern in the disk file.
 * 3. Checks that a request past the end is refused with -EINVAL.
 * One line: "ingot: blktest: ok ..." or "ingot: blktest: FAILED ...".
 * The program then starts as usual.
 */
#include "blk.h"
#include "virtio.h"
#include "../mm/mm.h"

#define BLKTEST_SECTORS 8
static const char tag[] = "ingot-blktest";

void blk_selftest(void)
{
	int dev = blk_count() - 1;
	uint64_t cap = blk_capacity(dev);
	if (dev < 0 || cap < BLKTEST_SECTORS + 1) {
		kprintf("ingot: blktest: FAILED: no block device\n");
		return;
	}
	size_t bytes = BLKTEST_SECTORS * BLK_SECTOR;
	uint8_t *pat = page_alloc_n(2), *back = page_alloc_n(2);
	if (!pat || !back) {
		kprintf("ingot: blktest: FAILED: out of memory\n");
		return;
	}
	char first[17];
	int r = blk_read(dev, 0, back, 1);
	for (int i = 0; i < 16; i++)
		first[i] = back[i] >= 0x20 && back[i] < 0x7f ? (char)back[i] : '.';
	first[16] = 0;
	for (size_t i = 0; i < bytes; i++)
		pat[i] = (uint8_t)(i * 7 + 13);
	for (size_t s = 0; s < BLKTEST_SECTORS; s++)
		memcpy(pat + s * BLK_SECTOR, tag, sizeof tag - 1);
	uint64_t at = cap - BLKTEST_SECTORS;
	const char *step = "read sector 0";
	if (!r && (step = "write", r = blk_write(dev, at, pat, BLKTEST_SECTORS)) == 0 &&
	    (step = "flush", r = blk_flush(dev)) == 0) {
		memset(back, 0, bytes);
		step = "read back";
		r = blk_read(dev, at, back, BLKTEST_SECTORS);
	}
	if (r) {
		kprintf("ingot: blktest: FAILED: %s returned %d\n", step, r);
		return;
	}
	for (size_t i = 0; i < bytes; i++)
		if (back[i] != pat[i]) {
			kprintf("ingot: blktest: FAILED: byte %lu read back as 0x%x, wrote 0x%x\n",
				i, back[i], pat[i]);
			return;
		}
	if ((r = blk_read(dev, cap, back, 1)) != -EINVAL ||
	    (r = blk_read(dev, cap - 1, back, 2)) != -EINVAL) {
		kprintf("ingot: blktest: FAILED: a read past the end returned %d, not -EINVAL\n",
			r);
		return;
	}
	uint64_t irqs, reqs;
	virtio_blk_stats(dev, &irqs, &reqs);
	kprintf("ingot: blktest: ok: device %d, %lu sectors; sector 0 begins \"%s\"; wrote, flushed and read back "
		"%d sectors at %lu; %lu requests, %lu interrupts\n",
		dev, cap, first, BLKTEST_SECTORS, at, reqs, irqs);
	page_free_n(pat, 2);
	page_free_n(back, 2);
}
