/*
 * ramfs.c — /tmp (and the volumes, FS_VOL: volume.c): files live in kernel heap.
 *
 * A /tmp regular file's bytes are one kmalloc'd buffer (node->data, cap
 * bytes, size used). Writes past cap grow it with krealloc to at least
 * twice the old capacity, so appending n bytes costs O(n) amortised; a
 * write past the end zero-fills the gap (no sparse files). A file that came
 * from the archive under /tmp points into the archive until its first write
 * copies it (copy on write). Out of heap is -ENOSPC, as tmpfs reports.
 *
 * Size cap: like tmpfs's default size, /tmp may hold at most half of RAM
 * (vfs_set_tmp_limit, set at boot). Every /tmp node is charged its own
 * size plus its name plus its buffer's capacity (node->charged); a write,
 * truncate or create that would pass the cap gives -ENOSPC, so filling
 * /tmp leaves the program memory to go on (not the out-of-memory kill).
 *
 * Namespace operations (create, mkdir, symlink, unlink, rmdir, rename) check
 * Linux's conditions in Linux's order, then change the tree through node.c,
 * which frees a node once it is unlinked and no open file holds it.
 * Anything outside /tmp and the volumes (FS_VOL, the same code: see
 * volume.c) is read-only: -EROFS (-EXDEV across file systems).
 */
#include "fs.h"

/* Largest /tmp file: keeps off + len far from overflow. Linux's
 * MAX_LFS_FILESIZE is larger, but RAM runs out long before this. */
#define RAMFS_MAX_FILE (1ull << 40)
#define RAMFS_MIN_CAP  64

/* Bytes charged to /tmp, and to the volumes (FS_VOL, volume.c: their
 * free data blocks at mount); limit 0: no cap. */
struct usage {
	size_t used, limit;
};
static struct usage tmp, vol;

void vfs_set_tmp_limit(size_t bytes)
{
	tmp.limit = bytes;
}
void ramfs_reset(void)
{
	tmp.used = 0;
	vol.used = vol.limit = 0;
}
void ramfs_add_volume_room(uint64_t bytes)
{
	vol.limit += bytes;
}

/* The writable file systems: /tmp (with /dev/shm) and the volumes. */
bool fs_is_writable(int fs)
{
	return fs == FS_TMP || fs == FS_VOL;
}

static struct usage *usage_of(int fs)
{
	return fs == FS_VOL ? &vol : &tmp;
}

void ramfs_usage(size_t *used, size_t *limit)
{
	*used = tmp.used;
	*limit = tmp.limit;
}

/* What a node with a name of len bytes and a cap-byte buffer costs. */
static size_t cost(size_t len, size_t cap)
{
	return sizeof(struct node) + len + 1 + cap;
}

static bool room_for(int fs, size_t more)
{
	struct usage *u = usage_of(fs);
	return !u->limit || (u->used <= u->limit && more <= u->limit - u->used);
}

/* Sets n's charge to want bytes; -ENOSPC (nothing changed) past the cap. */
static int charge(struct node *n, size_t want)
{
	if (want > n->charged && !room_for(n->fs, want - n->charged))
		return -ENOSPC;
	struct usage *u = usage_of(n->fs);
	u->used = u->used - n->charged + want;
	n->charged = want;
	return 0;
}

/* Charges a node loaded from a volume for what it holds (ext2_load.c). */
void ramfs_charge_loaded(struct node *n)
{
	charge(n, cost(strlen(n->name), n->data_owned ? n->cap : 0));
}

void ramfs_uncharge(struct node *n)
{
	struct usage *u = usage_of(n->fs);
	u->used -= MIN(u->used, n->charged);
	n->charged = 0;
}

static int check_create(struct node *dir, const char *name, size_t len)
{
	if (node_child(dir, name, len))
		return -EEXIST;
	if (!fs_is_writable(dir->fs))
		return -EROFS;
	if (!dir->parent)
		return -ENOENT; /* dir was removed */
	return room_for(dir->fs, cost(len, 0)) ? 0 : -ENOSPC;
}

