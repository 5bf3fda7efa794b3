/*
 * iov.c — importing iovec arrays from the program (see iov.h).
 *
 * Checked once, here, for every vectored call, the way Linux's
 * import_iovec (lib/iov_iter.c) does: the count first (at most
 * UIO_MAXIOV), then each segment's length as a signed size (negative is
 * -EINVAL), its range against user space (access_ok: -EFAULT), and the
 * running total, which is capped at MAX_RW_COUNT by shortening the
 * segment that reaches it and zeroing the rest. So lengths that would
 * wrap a 64-bit sum (e.g. 60000 and 2^64 - 59992, "8 bytes in total")
 * never reach a caller that sizes a buffer from the total.
 */
#include "iov.h"
#include "../mm/mm.h"

static bool in_user(uint64_t base, uint64_t len)
{
	return len <= USER_TOP && base <= USER_TOP - len;
}

int iov_single(long ubuf, size_t len, struct uio_seg *seg)
{
	seg->base = (void *)ubuf;
	seg->len = MIN(len, MAX_RW_COUNT);
	return in_user((uint64_t)ubuf, seg->len) ? 0 : -EFAULT;
}

ssize_t iov_import(long uiov, long cnt, struct uio_seg **out)
{
	*out = NULL;
	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	if (cnt == 0)
		return 0;
	struct uio_seg *v = kmalloc((size_t)cnt * sizeof *v);
	if (!v)
		return -ENOMEM;
	_Static_assert(sizeof *v == 16, "struct iovec is 16 bytes");
	if (copy_from_user(v, (const void *)uiov, (size_t)cnt * sizeof *v) < 0) {
		kfree(v);
		return -EFAULT;
	}
	size_t total = 0;
	for (long i = 0; i < cnt; i++) {
		uint64_t base = (uint64_t)v[i].base, len = v[i].len;
		if (len > (uint64_t)INT64_MAX) {
			kfree(v);
			return -EINVAL;
		}
		if (!in_user(base, len)) {
			kfree(v);
			return -EFAULT;
		}
		if (len > MAX_RW_COUNT - total)
			v[i].len = len = MAX_RW_COUNT - total;
		total += len;
	}
	*out = v;
	return (ssize_t)total;
}
