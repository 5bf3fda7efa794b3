/*
 * mm.h — memory layout and the page-table / address-space interface.
 *
 * Virtual layout (48-bit, 4-level paging):
 *   0x0000000000000000 .. USER_TOP      the program (user half)
 *   DIRECT_MAP_BASE + phys              all RAM below 4 GiB (2 MiB pages)
 *   0xffffffff80000000 + phys           the kernel image (first GiB)
 */
#ifndef INGOT_MM_H
#define INGOT_MM_H
#include "../include/kernel.h"

#ifdef INGOT_HOST_TEST
#define DIRECT_MAP_BASE 0UL
#else
#define DIRECT_MAP_BASE 0xffff800000000000UL
#endif
#define KERNEL_VMA 0xffffffff80000000UL
/* Last user page left unmapped so a SYSCALL at the very top of user space
 * cannot make SYSRET return to a non-canonical RIP. */
#define USER_TOP	 0x00007ffffffff000UL
#define DIRECT_MAP_LIMIT (4UL << 30) /* boot.S maps 4 GiB */

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(pa + DIRECT_MAP_BASE);
}
static inline uint64_t virt_to_phys(const void *va)
{
	uint64_t v = (uint64_t)va;
	return v >= KERNEL_VMA ? v - KERNEL_VMA : v - DIRECT_MAP_BASE;
}

/* page.c */
void page_init(uint64_t phys_lo, uint64_t phys_hi);
void page_add_free(uint64_t phys_start, uint64_t phys_end);
void page_reserve(uint64_t phys_start, uint64_t phys_end);
void *page_alloc_n(size_t n);
void page_free_n(void *p, size_t n);
size_t page_free_count(void);
size_t page_total_count(void);

/* Protection bits for user mappings (same values as Linux PROT_*). */
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4

/* vm.c — page tables of the one address space. */
void vm_init(void);
int vm_map_page(uint64_t va, uint64_t pa, int prot); /* user page */
uint64_t vm_unmap_page(uint64_t va);		     /* returns pa or 0 */
uint64_t vm_lookup(uint64_t va, int *prot);	     /* pa or 0 */
/* pa if present and writable, marking the page dirty (a kernel store); or 0 */
uint64_t vm_lookup_write(uint64_t va);
uint64_t vm_frame(uint64_t va); /* pa, also under PROT_NONE, or 0 */
void vm_protect_page(uint64_t va, int prot);
/* Over [start, end), visiting only the page tables that exist: */
void vm_unmap_range(uint64_t start, uint64_t end); /* frees the frames */
void vm_protect_range(uint64_t start, uint64_t end, int prot);
/* maps the frames of [from, from+len) at to as well; out of page-table
 * memory: -ENOMEM with nothing left mapped at to */
int vm_alias_range(uint64_t from, uint64_t to, uint64_t len, int prot);
void vm_forget_range(uint64_t start, uint64_t end); /* clears entries, keeps the frames */
void vm_residency(uint64_t start, size_t pages, uint8_t *out); /* mincore: 1 = present */
/* Calls fn for every page of [start, end) that has a frame (present or
 * PROT_NONE); fn may unmap that page. */
void vm_each_frame(uint64_t start, uint64_t end, void (*fn)(uint64_t va, uint64_t pa, void *ctx),
		   void *ctx);
/* Calls fn for every dirty page of [start, end), clearing its dirty bit. */
void vm_take_dirty(uint64_t start, uint64_t end, void (*fn)(uint64_t va, uint64_t pa, void *ctx),
		   void *ctx);
void vm_kernel_unmap(uint64_t va); /* a guard page in the kernel image */

/* vma.c — the program's memory regions. */
/* VMA_VDSO and VMA_VVAR map kernel frames (elf/vdso.c): never writable
 * from ring 3, never freed when unmapped. */
enum vma_kind { VMA_ANON, VMA_FILE, VMA_STACK, VMA_HEAP, VMA_IMAGE, VMA_VDSO, VMA_VVAR };
static inline bool vma_kernel_frames(enum vma_kind k)
{
	return k == VMA_VDSO || k == VMA_VVAR;
}
struct node;
struct vma {
	uint64_t start, end;
	int prot;
	enum vma_kind kind;
	const char *name; /* for /proc/self/maps, static string or NULL */
	struct vma *next;
	/* A shared mapping of a writable file (MAP_SHARED, mm/filemap.c):
	 * the file and the offset of start in it; NULL for everything else
	 * (private file mappings are copies made at mmap). */
	struct node *file;
	uint64_t off;
	bool maywrite; /* the fd was open for writing: PROT_WRITE is allowed */
	bool wrote;    /* PROT_WRITE was on at some time: pages may be dirty */
};
struct vma *vma_find(uint64_t addr);
struct vma *vma_first(void);
int vma_add(uint64_t start, uint64_t end, int prot, enum vma_kind kind, const char *name);
/* Frees the range's pages and regions; -ENOMEM (nothing removed) when a
 * region straddling an end cannot be split for lack of memory. */
int vma_remove(uint64_t start, uint64_t end);
/* Splits the regions straddling start and end; 0 or -ENOMEM. Afterwards a
 * vma_remove of [start, end) needs no memory and cannot fail. */
int vma_split(uint64_t start, uint64_t end);
/* 0, -ENOMEM (a hole, or no memory to split), -EACCES (the vDSO made
 * writable, or [vvar] writable or executable: nothing changed). */
int vma_protect(uint64_t start, uint64_t end, int prot);
/* Placement keeps 1 MiB free below the stack (the guard gap); the range
 * checks for MAP_FIXED and in-place growth (vma_range_free) do not. */
uint64_t vma_find_free(uint64_t len, uint64_t below);
bool vma_range_placeable(uint64_t start, uint64_t end); /* free, gap kept */
bool vma_range_free(uint64_t start, uint64_t end);
bool vma_covers(uint64_t start, uint64_t end); /* no hole in [start, end) */
/* Demand-zero fault: returns true if addr was made accessible for access. */
bool vm_handle_fault(uint64_t addr, bool write, bool exec);

/* filemap.c — MAP_SHARED file mappings. All of the file's shared
 * mappings share one frame per file page, so they see each other's
 * stores; dirty pages go back into the file's bytes at msync, munmap,
 * exit, an fsync of its volume, and before a read() of that range. */
void filemap_attach(struct vma *v, struct node *n, uint64_t off, bool maywrite);
void filemap_split(struct vma *v, struct vma *tail); /* tail copies v (split_at) */
void filemap_release(struct vma *v);		     /* writes back, frees its frames */
void filemap_protect(struct vma *v, int prot);
bool filemap_fault(struct vma *v, uint64_t va);
/* msync's write-back of [start, end); 0 or -errno (-ENOMEM: a hole) */
long filemap_msync(uint64_t start, uint64_t end, int flags);
void filemap_flush_all(void);
#endif
