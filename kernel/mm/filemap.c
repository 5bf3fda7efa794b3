/*
 * filemap.c — MAP_SHARED mappings of writable files (/tmp and volumes).
 *
 * A file's bytes live in its node's buffer (fs/ramfs.c), which is not
 * page-aligned and moves when it grows, so it cannot be mapped itself.
 * Instead a shared mapping gets frames filled from the buffer on first
 * touch (filemap_fault), and every shared mapping of the same file uses
 * the same frame for the same file page: a new fault first looks for the
 * frame in the file's other mappings. So two mappings, or a mapping and
 * its mremap'd copy, see each other's stores at once.
 *
 * The frames are a cache in front of the buffer, kept coherent both ways:
 *   - stores through a mapping set the page's dirty bit (the CPU's, or
 *     vm_lookup_write for a kernel store such as read() into the map);
 *     dirty pages are copied into the buffer (with ramfs_write, so mtime,
 *     the /tmp and volume caps and a volume's next write-back all see
 *     them) at msync, munmap (any removal of the region), proc_exit, an
 *     fsync/sync of a volume, and before read()/pread/sendfile/splice read
 *     that range of the file;
 *   - a write() or truncate of the file copies the new bytes into the
 *     frames that hold them (filemap_refresh), as Linux's shared page
 *     cache shows them at once.
 * Bytes past the end of the file are never written back (Linux raises
 * SIGBUS there; here such pages read as zeros and keep what is stored).
 *
 * A mapping holds a reference on its node (node_get), so an unlinked file
 * stays alive while mapped. n->maps counts a node's shared mappings,
 * n->wmaps those that were ever writable: only they can hold dirty pages,
 * so reads of other files never pay for this. A frame is freed when the
 * last mapping that has it goes. One CPU and no kernel preemption, so no
 * locks (fs/README.md).
 */
#include "mm.h"
#include "../fs/fs.h"
#include "../sys/proc.h"

static bool writing_back; /* ramfs_write's refresh of our own copy is not needed */

static uint64_t file_off(const struct vma *v, uint64_t va)
{
	return v->off + (va - v->start);
}

void filemap_attach(struct vma *v, struct node *n, uint64_t off, bool maywrite)
{
	v->file = n;
	v->off = off;
	v->maywrite = maywrite;
	v->wrote = v->prot & PROT_WRITE;
	node_get(n);
	n->maps++;
	n->wmaps += v->wrote;
}

void filemap_split(struct vma *v, struct vma *tail)
{
	tail->off = file_off(v, tail->start);
	node_get(v->file);
	v->file->maps++;
	v->file->wmaps += v->wrote;
}

void filemap_protect(struct vma *v, int prot)
{
	if ((prot & PROT_WRITE) && !v->wrote) {
		v->wrote = true;
		v->file->wmaps++;
	}
}

/* The frame of file page off in another shared mapping of n, or 0. */
static uint64_t frame_elsewhere(const struct vma *self, struct node *n, uint64_t off)
{
	for (struct vma *w = vma_first(); w; w = w->next) {
		if (w == self || w->file != n || off < w->off || off - w->off >= w->end - w->start)
			continue;
		uint64_t pa = vm_frame(w->start + (off - w->off));
		if (pa)
			return pa;
	}
	return 0;
}

/* Copies the file's bytes at off (zeros past its end) into a frame. */
static void fill(struct node *n, uint64_t off, uint8_t *page, uint64_t from, uint64_t to)
{
	for (uint64_t i = from; i < to; i++)
		page[i] = off + i < n->size ? (uint8_t)n->data[off + i] : 0;
}

bool filemap_fault(struct vma *v, uint64_t va)
{
	uint64_t off = file_off(v, va);
	uint64_t pa = frame_elsewhere(v, v->file, off);
	void *fresh = NULL;
	if (!pa) {
		if (!(fresh = page_alloc()))
			goto oom;
		if (off < v->file->size) /* page_alloc zeroed it */
			memcpy(fresh, v->file->data + off, MIN(PAGE_SIZE, v->file->size - off));
		pa = virt_to_phys(fresh);
	}
	if (vm_map_page(va, pa, v->prot)) {
		if (fresh)
			page_free(fresh);
		goto oom;
	}
	return true;
oom: /* as vm_handle_fault: the program dies by SIGKILL */
	kprintf("ingot: out of memory (page 0x%lx); program killed\n", va);
	proc_exit(128 + 9);
}

