/*
 * ramfs.c — /tmp, the only writable file system: files live in kernel heap.
 *
 * A /tmp regular file's bytes are one kmalloc'd buffer (node->data, cap
 * bytes, size used). Writes past cap grow it with krealloc to at least
 * twice the old capacity, so appending n bytes costs O(n) amortised; a
 * write past the end zero-fills the gap (no sparse files). A file that came
 * from the archive under /tmp points into the archive until its first write
 * copies it (copy on write). Out of heap is -ENOSPC, as tmpfs reports.
 *
 * Namespace operations (create, mkdir, symlink, unlink, rmdir, rename) check
 * Linux's conditions in Linux's order, then change the tree through node.c,
 * which frees a node once it is unlinked and no open file holds it.
 * Anything outside /tmp is read-only: -EROFS (-EXDEV across file systems).
 */
#include "fs.h"

/* Largest /tmp file: keeps off + len far from overflow. Linux's
 * MAX_LFS_FILESIZE is larger, but RAM runs out long before this. */
#define RAMFS_MAX_FILE (1ull << 40)
#define RAMFS_MIN_CAP 64

static int check_create(struct node *dir, const char *name, size_t len)
{
    if (node_child(dir, name, len))
        return -EEXIST;
    if (dir->fs != FS_TMP)
        return -EROFS;
    if (!dir->parent)
        return -ENOENT; /* dir was removed */
    return 0;
}

int ramfs_create(struct node *dir, const char *name, size_t len, uint32_t mode,
                 struct node **out)
{
    int r = check_create(dir, name, len);
    if (r)
        return r;
    struct node *n = node_new(dir, name, len, S_IFREG | (mode & 07777), FS_TMP);
    if (!n)
        return -ENOSPC;
    *out = n;
    return 0;
}

int ramfs_mkdir(struct node *dir, const char *name, size_t len, uint32_t mode)
{
    int r = check_create(dir, name, len);
    if (r)
        return r;
    return node_new(dir, name, len, S_IFDIR | (mode & 07777), FS_TMP) ? 0 : -ENOSPC;
}

int ramfs_symlink(struct node *dir, const char *name, size_t len, const char *target)
{
    int r = check_create(dir, name, len);
    if (r)
        return r;
    size_t tlen = strlen(target);
    char *copy = kmalloc(tlen + 1);
    if (!copy)
        return -ENOSPC;
    memcpy(copy, target, tlen + 1);
    struct node *n = node_new(dir, name, len, S_IFLNK | 0777, FS_TMP);
    if (!n) {
        kfree(copy);
        return -ENOSPC;
    }
    n->data = copy;
    n->size = tlen;
    n->cap = tlen + 1;
    n->data_owned = 1;
    return 0;
}

/* Makes room for size bytes in n's own buffer (copying archive data). */
static int reserve(struct node *n, size_t size)
{
    if (n->data_owned && size <= n->cap)
        return 0;
    size_t cap = MAX(size, n->data_owned ? n->cap * 2 : n->size);
    cap = MAX(cap, RAMFS_MIN_CAP);
    char *p;
    if (n->data_owned) {
        p = krealloc(n->data, cap);
    } else {
        p = kmalloc(cap);
        if (p && n->size)
            memcpy(p, n->data, n->size);
    }
    if (!p)
        return -ENOSPC;
    n->data = p;
    n->cap = cap;
    n->data_owned = 1;
    return 0;
}

/* Writes len bytes from src (a user pointer when user) at off. The size
 * only changes once the copy succeeded, so a fault leaves no garbage. */
ssize_t ramfs_write(struct node *n, uint64_t off, const void *src, size_t len, bool user)
{
    if (n->fs != FS_TMP || !S_ISREG(n->mode))
        return -EROFS;
    if (len == 0)
        return 0;
    if (off >= RAMFS_MAX_FILE || len > RAMFS_MAX_FILE - off)
        return -EFBIG;
    size_t end = (size_t)(off + len);
    int r = reserve(n, end);
    if (r)
        return r;
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
    return (ssize_t)len;
}

int ramfs_truncate(struct node *n, uint64_t size)
{
    if (n->fs != FS_TMP)
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
    }
    n->size = size;
    n->mtime = n->ctime = node_now();
    return 0;
}

int ramfs_unlink(struct node *dir, const char *name, size_t len, bool rmdir)
{
    struct node *n = node_child(dir, name, len);
    if (!n)
        return -ENOENT;
    if (dir->fs != FS_TMP)
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

int ramfs_rename(struct node *odir, const char *oname, size_t olen,
                 struct node *ndir, const char *nname, size_t nlen, unsigned flags)
{
    if (flags & ~(unsigned)(RENAME_NOREPLACE | RENAME_EXCHANGE))
        return -EINVAL;
    if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
        return -EINVAL;
    struct node *src = node_child(odir, oname, olen);
    if (!src)
        return -ENOENT;
    if (odir->fs != FS_TMP || ndir->fs != FS_TMP)
        return (odir->fs == FS_TMP || ndir->fs == FS_TMP) ? -EXDEV : -EROFS;
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
    return 0;
}