int ramfs_create(struct node *dir, const char *name, size_t len, uint32_t mode, struct node **out)
{
	int r = check_create(dir, name, len);
	if (r)
		return r;
	struct node *n = node_new(dir, name, len, S_IFREG | (mode & 07777), dir->fs);
	if (!n)
		return -ENOSPC;
	charge(n, cost(len, 0));
	*out = n;
	return 0;
}

int ramfs_mkdir(struct node *dir, const char *name, size_t len, uint32_t mode)
{
	int r = check_create(dir, name, len);
	if (r)
		return r;
	struct node *n = node_new(dir, name, len, S_IFDIR | (mode & 07777), dir->fs);
	if (!n)
		return -ENOSPC;
	charge(n, cost(len, 0));
	return 0;
}

int ramfs_symlink(struct node *dir, const char *name, size_t len, const char *target)
{
	int r = check_create(dir, name, len);
	if (r)
		return r;
	size_t tlen = strlen(target);
	if (!room_for(dir->fs, cost(len, tlen + 1)))
		return -ENOSPC;
	char *copy = kmalloc(tlen + 1);
	if (!copy)
		return -ENOSPC;
	memcpy(copy, target, tlen + 1);
	struct node *n = node_new(dir, name, len, S_IFLNK | 0777, dir->fs);
	if (!n) {
		kfree(copy);
		return -ENOSPC;
	}
	n->data = copy;
	n->size = tlen;
	n->cap = tlen + 1;
	n->data_owned = 1;
	charge(n, cost(len, tlen + 1));
	return 0;
}

/* Makes room for size bytes in n's own buffer (copying archive data),
 * within /tmp's cap: doubling if that fits, else exactly size. */
static int reserve(struct node *n, size_t size)
{
	if (n->data_owned && size <= n->cap)
		return 0;
	size_t cap = MAX(size, n->data_owned ? n->cap * 2 : n->size);
	cap = MAX(cap, RAMFS_MIN_CAP);
	size_t name = strlen(n->name), old = n->charged;
	if (charge(n, cost(name, cap))) {
		cap = MAX(size, RAMFS_MIN_CAP);
		if (charge(n, cost(name, cap)))
			return -ENOSPC;
	}
	char *p;
	if (n->data_owned) {
		p = krealloc(n->data, cap);
	} else {
		p = kmalloc(cap);
		if (p && n->size)
			memcpy(p, n->data, n->size);
	}
	if (!p) {
		charge(n, old); /* shrinking back never fails */
		return -ENOSPC;
	}
	n->data = p;
	n->cap = cap;
	n->data_owned = 1;
	return 0;
}

/* Writes len bytes from src (a user pointer when user) at off. The size
 * only changes once the copy succeeded, so a fault leaves no garbage. */
ssize_t ramfs_write(struct node *n, uint64_t off, const void *src, size_t len, bool user)
{
	if (!fs_is_writable(n->fs) || !S_ISREG(n->mode))
		return -EROFS;
	if (len == 0)
		return 0;
	if (off >= RAMFS_MAX_FILE || len > RAMFS_MAX_FILE - off)
		return -EFBIG;
	size_t end = (size_t)(off + len);
	int r = reserve(n, end);
	if (r)
		return r;
	uint64_t changed = MIN(off, n->size); /* a gap reads zero from here */
	if (off > n->size)
		memset(n->data + n->size, 0, off - n->size);
	if (user) {
		if (copy_from_user(n->data + off, src, len) < 0)
			return -EFAULT;
	} else {
		memcpy(n->data + off, src, len);
	}
	if (end > n->size)
		n->size = end;
	n->mtime = n->ctime = node_now();
	vol_map_dirty(n, changed, end); /* a volume's write-back rewrites these blocks */
	if (n->maps) /* the shared mappings show it at once, as Linux's page cache */
		filemap_refresh(n, changed, end - changed);
	return (ssize_t)len;
}

