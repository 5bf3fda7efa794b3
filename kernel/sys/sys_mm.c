/*
 * sys_mm.c — memory syscalls: mmap, munmap, mprotect, mremap, madvise,
 * msync, brk.
 *
 * Anonymous memory is demand-zero (mm/vma.c). MAP_SHARED of a regular
 * file on a writable file system (/tmp, a volume) shares the file's pages
 * and writes stores back (mm/filemap.c); every other file mapping is a
 * private copy filled at mmap time with fd_pread_kernel (the image and
 * /proc never change, so MAP_SHARED of them is the same). Flag values are
 * Linux's (include/uapi/asm-generic/mman-common.h, mman.h).
 */
#include "syscall.h"
#include "proc.h"
#include "../mm/mm.h"
#include "../fs/fs.h"

#define MAP_SHARED	    0x01
#define MAP_PRIVATE	    0x02
#define MAP_TYPE	    0x03 /* MAP_SHARED_VALIDATE (3) is shared too */
#define MAP_FIXED	    0x10
#define MAP_ANONYMOUS	    0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE	    1
#define MREMAP_FIXED	    2
#define MADV_DONTNEED	    4
#define PROT_MASK	    (PROT_READ | PROT_WRITE | PROT_EXEC)
#define MS_ASYNC	    1
#define MS_INVALIDATE	    2
#define MS_SYNC		    4
/* Nothing is ever mapped below this (Linux's vm.mmap_min_addr default):
 * a kernel NULL dereference can never land on program data. Linux answers
 * EPERM to a program without CAP_SYS_RAWIO. */
#define MMAP_MIN_ADDR 0x10000UL

static bool aligned(uint64_t a)
{
	return (a & (PAGE_SIZE - 1)) == 0;
}

static bool user_range(uint64_t a, uint64_t len)
{
	return a + len >= a && a + len <= USER_TOP;
}

/* Picks where a new mapping of len bytes goes, honouring a hint. */
static uint64_t place(uint64_t hint, uint64_t len)
{
	hint = PAGE_ALIGN_DOWN(hint);
	if (hint >= MMAP_MIN_ADDR && user_range(hint, len) && vma_range_placeable(hint, hint + len))
		return hint;
	return vma_find_free(len, proc.mmap_base);
}

static long fill_from_file(uint64_t addr, uint64_t len, int fd, uint64_t off, int prot)
{
	for (uint64_t o = 0; o < len; o += PAGE_SIZE) {
		void *pg = page_alloc();
		if (!pg)
			return -ENOMEM;
		ssize_t n = fd_pread_kernel(fd, pg, PAGE_SIZE, off + o);
		if (n < 0) {
			page_free(pg);
			return n;
		}
		if (vm_map_page(addr + o, virt_to_phys(pg), prot)) {
			page_free(pg);
			return -ENOMEM;
		}
		if (prot == 0)
			vm_protect_page(addr + o, 0);
	}
	return 0;
}

/* The file a MAP_SHARED mapping of fd shares, or NULL for a private
 * copy; *err: -EBADF, or -EACCES as Linux (the fd must be readable, and
 * open for writing if the map is PROT_WRITE). */
static struct node *shared_file(long fd, long prot, bool *maywrite, long *err)
{
	struct file *f = fd_get((int)fd);
	*err = 0;
	if (!f)
		return *err = -EBADF, NULL;
	if (!file_can_read(f))
		return *err = -EACCES, NULL;
	struct node *n = f->node;
	if (f->ops || !S_ISREG(n->mode) || !fs_is_writable(n->fs))
		return NULL;
	*maywrite = file_can_write(f);
	if ((prot & PROT_WRITE) && !*maywrite)
		return *err = -EACCES, NULL;
	return n;
}

