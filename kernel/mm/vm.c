/*
 * vm.c — page tables for the single address space.
 *
 * Design: one PML4 (boot_pml4 from boot.S). Its upper half maps the kernel
 * with 2 MiB supervisor-only pages built at boot; its lower half is the
 * program's, built here from 4 KiB pages on demand. Intermediate tables for
 * user addresses are user|write|present so only the leaf decides access.
 * Leaf bits (Intel SDM vol. 3, 4.5): P=bit 0, RW=bit 1, US=bit 2, NX=bit 63.
 * PROT_NONE pages are simply not present. Page-table pages are not freed on
 * unmap (the program's address space lives as long as the kernel).
 * The dirty bit (D, bit 6) tells which pages of a shared file mapping
 * need writing back (mm/filemap.c): the CPU sets it on a store from ring
 * 3, vm_lookup_write on a kernel store through the direct map, and it
 * survives mprotect and mremap.
 */
#include "mm.h"
#include "../arch/x86.h"

#define PTE_P  (1ULL << 0)
#define PTE_W  (1ULL << 1)
#define PTE_U  (1ULL << 2)
#define PTE_D  (1ULL << 6)
#define PTE_NX (1ULL << 63)
/* Bit 9 is free for software: a frame kept under a PROT_NONE page. */
#define PTE_PARKED (1ULL << 9)
#define PTE_ADDR   0x000ffffffffff000ULL

#define PTE_PS (1ULL << 7)
#define PTE_G  (1ULL << 8)

extern uint64_t boot_pml4[512], boot_pdpt_high[512], boot_pd[4 * 512];
extern char __kernel_start[], __rodata_start[], __data_start[], __kernel_end[];

static struct {
	uint64_t *pml4; /* kernel-virtual pointer to the top table */
	/* The kernel window's own tables (W^X for the kernel itself). */
	uint64_t kernel_pd[512] __attribute__((aligned(4096)));
	uint64_t kernel_pt[512] __attribute__((aligned(4096)));
	/* The direct map's first 2 MiB, which alias the kernel image. */
	uint64_t direct_pt[512] __attribute__((aligned(4096)));
} vm;

/* Replaces boot.S's 2 MiB RWX mappings: the kernel window gets 4 KiB pages
 * for its first 2 MiB (text R-X, rodata R--, data/bss RW-, the rest RW-
 * and NX) and NX 2 MiB pages after; the direct map becomes NX everywhere,
 * and its first 2 MiB get 4 KiB pages too so the kernel's text and rodata
 * are read-only in that alias as well (nothing can patch the kernel by
 * writing to its physical pages through the direct map). Kernel pages
 * are global (they never change). */
static void protect_kernel(void)
{
	uint64_t text = virt_to_phys(__kernel_start), ro = virt_to_phys(__rodata_start);
	uint64_t data = virt_to_phys(__data_start), end = virt_to_phys(__kernel_end);
	if (end > (2UL << 20))
		panic("vm: kernel image larger than 2 MiB");
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t pa = i * PAGE_SIZE, bits = PTE_P | PTE_G;
		if (pa >= text && pa < ro)
			; /* text: R-X */
		else if (pa >= ro && pa < data)
			bits |= PTE_NX; /* rodata: R-- */
		else
			bits |= PTE_W | PTE_NX; /* data, bss, other RAM */
		vm.kernel_pt[i] = pa | bits;
		vm.direct_pt[i] = pa | bits | PTE_NX;
	}
	vm.kernel_pd[0] = virt_to_phys(vm.kernel_pt) | PTE_P | PTE_W;
	for (uint64_t i = 1; i < 512; i++)
		vm.kernel_pd[i] = (i << 21) | PTE_P | PTE_W | PTE_PS | PTE_G | PTE_NX;
	boot_pdpt_high[510] = virt_to_phys(vm.kernel_pd) | PTE_P | PTE_W;
	for (uint64_t i = 0; i < 4 * 512; i++) /* the direct map */
		boot_pd[i] |= PTE_NX;
	boot_pd[0] = virt_to_phys(vm.direct_pt) | PTE_P | PTE_W;
}

void vm_kernel_unmap(uint64_t va)
{
	uint64_t pa = va - KERNEL_VMA;
	if (va < KERNEL_VMA || pa >= (2UL << 20) || (va & (PAGE_SIZE - 1)))
		panic("vm: guard page 0x%lx outside the kernel's first 2 MiB", va);
	vm.kernel_pt[pa / PAGE_SIZE] = 0;
	invlpg(va);
}

