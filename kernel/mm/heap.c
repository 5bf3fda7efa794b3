/*
 * heap.c — the kernel heap (kmalloc/kzalloc/krealloc/kfree).
 *
 * Design: power-of-two size classes from 16 to 2048 bytes; each class
 * carves whole pages into equal blocks kept on a free list (blocks are
 * never returned to the page allocator, which bounds fragmentation by the
 * peak use of each class). Larger requests take a run of contiguous pages
 * with a 16-byte header recording the page count, and give it back on free.
 * Every block is preceded by a 16-byte header holding its class (or page
 * count) so kfree/krealloc need no size; this keeps 16-byte alignment.
 */
#include "mm.h"

#define MIN_SHIFT   4  /* 16-byte blocks */
#define MAX_SHIFT   11 /* 2048-byte blocks */
#define NCLASS	    (MAX_SHIFT - MIN_SHIFT + 1)
#define HDR	    16
#define LARGE_MAGIC 0x4c52470000000000ULL /* "LRG" tag in the top 24 bits */

struct free_block {
	struct free_block *next;
};

static struct {
	struct free_block *free[NCLASS];
	size_t bytes_in_use;
} heap;

static int class_of(size_t total)
{
	int c = 0;
	while (((size_t)1 << (c + MIN_SHIFT)) < total)
		c++;
	return c;
}

static bool refill(int c)
{
	size_t bs = (size_t)1 << (c + MIN_SHIFT);
	uint8_t *pg = page_alloc();
	if (!pg)
		return false;
	for (size_t off = 0; off + bs <= PAGE_SIZE; off += bs) {
		struct free_block *b = (struct free_block *)(pg + off);
		b->next = heap.free[c];
		heap.free[c] = b;
	}
	return true;
}

void *kmalloc(size_t n)
{
	if (n > ((size_t)1 << 40))
		return NULL;
	size_t total = n + HDR;
	if (total <= ((size_t)1 << MAX_SHIFT)) {
		int c = class_of(total);
		if (!heap.free[c] && !refill(c))
			return NULL;
		struct free_block *b = heap.free[c];
		heap.free[c] = b->next;
		uint64_t *h = (uint64_t *)b;
		h[0] = (uint64_t)c;
		h[1] = n;
		heap.bytes_in_use += total;
		return (uint8_t *)b + HDR;
	}
	size_t pages = PAGE_ALIGN_UP(total) / PAGE_SIZE;
	uint64_t *h = page_alloc_n(pages);
	if (!h)
		return NULL;
	h[0] = LARGE_MAGIC | pages;
	h[1] = n;
	heap.bytes_in_use += pages * PAGE_SIZE;
	return (uint8_t *)h + HDR;
}

void *kzalloc(size_t n)
{
	void *p = kmalloc(n);
	if (p)
		memset(p, 0, n);
	return p;
}

/* Usable bytes of a block (what its size class or page run holds). */
static size_t capacity(uint64_t *h)
{
	if ((h[0] & ~0xffffffffffULL) == LARGE_MAGIC)
		return (h[0] & 0xffffffffffULL) * PAGE_SIZE - HDR;
	if (h[0] >= NCLASS)
		panic("heap: corrupt block header at %p", (void *)h);
	return ((size_t)1 << (h[0] + MIN_SHIFT)) - HDR;
}

void kfree(void *p)
{
	if (!p)
		return;
	uint64_t *h = (uint64_t *)((uint8_t *)p - HDR);
	if ((h[0] & ~0xffffffffffULL) == LARGE_MAGIC) {
		size_t pages = h[0] & 0xffffffffffULL;
		heap.bytes_in_use -= pages * PAGE_SIZE;
		page_free_n(h, pages);
		return;
	}
	int c = (int)h[0];
	if (c < 0 || c >= NCLASS)
		panic("heap: kfree of bad pointer %p", p);
	heap.bytes_in_use -= (size_t)1 << (c + MIN_SHIFT);
	struct free_block *b = (struct free_block *)h;
	b->next = heap.free[c];
	heap.free[c] = b;
}

void *krealloc(void *p, size_t n)
{
	if (!p)
		return kmalloc(n);
	if (n == 0) {
		kfree(p);
		return NULL;
	}
	uint64_t *h = (uint64_t *)((uint8_t *)p - HDR);
	size_t cap = capacity(h);
	if (n <= cap) {
		h[1] = n;
		return p;
	}
	void *q = kmalloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, h[1] < n ? h[1] : n);
	kfree(p);
	return q;
}
