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
 */
#include "mm.h"
#include "../arch/x86.h"

#define PTE_P (1ULL << 0)
#define PTE_W (1ULL << 1)
#define PTE_U (1ULL << 2)
#define PTE_NX (1ULL << 63)
/* Bit 9 is free for software: a frame kept under a PROT_NONE page. */
#define PTE_PARKED (1ULL << 9)
#define PTE_ADDR 0x000ffffffffff000ULL

extern uint64_t boot_pml4[512];

static struct {
	uint64_t *pml4;   /* kernel-virtual pointer to the top table */
} vm;

void vm_init(void) {
	vm.pml4 = boot_pml4;
	/* Drop the boot identity map: the low half now belongs to the program. */
	vm.pml4[0] = 0;
	write_cr3(read_cr3());
}

/* Returns the leaf PTE for va, creating tables when create is set. */
static uint64_t *walk(uint64_t va, bool create) {
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

static uint64_t leaf_bits(int prot) {
	uint64_t b = PTE_P | PTE_U;
	if (prot & PROT_WRITE) b |= PTE_W;
	if (!(prot & PROT_EXEC)) b |= PTE_NX;
	return b;
}

int vm_map_page(uint64_t va, uint64_t pa, int prot) {
	if (va >= USER_TOP)
		panic("vm: map of non-user address 0x%lx", va);
	uint64_t *pte = walk(va, true);
	if (!pte)
		return -ENOMEM;
	*pte = (pa & PTE_ADDR) | leaf_bits(prot);
	invlpg(va);
	return 0;
}

uint64_t vm_unmap_page(uint64_t va) {
	uint64_t *pte = walk(va, false);
	if (!pte || !(*pte & (PTE_P | PTE_PARKED)))
		return 0;
	uint64_t pa = *pte & PTE_ADDR;
	*pte = 0;
	invlpg(va);
	return pa;
}

uint64_t vm_lookup(uint64_t va, int *prot) {
	uint64_t *pte = walk(va, false);
	if (!pte || !(*pte & PTE_P))
		return 0;
	if (prot)
		*prot = PROT_READ | (*pte & PTE_W ? PROT_WRITE : 0) | (*pte & PTE_NX ? 0 : PROT_EXEC);
	return (*pte & PTE_ADDR) | (va & (PAGE_SIZE - 1));
}

void vm_protect_page(uint64_t va, int prot) {
	uint64_t *pte = walk(va, false);
	if (!pte || !(*pte & (PTE_P | PTE_PARKED)))
		return;
	if (prot == 0) {
		/* PROT_NONE: keep the frame but make it not present, so the
		 * data comes back if the program makes the page accessible. */
		*pte = (*pte & PTE_ADDR) | PTE_PARKED;
	} else {
		*pte = (*pte & PTE_ADDR) | leaf_bits(prot);
	}
	invlpg(va);
}
