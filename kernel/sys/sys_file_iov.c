/*
 * sys_file_iov.c — the vectored file calls: readv, writev, preadv, pwritev,
 * preadv2, pwritev2 (Linux x86-64 numbers 19, 20, 295, 296, 327, 328).
 *
 * The iovec array is read and checked by iov_import (sys/iov.c), the one
 * place every vectored call, sockets included, gets its segments from.
 */
#include "../fs/fs.h"
#include "iov.h"

/* readv/writev and the positional preadv/pwritev(2): the whole iovec array
 * is copied and checked first, in one place (iov_import: so a bad iovec
 * fails before any I/O, and no length sum can overflow), then the segments
 * are done in order until one comes up short. */
static long do_iov(struct file *f, long uiov, long cnt, bool write, uint64_t off, bool use_off)
{
	struct uio_seg *iov;
	ssize_t r = iov_import(uiov, cnt, &iov);
	if (r <= 0)
		return r;
	uint64_t total = 0;
	for (long i = 0; i < cnt; i++) {
		if (iov[i].len == 0)
			continue;
		ssize_t k = write ? file_write(f, iov[i].base, iov[i].len, off + total, use_off)
				  : file_read(f, iov[i].base, iov[i].len, off + total, use_off);
		if (k < 0) {
			if (total == 0)
				r = k;
			break;
		}
		total += (uint64_t)k;
		if ((uint64_t)k < iov[i].len)
			break;
	}
	kfree(iov);
	return r < 0 ? r : (long)total;
}

long sys_readv(long fd, long uiov, long cnt, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	return f ? do_iov(f, uiov, cnt, false, 0, false) : -EBADF;
}

long sys_writev(long fd, long uiov, long cnt, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	return f ? do_iov(f, uiov, cnt, true, 0, false) : -EBADF;
}

/* preadv2/pwritev2 flags (RWF_*): HIPRI, DSYNC, SYNC mean nothing for memory
 * files; NOWAIT and APPEND are refused as a file without them is on Linux. */
#define RWF_SUPPORTED (0x1 | 0x2 | 0x4)

/* x86-64 passes the offset whole in pos_l (pos_h is for 32-bit ABIs).
 * preadv2/pwritev2 with offset -1 use and move the file offset. */
static long positional_iov(long fd, long uiov, long cnt, long pos, long flags, bool write, bool v2)
{
	if (v2 && pos == -1) {
		struct file *f = fd_get((int)fd);
		if (!f)
			return -EBADF;
		if (flags & ~(long)RWF_SUPPORTED)
			return -EOPNOTSUPP;
		return do_iov(f, uiov, cnt, write, 0, false);
	}
	struct file *f;
	long r = fd_positional(fd, pos, &f);
	if (r)
		return r;
	if (flags & ~(long)RWF_SUPPORTED)
		return -EOPNOTSUPP;
	return do_iov(f, uiov, cnt, write, (uint64_t)pos, true);
}

long sys_preadv(long fd, long uiov, long cnt, long pos, long a4, long a5)
{
	(void)a4, (void)a5;
	return positional_iov(fd, uiov, cnt, pos, 0, false, false);
}

long sys_pwritev(long fd, long uiov, long cnt, long pos, long a4, long a5)
{
	(void)a4, (void)a5;
	return positional_iov(fd, uiov, cnt, pos, 0, true, false);
}

long sys_preadv2(long fd, long uiov, long cnt, long pos, long pos_h, long flags)
{
	(void)pos_h;
	return positional_iov(fd, uiov, cnt, pos, flags, false, true);
}

long sys_pwritev2(long fd, long uiov, long cnt, long pos, long pos_h, long flags)
{
	(void)pos_h;
	return positional_iov(fd, uiov, cnt, pos, flags, true, true);
}
