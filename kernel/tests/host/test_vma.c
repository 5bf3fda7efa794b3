/* test_vma.c — host test of mm/vma.c (regions, splitting, protection,
 * placement, demand-zero faults) over a fake page table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "../../mm/mm.h"

#include "check.h"

/* Fake page table: a small map from page address to (pa, prot). */
#define SLOTS 4096
static struct {
	uint64_t va, pa;
	int prot;
	bool used;
} pt[SLOTS];
static int find_slot(uint64_t va)
{
	for (int i = 0; i < SLOTS; i++)
		if (pt[i].used && pt[i].va == va)
			return i;
	return -1;
}
int vm_map_page(uint64_t va, uint64_t pa, int prot)
{
	int i = find_slot(va);
	for (int k = 0; i < 0 && k < SLOTS; k++)
		if (!pt[k].used)
			i = k;
	pt[i].va = va;
	pt[i].pa = pa;
	pt[i].prot = prot;
	pt[i].used = true;
	return 0;
}
uint64_t vm_unmap_page(uint64_t va)
{
	int i = find_slot(va);
	if (i < 0)
		return 0;
	pt[i].used = false;
	return pt[i].pa;
}
uint64_t vm_lookup(uint64_t va, int *prot)
{
	int i = find_slot(va & ~(PAGE_SIZE - 1));
	if (i < 0 || pt[i].prot == 0)
		return 0;
	if (prot)
		*prot = pt[i].prot;
	return pt[i].pa;
}
void vm_protect_page(uint64_t va, int prot)
{
	int i = find_slot(va);
	if (i >= 0)
		pt[i].prot = prot;
}
static int frames_freed;
void vm_unmap_range(uint64_t start, uint64_t end)
{
	for (int i = 0; i < SLOTS; i++)
		if (pt[i].used && pt[i].va >= start && pt[i].va < end) {
			pt[i].used = false;
			page_free((void *)pt[i].pa);
			frames_freed++;
		}
}
void vm_forget_range(uint64_t start, uint64_t end)
{ /* clears, keeps the frames */
	for (int i = 0; i < SLOTS; i++)
		if (pt[i].used && pt[i].va >= start && pt[i].va < end)
			pt[i].used = false;
}
void vm_protect_range(uint64_t start, uint64_t end, int prot)
{
	for (int i = 0; i < SLOTS; i++)
		if (pt[i].used && pt[i].va >= start && pt[i].va < end)
			pt[i].prot = prot;
}
void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("panic: ");
	vprintf(fmt, ap);
	printf("\n");
	exit(2);
}
void proc_exit(int status)
{
	printf("proc_exit(%d)\n", status);
	exit(3);
}
int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* mm/filemap.c: these tests make no shared file mappings (v->file NULL). */
void filemap_split(struct vma *v, struct vma *tail)
{
	panic("filemap_split");
}
void filemap_release(struct vma *v)
{
	panic("filemap_release");
}
void filemap_protect(struct vma *v, int prot)
{
	panic("filemap_protect");
}
bool filemap_fault(struct vma *v, uint64_t va)
{
	panic("filemap_fault");
	return false;
}

static int count(void)
{
	int n = 0;
	for (struct vma *v = vma_first(); v; v = v->next)
		n++;
	return n;
}