void vm_init(void)
{
	vm.pml4 = boot_pml4;
	/* Drop the boot identity map: the low half now belongs to the program. */
	vm.pml4[0] = 0;
	protect_kernel();
	/* A CR3 reload does not flush global entries: toggle CR4.PGE (bit 7). */
	uint64_t cr4 = read_cr4();
	write_cr4(cr4 & ~(1UL << 7));
	write_cr4(cr4);
	write_cr3(read_cr3());
}

/* Returns the leaf PTE for va, creating tables when create is set. */
static uint64_t *walk(uint64_t va, bool create)
{
	uint64_t *table = vm.pml4;
	for (int level = 3; level > 0; level--) {
		uint64_t *e = &table[(va >> (12 + 9 * level)) & 511];
		if (!(*e & PTE_P)) {
			if (!create)
				return NULL;
			void *pg = page_alloc();
			if (!pg)
				return NULL;
			*e = virt_to_phys(pg) | PTE_P | PTE_W | PTE_U;
		}
		table = phys_to_virt(*e & PTE_ADDR);
	}
	return &table[(va >> 12) & 511];
}

static uint64_t leaf_bits(int prot)
{
	uint64_t b = PTE_P | PTE_U;
	if (prot & PROT_WRITE)
		b |= PTE_W;
	if (!(prot & PROT_EXEC))
		b |= PTE_NX;
	return b;
}

int vm_map_page(uint64_t va, uint64_t pa, int prot)
{
	if (va >= USER_TOP)
		panic("vm: map of non-user address 0x%lx", va);
	uint64_t *pte = walk(va, true);
	if (!pte)
		return -ENOMEM;
	*pte = (pa & PTE_ADDR) | leaf_bits(prot);
	invlpg(va);
	return 0;
}

uint64_t vm_unmap_page(uint64_t va)
{
	uint64_t *pte = walk(va, false);
	if (!pte || !(*pte & (PTE_P | PTE_PARKED)))
		return 0;
	uint64_t pa = *pte & PTE_ADDR;
	*pte = 0;
	invlpg(va);
	return pa;
}

uint64_t vm_lookup(uint64_t va, int *prot)
{
	uint64_t *pte = walk(va, false);
	if (!pte || !(*pte & PTE_P))
		return 0;
	if (prot)
		*prot = PROT_READ | (*pte & PTE_W ? PROT_WRITE : 0) |
			(*pte & PTE_NX ? 0 : PROT_EXEC);
	return (*pte & PTE_ADDR) | (va & (PAGE_SIZE - 1));
}

uint64_t vm_lookup_write(uint64_t va)
{
	uint64_t *pte = walk(va, false);
	if (!pte || (*pte & (PTE_P | PTE_W)) != (PTE_P | PTE_W))
		return 0;
	*pte |= PTE_D; /* the kernel's store goes through the direct map */
	return (*pte & PTE_ADDR) | (va & (PAGE_SIZE - 1));
}

/* The frame behind va, accessible or parked by PROT_NONE; 0 if none. */
uint64_t vm_frame(uint64_t va)
{
	uint64_t *pte = walk(va, false);
	return pte && (*pte & (PTE_P | PTE_PARKED)) ? *pte & PTE_ADDR : 0;
}

void vm_protect_page(uint64_t va, int prot)
{
	uint64_t *pte = walk(va, false);
	if (!pte || !(*pte & (PTE_P | PTE_PARKED)))
		return;
	if (prot == 0) {
		/* PROT_NONE: keep the frame but make it not present, so the
		 * data comes back if the program makes the page accessible. */
		*pte = (*pte & (PTE_ADDR | PTE_D)) | PTE_PARKED;
	} else {
		*pte = (*pte & (PTE_ADDR | PTE_D)) | leaf_bits(prot);
	}
	invlpg(va);
}

/* Range operations visit only the page tables that exist: an absent entry
 * at any level skips its whole span (512 GiB, 1 GiB or 2 MiB), so a call
 * over a huge, mostly untouched reservation costs what is mapped in it,
 * not one walk per page (syscalls run with interrupts off). fn gets every
 * leaf that holds a frame, present or parked under PROT_NONE. */
typedef void (*leaf_fn)(uint64_t va, uint64_t *pte, void *ctx);