long sys_mmap(long addr, long length, long prot, long flags, long fd, long off)
{
	uint64_t len = PAGE_ALIGN_UP(length);
	if (length <= 0 || len == 0 || !aligned(off) || (prot & ~PROT_MASK))
		return -EINVAL;
	if (!(flags & MAP_TYPE))
		return -EINVAL;
	bool anon = flags & MAP_ANONYMOUS;
	if (!anon && (off < 0 || (uint64_t)off > INT64_MAX - len))
		return -EOVERFLOW; /* Linux: the mapped range must fit a file offset */
	struct node *shared = NULL;
	bool maywrite = false;
	if (!anon && (flags & MAP_TYPE) != MAP_PRIVATE) {
		long err; /* checked before MAP_FIXED removes what is there */
		shared = shared_file(fd, prot, &maywrite, &err);
		if (err)
			return err;
	}
	uint64_t at;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (!aligned(addr) || !user_range(addr, len))
			return -EINVAL;
		if ((uint64_t)addr < MMAP_MIN_ADDR)
			return -EPERM;
		if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) &&
		    !vma_range_free(addr, addr + len))
			return -EEXIST;
		if (vma_remove(addr, addr + len))
			return -ENOMEM; /* a region to split, no memory: nothing changed */
		at = addr;
	} else {
		at = place(addr, len);
		if (!at)
			return -ENOMEM;
	}
	if (vma_add(at, at + len, prot, anon ? VMA_ANON : VMA_FILE, NULL))
		return -ENOMEM;
	if (shared) { /* its pages come from the file at first touch */
		filemap_attach(vma_find(at), shared, (uint64_t)off, maywrite);
	} else if (!anon) {
		long err = fill_from_file(at, len, (int)fd, off, prot);
		if (err) {
			vma_remove(at, at + len); /* a whole region: nothing to split */
			return err;
		}
	}
	return (long)at;
}

long sys_munmap(long addr, long length, long c, long d, long e, long f)
{
	uint64_t len = PAGE_ALIGN_UP(length);
	if (!aligned(addr) || length <= 0 || !user_range(addr, len))
		return -EINVAL;
	return vma_remove(addr, addr + len); /* 0, or -ENOMEM as Linux when a split fails */
}

long sys_mprotect(long addr, long length, long prot, long d, long e, long f)
{
	uint64_t len = PAGE_ALIGN_UP(length);
	if (!aligned(addr) || length < 0 || (prot & ~PROT_MASK) || !user_range(addr, len))
		return -EINVAL;
	if (len == 0)
		return 0;
	return vma_protect(addr, addr + len, (int)prot);
}

/* Maps the frames of [from, from+len) at to as well (page tables may need
 * memory: -ENOMEM, and nothing is left mapped at to), or, with unmap,
 * removes them from [from, from+len) (needs no memory). Only the frames
 * there are visited (mm/vm.c), however large the range. */
static int move_pages(uint64_t from, uint64_t to, uint64_t len, int prot, bool unmap)
{
	if (unmap) {
		vm_forget_range(from, from + len);
		return 0;
	}
	return vm_alias_range(from, to, len, prot);
}

