/*
 * vfs.c — builds the file system at boot and serves the kernel's own
 * whole-file reads (ELF loader, interpreter, /.ingot/argv).
 *
 * vfs_init loads the cpio image as the read-only root, then turns three
 * directories into mount points: /tmp (its subtree becomes FS_TMP,
 * writable, mode 1777 like a tmpfs mount), /dev and /proc (emptied of anything the archive put there and
 * filled by devfs/procfs). Missing ones are created. The archive memory is
 * the caller's and must stay mapped: image files point into it.
 */
#include "fs.h"

static struct {
	bool ready;
} vfs;

/* Returns dir/name, creating it (mode) if the archive had none. */
static struct node *mount_dir(struct node *root, const char *name, uint32_t mode)
{
	struct node *n = node_child(root, name, strlen(name));
	if (n && !S_ISDIR(n->mode)) {
		node_unlink(n); /* a file where a mount point must be: replace it */
		n = NULL;
	}
	if (!n)
		n = node_new(root, name, strlen(name), S_IFDIR | mode, FS_ROOT);
	return n;
}

/* Removes everything below dir (archive content only: nothing is open).
 * Iterative, deepest first: a hostile archive cannot overflow the stack. */
static void prune(struct node *dir)
{
	while (dir->first) {
		struct node *c = dir->first;
		while (S_ISDIR(c->mode) && c->first)
			c = c->first;
		node_unlink(c);
	}
}

/* Marks the subtree at dir as /tmp's, in pre-order without recursion. */
static void mark_tmp(struct node *dir, uint64_t now)
{
	struct node *n = dir;
	for (;;) {
		n->fs = FS_TMP;
		n->atime = n->mtime = n->ctime = now;
		if (S_ISDIR(n->mode) && n->first) {
			n = n->first;
			continue;
		}
		while (n != dir && !n->next)
			n = n->parent;
		if (n == dir)
			return;
		n = n->next;
	}
}

int vfs_init(const void *cpio, size_t len)
{
	if (vfs.ready)
		panic("fs: vfs_init called twice");
	if (!cpio && len)
		return -EINVAL;
	struct node *root = node_root();
	int r = cpio_load(root, cpio, len);
	if (r)
		return r;
	struct node *tmp = mount_dir(root, "tmp", 01777);
	struct node *dev = mount_dir(root, "dev", 0755);
	struct node *proc = mount_dir(root, "proc", 0555);
	if (!tmp || !dev || !proc)
		return -ENOMEM;
	mark_tmp(tmp, node_now());
	tmp->mode = S_IFDIR | 01777; /* what a tmpfs mount gives, whatever the image says */
	prune(dev);
	dev->fs = FS_DEV;
	devfs_init(dev);
	prune(proc);
	proc->fs = FS_PROC;
	proc->mode = S_IFDIR | 0555;
	procfs_init(proc);
	vfs.ready = true;
	return 0;
}

/* For host tests: forget the tree and the fds so vfs_init can run again. */
void vfs_reset(void)
{
	fd_reset();
	namei_reset();
	node_reset();
	ramfs_reset();
	volume_reset();
	vfs.ready = false;
}

int vfs_read_file(const char *path, const void **data, size_t *size)
{
	struct node *n;
	int r = namei(NULL, path, LOOKUP_FOLLOW, &n);
	if (r)
		return r;
	if (S_ISDIR(n->mode))
		return -EISDIR;
	if (!S_ISREG(n->mode) || n->fs == FS_PROC)
		return -EACCES;
	*data = n->data;
	*size = n->size;
	return 0;
}

int vfs_realpath(const char *path, char *out, size_t size)
{
	struct node *n;
	int r = namei(NULL, path, LOOKUP_FOLLOW, &n);
	if (r)
		return r;
	r = node_path(n, out, size);
	if (r == -ERANGE)
		return -ENAMETOOLONG;
	return r < 0 ? r : 0;
}