int main(void)
{
	const size_t npages = 1024;
	uint8_t *arena = aligned_alloc(PAGE_SIZE, npages * PAGE_SIZE);
	page_init((uint64_t)arena, (uint64_t)arena + npages * PAGE_SIZE);
	page_add_free((uint64_t)arena, (uint64_t)arena + npages * PAGE_SIZE);
	const uint64_t A = 0x10000000, P = PAGE_SIZE;

	CHECK(vma_add(A, A + 16 * P, PROT_READ | PROT_WRITE, VMA_ANON, NULL) == 0);
	CHECK(vma_find(A + 5 * P) && !vma_find(A + 16 * P) && !vma_find(A - 1));
	/* Demand-zero: a write fault maps a page; a second fault is a violation. */
	size_t before = page_free_count();
	CHECK(vm_handle_fault(A + 3 * P + 8, true, false));
	CHECK(page_free_count() == before - 1);
	CHECK(!vm_handle_fault(A + 3 * P, true, false));
	CHECK(!vm_handle_fault(A + 3 * P, false, true));   /* not executable */
	CHECK(!vm_handle_fault(A + 20 * P, false, false)); /* no region */
	/* mprotect in the middle splits into three regions. */
	CHECK(vma_protect(A + 2 * P, A + 4 * P, PROT_READ) == 0);
	CHECK(count() == 3);
	CHECK(vma_find(A + 3 * P)->prot == PROT_READ);
	CHECK(vma_find(A + 4 * P)->prot == (PROT_READ | PROT_WRITE));
	CHECK(!vm_handle_fault(A + 2 * P, true, false));		  /* read-only now */
	CHECK(vma_protect(A + 10 * P, A + 20 * P, PROT_READ) == -ENOMEM); /* partly unmapped */
	/* Removing frees the frames. */
	vma_remove(A, A + 16 * P);
	CHECK(count() == 0 && page_free_count() == before);
	/* Adjacent same-kind growth merges (brk). */
	vma_add(A, A + P, PROT_READ | PROT_WRITE, VMA_HEAP, "[heap]");
	vma_add(A + P, A + 3 * P, PROT_READ | PROT_WRITE, VMA_HEAP, "[heap]");
	CHECK(count() == 1 && vma_first()->end == A + 3 * P);
	/* Top-down placement skips occupied ranges. */
	uint64_t top = 0x7f0000000000;
	vma_add(top - 4 * P, top, PROT_READ, VMA_ANON, NULL);
	uint64_t at = vma_find_free(2 * P, top);
	CHECK(at == top - 6 * P);
	CHECK(vma_range_free(at, at + 2 * P) && !vma_range_free(top - P, top));
	/* Punching a hole leaves two pieces. */
	vma_add(at, at + 2 * P, PROT_READ, VMA_ANON, NULL);
	vma_remove(at + P, at + 2 * P + P);
	CHECK(vma_find(at) && !vma_find(at + P) && !vma_find(top - 4 * P));
	/* Stack guard gap (1 MiB = 256 pages): placement and hints keep out of
	 * it, a MAP_FIXED-style range check does not, and the stack is not
	 * faulted in within the gap above a region someone put there. */
	const uint64_t S = 0x7ff000000000, GAP = 256 * P;
	CHECK(vma_add(S, S + 512 * P, PROT_READ | PROT_WRITE, VMA_STACK, "[stack]") == 0);
	uint64_t below = vma_find_free(2 * P, S);
	CHECK(below && below + 2 * P <= S - GAP);
	CHECK(!vma_range_placeable(S - 2 * P, S) && !vma_range_placeable(S - GAP, S - GAP + P));
	CHECK(vma_range_placeable(S - GAP - 2 * P, S - GAP));
	CHECK(vma_range_free(S - 2 * P, S));
	CHECK(vm_handle_fault(S + 100 * P, true, false)); /* nothing below yet */
	CHECK(vma_add(S - 2 * P, S, PROT_READ | PROT_WRITE, VMA_ANON, NULL) == 0);
	CHECK(!vm_handle_fault(S + 200 * P, true, false)); /* within the gap above it */
	CHECK(vm_handle_fault(S + GAP, true, false));
	CHECK(vma_protect(S + 400 * P, S + 401 * P, PROT_READ) == 0); /* a split stack */
	CHECK(vm_handle_fault(S + 401 * P, true, false)); /* upper part: still allowed */
	vma_remove(S - 2 * P, S + 512 * P);
	/* [vvar] and [vdso] hold kernel frames: never writable (nor [vvar]
	 * executable) from ring 3, and unmapping them frees nothing. */
	uint64_t V = 0x7e0000000000;
	static uint8_t kernel_page[2][4096] __attribute__((aligned(4096)));
	CHECK(vma_add(V, V + P, PROT_READ, VMA_VVAR, "[vvar]") == 0);
	CHECK(vma_add(V + P, V + 2 * P, PROT_READ | PROT_EXEC, VMA_VDSO, "[vdso]") == 0);
	vm_map_page(V, (uint64_t)kernel_page[0], PROT_READ);
	vm_map_page(V + P, (uint64_t)kernel_page[1], PROT_READ | PROT_EXEC);
	CHECK(vma_protect(V + P, V + 2 * P, PROT_READ | PROT_WRITE | PROT_EXEC) == -EACCES);
	CHECK(vma_protect(V, V + P, PROT_READ | PROT_EXEC) == -EACCES);
	CHECK(vma_protect(V, V + 2 * P, PROT_READ | PROT_WRITE) == -EACCES);
	CHECK(vma_find(V + P)->prot == (PROT_READ | PROT_EXEC) && vma_find(V)->prot == PROT_READ);
	CHECK(vma_protect(V + P, V + 2 * P, PROT_READ) == 0); /* dropping rights is fine */
	CHECK(!vm_handle_fault(V + P, true, false));
	int freed = frames_freed;
	CHECK(vma_remove(V, V + 2 * P) == 0 && !vma_find(V) && !vma_find(V + P));
	CHECK(frames_freed == freed && vm_lookup(V, NULL) == 0);
	printf("test_vma: %s\n", failures ? "FAILED" : "ok");
	return failures != 0;
}