int ramfs_truncate(struct node *n, uint64_t size)
{
	if (!fs_is_writable(n->fs))
		return -EROFS;
	if (!S_ISREG(n->mode))
		return -EINVAL;
	if (size > RAMFS_MAX_FILE)
		return -EFBIG;
	if (size > n->size) {
		int r = reserve(n, size);
		if (r)
			return r;
		memset(n->data + n->size, 0, size - n->size);
	} else if (!n->data_owned) {
		/* archive data: shrinking needs no copy */
	} else if (size == 0) {
		kfree(n->data);
		n->data = NULL;
		n->cap = 0;
		n->data_owned = 0;
		charge(n, cost(strlen(n->name), 0));
	}
	uint64_t old = n->size;
	n->size = size;
	n->mtime = n->ctime = node_now();
	/* Grown: zeros on disk too; shrunk: the new last block's tail is zeroed
	 * (a later growth must read zeros), the blocks past it are freed. */
	vol_map_dirty(n, MIN(old, size), MAX(old, size));
	if (n->maps) /* grown: zeros; shrunk: mapped bytes past the end read zero */
		filemap_refresh(n, MIN(old, size), MAX(old, size) - MIN(old, size));
	return 0;
}

int ramfs_unlink(struct node *dir, const char *name, size_t len, bool rmdir)
{
	struct node *n = node_child(dir, name, len);
	if (!n)
		return -ENOENT;
	if (!fs_is_writable(dir->fs))
		return -EROFS;
	if (rmdir) {
		if (!S_ISDIR(n->mode))
			return -ENOTDIR;
		if (n->first)
			return -ENOTEMPTY;
	} else if (S_ISDIR(n->mode)) {
		return -EISDIR;
	}
	node_unlink(n);
	return 0;
}

static bool is_ancestor(struct node *a, struct node *n)
{
	for (struct node *c = n; c && c->parent != c; c = c->parent)
		if (c == a)
			return true;
	return a == n;
}

/* Moves n to dir without freeing it in between. */
static void move(struct node *n, struct node *dir)
{
	uint32_t nlink = n->nlink;
	node_get(n);
	node_unlink(n);
	node_link(dir, n);
	n->nlink = nlink;
	n->ctime = node_now();
	node_put(n);
}

int ramfs_rename(struct node *odir, const char *oname, size_t olen, struct node *ndir,
		 const char *nname, size_t nlen, unsigned flags)
{
	if (flags & ~(unsigned)(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	struct node *src = node_child(odir, oname, olen);
	if (!src)
		return -ENOENT;
	if (!fs_is_writable(odir->fs) || !fs_is_writable(ndir->fs))
		return (fs_is_writable(odir->fs) || fs_is_writable(ndir->fs)) ? -EXDEV : -EROFS;
	if (odir->fs != ndir->fs)
		return -EXDEV;
	struct node *dst = node_child(ndir, nname, nlen);
	if (dst && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (dst == src)
		return 0; /* both names are the same file: nothing to do */
	if (flags & RENAME_EXCHANGE) {
		if (!dst)
			return -ENOENT;
		if (is_ancestor(src, ndir) || is_ancestor(dst, odir))
			return -EINVAL;
		node_swap_names(src, dst);
		if (odir != ndir) {
			move(src, ndir);
			move(dst, odir);
		}
		/* Linux marks a renamed inode changed; a volume's write-back also
         * relies on it (ext2_sync.c rewrites what changed). */
		src->ctime = dst->ctime = node_now();
		return 0;
	}
	if (S_ISDIR(src->mode) && is_ancestor(src, ndir))
		return -EINVAL; /* into its own subtree */
	if (dst) {
		if (S_ISDIR(src->mode) && !S_ISDIR(dst->mode))
			return -ENOTDIR;
		if (!S_ISDIR(src->mode) && S_ISDIR(dst->mode))
			return -EISDIR;
		if (S_ISDIR(dst->mode) && dst->first)
			return -ENOTEMPTY;
	}
	int r = node_set_name(src, nname, nlen);
	if (r)
		return -ENOSPC;
	if (dst)
		node_unlink(dst);
	move(src, ndir);
	src->ctime = node_now();
	return 0;
}
