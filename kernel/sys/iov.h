/* iov.h — the one place a program's iovec array is read and checked
 * (sys/iov.c). Every vectored call uses it: readv, writev, preadv,
 * pwritev, preadv2, pwritev2 (sys_file.c), sendmsg, recvmsg and anything
 * built on their msghdr (sys_socket_msg.c). */
#ifndef INGOT_SYS_IOV_H
#define INGOT_SYS_IOV_H
#include "../include/kernel.h"

struct uio_seg { /* Linux struct iovec */
	void *base;
	size_t len;
};

#define UIO_MAXIOV   1024	  /* Linux's limit on segments */
#define MAX_RW_COUNT 0x7ffff000ul /* Linux: INT_MAX & PAGE_MASK, one call's most */

/* Copies cnt segments from uiov into a new kmalloc'd array (*out, for the
 * caller to kfree; NULL when cnt is 0) and checks them as Linux's
 * import_iovec does: cnt above UIO_MAXIOV or a length above SSIZE_MAX is
 * -EINVAL, a segment not wholly in user space is -EFAULT, and segments are
 * shortened so that the total never passes MAX_RW_COUNT. Returns that
 * total (no later sum over the array can overflow), or -EINVAL, -EFAULT,
 * -ENOMEM. */
ssize_t iov_import(long uiov, long cnt, struct uio_seg **out);

/* One buffer (sendto, recvfrom), as Linux's import_ubuf: the length capped
 * at MAX_RW_COUNT, -EFAULT if [ubuf, ubuf+len) is not in user space. */
int iov_single(long ubuf, size_t len, struct uio_seg *seg);

#endif
