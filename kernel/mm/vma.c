/*
 * vma.c — the program's memory regions (what /proc/self/maps shows).
 *
 * Design: a singly linked list of non-overlapping regions sorted by start.
 * Every operation on a range first splits regions at the range's ends, so
 * it then only deals with whole regions. Pages are demand-zero: a region
 * owns no frames until the program (or copy_to_user) touches a page, then
 * vm_handle_fault maps a zeroed page with the region's protection.
 * Removing a range frees its frames. Placement of new mappings is top-down
 * from a caller-given ceiling (the randomised mmap base), first fit.
 */
#include "mm.h"
#include "../sys/proc.h"

static struct {
	struct vma *head;
} vmas;

struct vma *vma_first(void) { return vmas.head; }

struct vma *vma_find(uint64_t addr) {
	for (struct vma *v = vmas.head; v && v->start <= addr; v = v->next)
		if (addr < v->end)
			return v;
	return NULL;
}

/* Ensures no region straddles addr. Returns -ENOMEM if out of memory. */
static int split_at(uint64_t addr) {
	struct vma *v = vma_find(addr);
	if (!v || v->start == addr)
		return 0;
	struct vma *tail = kmalloc(sizeof *tail);
	if (!tail)
		return -ENOMEM;
	*tail = *v;
	tail->start = addr;
	v->end = addr;
	v->next = tail;
	return 0;
}

int vma_add(uint64_t start, uint64_t end, int prot, enum vma_kind kind, const char *name) {
	if (start >= end || end > USER_TOP || (start | end) & (PAGE_SIZE - 1))
		panic("vma: bad region 0x%lx-0x%lx", start, end);
	struct vma **pp = &vmas.head, *prev = NULL;
	while (*pp && (*pp)->start < start) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	if ((*pp && (*pp)->start < end) || (prev && prev->end > start))
		panic("vma: overlap at 0x%lx", start);
	/* Grow the previous region instead when it is the same kind (brk). */
	if (prev && prev->end == start && prev->prot == prot && prev->kind == kind &&
	    prev->name == name && kind != VMA_FILE && kind != VMA_IMAGE) {
		prev->end = end;
		return 0;
	}
	struct vma *n = kmalloc(sizeof *n);
	if (!n)
		return -ENOMEM;
	*n = (struct vma){ start, end, prot, kind, name, NULL };
	n->next = *pp;
	*pp = n;
	return 0;
}

int vma_split(uint64_t start, uint64_t end) {
	return split_at(start) || split_at(end) ? -ENOMEM : 0;
}

int vma_remove(uint64_t start, uint64_t end) {
	if (vma_split(start, end))
		return -ENOMEM;   /* as Linux's munmap: nothing was removed */
	struct vma **pp = &vmas.head;
	while (*pp) {
		struct vma *v = *pp;
		if (v->start >= start && v->end <= end) {
			for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE) {
				uint64_t pa = vm_unmap_page(va);
				if (pa)
					page_free(phys_to_virt(pa));
			}
			*pp = v->next;
			kfree(v);
			continue;
		}
		pp = &v->next;
	}
	return 0;
}

bool vma_range_free(uint64_t start, uint64_t end) {
	for (struct vma *v = vmas.head; v; v = v->next)
		if (v->start < end && start < v->end)
			return false;
	return true;
}

int vma_protect(uint64_t start, uint64_t end, int prot) {
	/* Linux: -ENOMEM if any part of the range is unmapped. */
	uint64_t at = start;
	for (struct vma *v = vmas.head; v && at < end; v = v->next) {
		if (v->end <= at)
			continue;
		if (v->start > at)
			return -ENOMEM;
		at = v->end;
	}
	if (at < end)
		return -ENOMEM;
	if (split_at(start) || split_at(end))
		return -ENOMEM;
	for (struct vma *v = vmas.head; v; v = v->next) {
		if (v->start >= start && v->end <= end) {
			v->prot = prot;
			for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE)
				vm_protect_page(va, prot);
		}
	}
	return 0;
}

uint64_t vma_find_free(uint64_t len, uint64_t below) {
	uint64_t cand = below - len;
	if (len > below)
		return 0;
	for (;;) {
		bool moved = false;
		for (struct vma *v = vmas.head; v; v = v->next) {
			if (v->start < cand + len && cand < v->end) {
				if (v->start < len + PAGE_SIZE * 16)
					return 0;
				cand = v->start - len;
				moved = true;
			}
		}
		if (!moved)
			return cand;
	}
}

bool vm_handle_fault(uint64_t addr, bool write, bool exec) {
	if (addr >= USER_TOP)
		return false;
	struct vma *v = vma_find(addr);
	if (!v || !(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return false;
	if ((write && !(v->prot & PROT_WRITE)) || (exec && !(v->prot & PROT_EXEC)))
		return false;
	uint64_t va = PAGE_ALIGN_DOWN(addr);
	if (vm_lookup(va, NULL))
		return false;   /* present: a real protection violation */
	void *pg = page_alloc();
	if (!pg || vm_map_page(va, virt_to_phys(pg), v->prot)) {
		/* Like Linux's OOM killer: the program dies by SIGKILL. */
		kprintf("ingot: out of memory (page 0x%lx); program killed\n", va);
		proc_exit(128 + 9);
	}
	return true;
}
