/*
 * uaccess.c — copying to and from the program's memory.
 *
 * Every guest pointer is hostile: a range must be canonical user space
 * (below USER_TOP), must not wrap, and every page must be accessible with
 * the needed permission — mapped, or inside a region that allows it, in
 * which case the page is faulted in now (demand-zero), exactly as if the
 * program had touched it. Data moves through the direct map of the frame,
 * never through the user address, so the kernel takes no page faults on
 * user memory and SMAP can stay on.
 */
#include "mm.h"

/* Kernel pointer to the byte at uaddr, or NULL if not accessible. */
static uint8_t *user_byte(uint64_t uaddr, bool write)
{
	if (write) { /* marks the page dirty: a shared file page is written back */
		uint64_t pa = vm_lookup_write(uaddr);
		if (!pa && vm_handle_fault(uaddr, true, false))
			pa = vm_lookup_write(uaddr);
		return pa ? phys_to_virt(pa) : NULL;
	}
	uint64_t pa = vm_lookup(uaddr, NULL);
	if (!pa && vm_handle_fault(uaddr, false, false))
		pa = vm_lookup(uaddr, NULL);
	return pa ? phys_to_virt(pa) : NULL;
}

static bool range_ok(uint64_t u, size_t n)
{
	return u + n >= u && u + n <= USER_TOP;
}

static int copy_user(void *kbuf, uint64_t u, size_t n, bool to_user)
{
	if (!range_ok(u, n))
		return -EFAULT;
	uint8_t *k = kbuf;
	while (n) {
		size_t chunk = MIN(n, PAGE_SIZE - (u & (PAGE_SIZE - 1)));
		uint8_t *p = user_byte(u, to_user);
		if (!p)
			return -EFAULT;
		if (to_user)
			memcpy(p, k, chunk);
		else
			memcpy(k, p, chunk);
		k += chunk;
		u += chunk;
		n -= chunk;
	}
	return 0;
}

int copy_from_user(void *dst, const void *usrc, size_t n)
{
	return copy_user(dst, (uint64_t)usrc, n, false);
}

int copy_to_user(void *udst, const void *src, size_t n)
{
	return copy_user((void *)src, (uint64_t)udst, n, true);
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
	uint64_t u = (uint64_t)usrc;
	for (size_t i = 0; i < max; i++, u++) {
		if (u >= USER_TOP)
			return -EFAULT;
		uint8_t *p = user_byte(u, false);
		if (!p)
			return -EFAULT;
		/* Within a page the next bytes are contiguous: copy fast. */
		size_t room = MIN(max - i, PAGE_SIZE - (u & (PAGE_SIZE - 1)));
		for (size_t j = 0; j < room; j++) {
			dst[i + j] = p[j];
			if (!p[j])
				return (long)(i + j);
		}
		i += room - 1;
		u += room - 1;
	}
	if (max)
		dst[max - 1] = 0;
	return -ENAMETOOLONG;
}