struct writeback {
	struct vma *v;
	int err;
};

/* A dirty page goes into the file's bytes (those before its end). */
static void write_page(uint64_t va, uint64_t pa, void *ctx)
{
	struct writeback *wb = ctx;
	struct node *n = wb->v->file;
	uint64_t off = file_off(wb->v, va);
	if (off >= n->size)
		return;
	writing_back = true;
	ssize_t r = ramfs_write(n, off, phys_to_virt(pa), MIN(PAGE_SIZE, n->size - off), false);
	writing_back = false;
	if (r < 0 && !wb->err)
		wb->err = (int)r;
}

static int write_back(struct vma *v, uint64_t start, uint64_t end)
{
	struct writeback wb = {v, 0};
	if (v->wrote)
		vm_take_dirty(start, end, write_page, &wb);
	return wb.err;
}

void filemap_flush(struct node *n, uint64_t off, uint64_t len)
{
	uint64_t end = off + len < off ? UINT64_MAX : off + len;
	for (struct vma *v = vma_first(); v; v = v->next) {
		uint64_t span = v->end - v->start;
		if (v->file != n || !v->wrote || end <= v->off || off >= v->off + span)
			continue;
		uint64_t a = MAX(off, v->off), b = MIN(end, v->off + span);
		write_back(v, v->start + PAGE_ALIGN_DOWN(a - v->off), v->start + (b - v->off));
	}
}

void filemap_flush_all(void)
{
	for (struct vma *v = vma_first(); v; v = v->next)
		if (v->file)
			write_back(v, v->start, v->end);
}

void filemap_refresh(struct node *n, uint64_t off, uint64_t len)
{
	if (writing_back)
		return;
	uint64_t end = off + len < off ? UINT64_MAX : off + len;
	for (struct vma *v = vma_first(); v; v = v->next) {
		uint64_t span = v->end - v->start;
		if (v->file != n || end <= v->off || off >= v->off + span)
			continue;
		uint64_t a = MAX(off, v->off), b = MIN(end, v->off + span);
		for (uint64_t p = PAGE_ALIGN_DOWN(a); p < b; p += PAGE_SIZE) {
			uint64_t pa = vm_frame(v->start + (p - v->off));
			if (pa)
				fill(n, p, phys_to_virt(pa), MAX(a, p) - p,
				     MIN(b, p + PAGE_SIZE) - p);
		}
	}
}

static void drop_frame(uint64_t va, uint64_t pa, void *ctx)
{
	struct vma *v = ctx;
	vm_unmap_page(va); /* clears the entry, keeps the frame */
	if (!frame_elsewhere(v, v->file, file_off(v, va)))
		page_free(phys_to_virt(pa));
}

void filemap_release(struct vma *v)
{
	write_back(v, v->start, v->end);
	vm_each_frame(v->start, v->end, drop_frame, v);
	v->file->maps--;
	v->file->wmaps -= v->wrote;
	node_put(v->file);
	v->file = NULL;
}

/* msync (Linux mm/msync.c): every shared file mapping in [start, end) is
 * written back into its file; with MS_SYNC a file on a volume then goes
 * to the disk too, as fsync. A hole gives -ENOMEM after the rest is done
 * (at once for a bare MS_ASYNC, as Linux). */
#define MS_ASYNC 1
#define MS_SYNC	 4
long filemap_msync(uint64_t start, uint64_t end, int flags)
{
	long err = 0;
	bool hole = false;
	struct node *synced = NULL; /* a volume's fsync once per file */
	struct vma *v = vma_first();
	while (v && v->end <= start)
		v = v->next;
	for (uint64_t at = start; at < end; v = v->next) {
		if (!v)
			return -ENOMEM;
		if (at < v->start) {
			if (flags == MS_ASYNC)
				return -ENOMEM;
			hole = true;
			at = v->start;
			if (at >= end)
				break;
		}
		uint64_t to = MIN(end, v->end);
		if (v->file) {
			int r = write_back(v, at, to);
			if (!r && (flags & MS_SYNC) && v->file != synced) {
				synced = v->file;
				r = volume_sync_node(v->file);
			}
			if (r && !err)
				err = r;
		}
		at = to;
	}
	return err ? err : hole ? -ENOMEM : 0;
}