static void range_walk(uint64_t start, uint64_t end, leaf_fn fn, void *ctx)
{
	uint64_t va = PAGE_ALIGN_DOWN(start);
	end = MIN(end, USER_TOP);
	while (va < end) {
		uint64_t *table = vm.pml4;
		int level = 3;
		for (; level > 0; level--) {
			uint64_t e = table[(va >> (12 + 9 * level)) & 511];
			if (!(e & PTE_P))
				break;
			table = phys_to_virt(e & PTE_ADDR);
		}
		uint64_t span = 1ULL << (12 + 9 * (level > 0 ? level : 1));
		uint64_t next = (va & ~(span - 1)) + span; /* < 2^48: no overflow */
		if (level == 0)
			for (uint64_t a = va; a < next && a < end; a += PAGE_SIZE) {
				uint64_t *pte = &table[(a >> 12) & 511];
				if (*pte & (PTE_P | PTE_PARKED))
					fn(a, pte, ctx);
			}
		va = next;
	}
}

static void unmap_leaf(uint64_t va, uint64_t *pte, void *ctx)
{
	uint64_t pa = *pte & PTE_ADDR;
	*pte = 0;
	invlpg(va);
	page_free(phys_to_virt(pa));
}

void vm_unmap_range(uint64_t start, uint64_t end)
{
	range_walk(start, end, unmap_leaf, NULL);
}

static void protect_leaf(uint64_t va, uint64_t *pte, void *ctx)
{
	vm_protect_page(va, *(int *)ctx);
}

void vm_protect_range(uint64_t start, uint64_t end, int prot)
{
	range_walk(start, end, protect_leaf, &prot);
}

struct alias {
	uint64_t delta;
	int prot, err;
	uint64_t failed_at;
};

static void alias_leaf(uint64_t va, uint64_t *pte, void *ctx)
{
	struct alias *m = ctx;
	if (m->err)
		return;
	if (vm_map_page(va + m->delta, *pte & PTE_ADDR, m->prot ? m->prot : PROT_READ)) {
		m->err = -ENOMEM;
		m->failed_at = va;
		return;
	}
	if (!m->prot)
		vm_protect_page(va + m->delta, 0);
	if (*pte & PTE_D) /* not yet written back: the new place is dirty too */
		*walk(va + m->delta, false) |= PTE_D;
}

static void forget_leaf(uint64_t va, uint64_t *pte, void *ctx)
{
	(void)ctx;
	*pte = 0;
	invlpg(va);
}

int vm_alias_range(uint64_t from, uint64_t to, uint64_t len, int prot)
{
	struct alias m = {to - from, prot, 0, 0};
	range_walk(from, from + len, alias_leaf, &m);
	if (m.err) /* undo: nothing stays mapped at to, the frames stay at from */
		range_walk(to, to + (m.failed_at - from), forget_leaf, NULL);
	return m.err;
}

void vm_forget_range(uint64_t start, uint64_t end)
{
	range_walk(start, end, forget_leaf, NULL);
}

/* Calls back with (va, frame) for the leaves a range walk picks. */
struct frame_walk {
	void (*fn)(uint64_t va, uint64_t pa, void *ctx);
	void *ctx;
};

static void dirty_leaf(uint64_t va, uint64_t *pte, void *ctx)
{
	struct frame_walk *d = ctx;
	if (!(*pte & PTE_D))
		return;
	*pte &= ~PTE_D;
	invlpg(va); /* else the TLB's dirty entry lets the next store skip D */
	d->fn(va, *pte & PTE_ADDR, d->ctx);
}

void vm_take_dirty(uint64_t start, uint64_t end, void (*fn)(uint64_t va, uint64_t pa, void *ctx),
		   void *ctx)
{
	struct frame_walk d = {fn, ctx};
	range_walk(start, end, dirty_leaf, &d);
}

static void frame_leaf(uint64_t va, uint64_t *pte, void *ctx)
{
	struct frame_walk *f = ctx;
	f->fn(va, *pte & PTE_ADDR, f->ctx);
}

void vm_each_frame(uint64_t start, uint64_t end, void (*fn)(uint64_t va, uint64_t pa, void *ctx),
		   void *ctx)
{
	struct frame_walk f = {fn, ctx};
	range_walk(start, end, frame_leaf, &f);
}

struct residency {
	uint64_t start;
	uint8_t *out;
};

static void resident_leaf(uint64_t va, uint64_t *pte, void *ctx)
{
	struct residency *r = ctx;
	if (*pte & PTE_P)
		r->out[(va - r->start) / PAGE_SIZE] = 1;
}

void vm_residency(uint64_t start, size_t pages, uint8_t *out)
{
	struct residency r = {start, out};
	memset(out, 0, pages);
	range_walk(start, start + pages * PAGE_SIZE, resident_leaf, &r);
}