long sys_mremap(long old, long old_len, long new_len, long flags, long new_addr, long f)
{
	uint64_t olen = PAGE_ALIGN_UP(old_len), nlen = PAGE_ALIGN_UP(new_len);
	if (!aligned(old) || nlen == 0 || !user_range(old, olen) || (flags & ~3) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL;
	struct vma *v = vma_find(old);
	if (!v || old + olen > v->end)
		return -EFAULT;
	if (vma_kernel_frames(v->kind))
		return -EINVAL; /* [vdso] and [vvar] stay where the kernel put them */
	int prot = v->prot;
	enum vma_kind kind = v->kind;
	const char *name = v->name;
	/* A shared file mapping stays one at its new place or size. */
	struct node *file = v->file;
	uint64_t file_at = v->off + (old - v->start);
	bool maywrite = v->maywrite;
	if (!(flags & MREMAP_FIXED)) {
		if (nlen <= olen) {
			if (nlen < olen && vma_remove(old + nlen, old + olen))
				return -ENOMEM;
			return old;
		}
		if (user_range(old, nlen) && vma_range_free(old + olen, old + nlen)) {
			if (file) { /* one region, as Linux merges it: a later mremap of all of it works */
				v->end = old + nlen; /* old + olen was its end: the rest is free */
				return old;
			}
			if (vma_add(old + olen, old + nlen, prot, kind, name))
				return -ENOMEM;
			return old;
		}
		if (!(flags & MREMAP_MAYMOVE))
			return -ENOMEM;
	}
	uint64_t to;
	if (flags & MREMAP_FIXED) {
		if (!aligned(new_addr) || !user_range(new_addr, nlen) ||
		    ((uint64_t)new_addr < old + olen && (uint64_t)old < new_addr + nlen))
			return -EINVAL;
		if ((uint64_t)new_addr < MMAP_MIN_ADDR)
			return -EPERM;
		if (vma_remove(new_addr, new_addr + nlen))
			return -ENOMEM;
		to = new_addr;
	} else if (!(to = vma_find_free(nlen, proc.mmap_base))) {
		return -ENOMEM;
	}
	/* Everything that needs memory first, so that running out changes
	 * nothing the program can see: the splits at the old range's ends,
	 * the new page tables, the new region. Then the old range goes. */
	uint64_t moved = MIN(olen, nlen);
	if (vma_split(old, old + olen) || move_pages(old, to, moved, prot, false))
		return -ENOMEM;
	if (vma_add(to, to + nlen, prot, kind, name)) {
		vm_forget_range(to, to + moved);
		return -ENOMEM;
	}
	if (file)
		filemap_attach(vma_find(to), file, file_at, maywrite);
	move_pages(old, to, moved, prot, true);
	vma_remove(old, old + olen); /* split already: cannot fail */
	return (long)to;
}

long sys_madvise(long addr, long length, long advice, long d, long e, long f)
{
	uint64_t len = PAGE_ALIGN_UP(length);
	if (!aligned(addr) || length < 0 || !user_range(addr, len))
		return -EINVAL;
	if (advice == MADV_DONTNEED) {
		/* Drop the frames; demand-zero brings back zeros, as Linux does
		 * for private anonymous memory. Region by region, and within a
		 * region only the page tables that exist. */
		uint64_t end = addr + len;
		for (struct vma *v = vma_first(); v && v->start < end; v = v->next) {
			if (v->end <= (uint64_t)addr || v->kind == VMA_FILE ||
			    v->kind == VMA_IMAGE || vma_kernel_frames(v->kind))
				continue;
			vm_unmap_range(MAX(v->start, (uint64_t)addr), MIN(v->end, end));
		}
	}
	return 0;
}

long sys_msync(long addr, long length, long flags, long d, long e, long f)
{
	/* Linux's checks, in its order (mm/msync.c); len is a size_t. */
	uint64_t start = (uint64_t)addr, len = (uint64_t)length;
	if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || !aligned(start) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	len = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uint64_t end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	return filemap_msync(start, end, (int)flags);
}

long sys_brk(long addr, long b, long c, long d, long e, long f)
{
	uint64_t want = (uint64_t)addr;
	if (want < proc.brk_start || want >= proc.mmap_base / 2 + proc.brk_start / 2)
		return (long)proc.brk_cur;
	uint64_t old_end = PAGE_ALIGN_UP(proc.brk_cur), new_end = PAGE_ALIGN_UP(want);
	if (new_end > old_end) {
		if (!vma_range_placeable(old_end, new_end) ||
		    vma_add(old_end, new_end, PROT_READ | PROT_WRITE, VMA_HEAP, "[heap]"))
			return (long)proc.brk_cur;
	} else if (new_end < old_end && vma_remove(new_end, old_end)) {
		return (long)proc.brk_cur; /* no memory to split: the break stays */
	}
	proc.brk_cur = want; /* pages wholly above the break were freed */
	return (long)want;
}
