/*
 * vma.c — the program's memory regions (what /proc/self/maps shows).
 *
 * Design: a singly linked list of non-overlapping regions sorted by start.
 * Every operation on a range first splits regions at the range's ends, so
 * it then only deals with whole regions. Pages are demand-zero: a region
 * owns no frames until the program (or copy_to_user) touches a page, then
 * vm_handle_fault maps a zeroed page with the region's protection.
 * Removing a range frees its frames (not the kernel's, under [vdso]/[vvar];
 * a shared file mapping's go through mm/filemap.c). Placement of new mappings is top-down
 * from a caller-given ceiling (the randomised mmap base), first fit.
 *
 * Stack clash (as Linux's stack_guard_gap): the 1 MiB below the stack is
 * never chosen for a mapping, by a hint or by placement; MAP_FIXED may
 * still put one there, as in Linux, and then the stack stops short of it
 * (its pages within the gap above another region are not faulted in), so
 * a runaway recursion faults instead of writing into that region.
 */
#include "mm.h"
#include "../sys/proc.h"

#define STACK_GUARD_GAP (1UL << 20)

static struct {
	struct vma *head;
} vmas;

/* Lowest address a region below v may end at: v's start, less the guard
 * gap for a stack. */
static uint64_t start_gap(const struct vma *v)
{
	if (v->kind != VMA_STACK)
		return v->start;
	return v->start > STACK_GUARD_GAP ? v->start - STACK_GUARD_GAP : 0;
}

struct vma *vma_first(void)
{
	return vmas.head;
}

struct vma *vma_find(uint64_t addr)
{
	for (struct vma *v = vmas.head; v && v->start <= addr; v = v->next)
		if (addr < v->end)
			return v;
	return NULL;
}

/* Ensures no region straddles addr. Returns -ENOMEM if out of memory. */
static int split_at(uint64_t addr)
{
	struct vma *v = vma_find(addr);
	if (!v || v->start == addr)
		return 0;
	struct vma *tail = kmalloc(sizeof *tail);
	if (!tail)
		return -ENOMEM;
	*tail = *v;
	tail->start = addr;
	if (v->file)
		filemap_split(v, tail);
	v->end = addr;
	v->next = tail;
	return 0;
}

int vma_add(uint64_t start, uint64_t end, int prot, enum vma_kind kind, const char *name)
{
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
	    prev->name == name && kind != VMA_FILE && kind != VMA_IMAGE &&
	    !vma_kernel_frames(kind)) {
		prev->end = end;
		return 0;
	}
	struct vma *n = kmalloc(sizeof *n);
	if (!n)
		return -ENOMEM;
	*n = (struct vma){.start = start, .end = end, .prot = prot, .kind = kind, .name = name};
	n->next = *pp;
	*pp = n;
	return 0;
}

int vma_split(uint64_t start, uint64_t end)
{
	return split_at(start) || split_at(end) ? -ENOMEM : 0;
}

int vma_remove(uint64_t start, uint64_t end)
{
	if (vma_split(start, end))
		return -ENOMEM; /* as Linux's munmap: nothing was removed */
	struct vma **pp = &vmas.head;
	while (*pp) {
		struct vma *v = *pp;
		if (v->start >= start && v->end <= end) {
			if (vma_kernel_frames(v->kind))
				vm_forget_range(v->start, v->end); /* the kernel's frames */
			else if (v->file)
				filemap_release(v); /* the file's frames, maybe mapped elsewhere */
			else
				vm_unmap_range(v->start, v->end);
			*pp = v->next;
			kfree(v);
			continue;
		}
		pp = &v->next;
	}
	return 0;
}

bool vma_range_free(uint64_t start, uint64_t end)
{
	for (struct vma *v = vmas.head; v; v = v->next)
		if (v->start < end && start < v->end)
			return false;
	return true;
}

/* True if regions cover all of [start, end), walking the list once. */
bool vma_covers(uint64_t start, uint64_t end)
{
	uint64_t at = start;
	for (struct vma *v = vmas.head; v && at < end; v = v->next) {
		if (v->end <= at)
			continue;
		if (v->start > at)
			return false;
		at = v->end;
	}
	return at >= end;
}

int vma_protect(uint64_t start, uint64_t end, int prot)
{
	/* Linux: -ENOMEM if any part of the range is unmapped. */
	if (!vma_covers(start, end))
		return -ENOMEM;
	/* The vDSO's code and clock page stay read-only to ring 3 (as Linux's
	 * [vvar], EACCES); checked before any split so nothing changes. */
	for (struct vma *v = vmas.head; v && v->start < end; v = v->next) {
		if (v->end <= start)
			continue;
		if ((v->kind == VMA_VDSO && (prot & PROT_WRITE)) ||
		    (v->kind == VMA_VVAR && (prot & (PROT_WRITE | PROT_EXEC))))
			return -EACCES;
		if (v->file && !v->maywrite && (prot & PROT_WRITE))
			return -EACCES; /* Linux: a shared map of a read-only fd */
	}
	if (split_at(start) || split_at(end))
		return -ENOMEM;
	for (struct vma *v = vmas.head; v; v = v->next) {
		if (v->start >= start && v->end <= end) {
			if (v->file)
				filemap_protect(v, prot);
			v->prot = prot;
			vm_protect_range(v->start, v->end, prot);
		}
	}
	return 0;
}

bool vma_range_placeable(uint64_t start, uint64_t end)
{
	for (struct vma *v = vmas.head; v && start_gap(v) < end; v = v->next)
		if (start < v->end)
			return false;
	return true;
}

uint64_t vma_find_free(uint64_t len, uint64_t below)
{
	uint64_t cand = below - len;
	if (len > below)
		return 0;
	for (;;) {
		bool moved = false;
		for (struct vma *v = vmas.head; v; v = v->next) {
			if (start_gap(v) < cand + len && cand < v->end) {
				if (start_gap(v) < len + PAGE_SIZE * 16)
					return 0;
				cand = start_gap(v) - len;
				moved = true;
			}
		}
		if (!moved)
			return cand;
	}
}

bool vm_handle_fault(uint64_t addr, bool write, bool exec)
{
	if (addr >= USER_TOP)
		return false;
	struct vma *v = vma_find(addr);
	if (!v || !(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return false;
	if ((write && !(v->prot & PROT_WRITE)) || (exec && !(v->prot & PROT_EXEC)))
		return false;
	uint64_t va = PAGE_ALIGN_DOWN(addr);
	if (vm_lookup(va, NULL))
		return false; /* present: a real protection violation */
	if (v->file)
		return filemap_fault(v, va);
	if (v->kind == VMA_STACK) {	 /* no stack page within the gap above a region */
		struct vma *prev = NULL; /* the nearest region below that is not stack */
		for (struct vma *p = vmas.head; p != v; p = p->next)
			if (p->kind != VMA_STACK)
				prev = p;
		if (prev && va < prev->end + STACK_GUARD_GAP)
			return false;
	}
	void *pg = page_alloc();
	if (!pg || vm_map_page(va, virt_to_phys(pg), v->prot)) {
		/* Like Linux's OOM killer: the program dies by SIGKILL. */
		kprintf("ingot: out of memory (page 0x%lx); program killed\n", va);
		proc_exit(128 + 9);
	}
	return true;
}
