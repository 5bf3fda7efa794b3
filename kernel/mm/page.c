/*
 * page.c — physical page allocator.
 *
 * Design: one bit per 4 KiB page over [lo, hi) (at most the 4 GiB the
 * direct map covers), 1 = in use. Everything starts "in use"; the boot code
 * frees the RAM ranges of the memmap and then re-reserves the kernel image,
 * the rootfs module and firmware areas. Single pages come from a rotating
 * first-fit scan; runs of n contiguous pages (for large kmalloc) from a
 * linear first-fit scan. Pages are handed out zeroed, as kernel pointers in
 * the direct map. No lock: one CPU, and no allocation from interrupts.
 */
#include "mm.h"

#define MAX_PAGES (DIRECT_MAP_LIMIT / PAGE_SIZE)

static struct {
	uint64_t lo_pfn, npages; /* managed range */
	uint64_t hint;		 /* where the next single-page scan starts */
	uint64_t free;		 /* pages currently free */
	uint64_t total;		 /* pages ever added as RAM */
	uint64_t bits[MAX_PAGES / 64];
} pm;

/* Bits set in w (SWAR popcount; no libgcc in the kernel). */
static uint64_t popcount(uint64_t w)
{
	w = w - ((w >> 1) & 0x5555555555555555ULL);
	w = (w & 0x3333333333333333ULL) + ((w >> 2) & 0x3333333333333333ULL);
	w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (w * 0x0101010101010101ULL) >> 56;
}

static bool used(uint64_t i)
{
	return pm.bits[i / 64] >> (i % 64) & 1;
}
static void set_used(uint64_t i)
{
	pm.bits[i / 64] |= 1ULL << (i % 64);
}
static void set_free(uint64_t i)
{
	pm.bits[i / 64] &= ~(1ULL << (i % 64));
}

void page_init(uint64_t phys_lo, uint64_t phys_hi)
{
	pm.lo_pfn = PAGE_ALIGN_UP(phys_lo) / PAGE_SIZE;
	uint64_t hi_pfn = PAGE_ALIGN_DOWN(phys_hi) / PAGE_SIZE;
	pm.npages = hi_pfn > pm.lo_pfn ? hi_pfn - pm.lo_pfn : 0;
	if (pm.npages > MAX_PAGES)
		pm.npages = MAX_PAGES;
	memset(pm.bits, 0xff, (pm.npages + 63) / 64 * sizeof pm.bits[0]);
	pm.free = pm.total = pm.hint = 0;
}

/* Clips [start, end) to whole managed pages and applies f to each index. */
static void range_apply(uint64_t start, uint64_t end, bool to_free)
{
	uint64_t a = PAGE_ALIGN_UP(start) / PAGE_SIZE, b = PAGE_ALIGN_DOWN(end) / PAGE_SIZE;
	if (!to_free) { /* reserving: cover partial pages too */
		a = PAGE_ALIGN_DOWN(start) / PAGE_SIZE;
		b = PAGE_ALIGN_UP(end) / PAGE_SIZE;
	}
	if (a < pm.lo_pfn)
		a = pm.lo_pfn;
	if (b > pm.lo_pfn + pm.npages)
		b = pm.lo_pfn + pm.npages;
	for (uint64_t p = a; p < b;) {
		uint64_t i = p - pm.lo_pfn;
		if (i % 64 == 0 && p + 64 <= b) { /* a whole bitmap word at once */
			uint64_t *w = &pm.bits[i / 64];
			uint64_t n = popcount(to_free ? *w : ~*w);
			*w = to_free ? 0 : ~0ULL;
			pm.free += to_free ? n : -n;
			pm.total += to_free ? n : -n;
			p += 64;
			continue;
		}
		if (to_free && used(i)) {
			set_free(i);
			pm.free++;
			pm.total++;
		}
		if (!to_free && !used(i)) {
			set_used(i);
			pm.free--;
			pm.total--;
		}
		p++;
	}
}

void page_add_free(uint64_t s, uint64_t e)
{
	range_apply(s, e, true);
}
void page_reserve(uint64_t s, uint64_t e)
{
	range_apply(s, e, false);
}

static void *index_to_page(uint64_t i)
{
	return phys_to_virt((pm.lo_pfn + i) * PAGE_SIZE);
}

void *page_alloc(void)
{
	if (pm.free == 0)
		return NULL;
	for (uint64_t n = 0; n < pm.npages; n += 64) {
		uint64_t w = ((pm.hint + n) % pm.npages) / 64;
		if (pm.bits[w] == ~0ULL)
			continue;
		for (uint64_t i = w * 64; i < w * 64 + 64 && i < pm.npages; i++) {
			if (!used(i)) {
				set_used(i);
				pm.free--;
				pm.hint = i;
				void *p = index_to_page(i);
				memset(p, 0, PAGE_SIZE);
				return p;
			}
		}
	}
	return NULL;
}

void *page_alloc_n(size_t n)
{
	if (n == 1)
		return page_alloc();
	if (n == 0 || n > pm.free)
		return NULL;
	uint64_t run = 0;
	for (uint64_t i = 0; i < pm.npages; i++) {
		if (used(i)) {
			run = 0;
			if ((i & 63) == 0 && pm.bits[i / 64] == ~0ULL)
				i += 63;
			continue;
		}
		if (++run == n) {
			uint64_t first = i + 1 - n;
			for (uint64_t j = first; j <= i; j++)
				set_used(j);
			pm.free -= n;
			void *p = index_to_page(first);
			memset(p, 0, n * PAGE_SIZE);
			return p;
		}
	}
	return NULL;
}

void page_free_n(void *p, size_t n)
{
	uint64_t pa = virt_to_phys(p);
	if (pa & (PAGE_SIZE - 1))
		panic("page: free of unaligned 0x%lx", pa);
	for (size_t k = 0; k < n; k++) {
		uint64_t pfn = pa / PAGE_SIZE + k;
		if (pfn < pm.lo_pfn || pfn >= pm.lo_pfn + pm.npages || !used(pfn - pm.lo_pfn))
			panic("page: bad free of 0x%lx", pfn * PAGE_SIZE);
		set_free(pfn - pm.lo_pfn);
		pm.free++;
	}
}

void page_free(void *p)
{
	page_free_n(p, 1);
}
size_t page_free_count(void)
{
	return pm.free;
}
size_t page_total_count(void)
{
	return pm.total;
}
