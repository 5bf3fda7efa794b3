/*
 * volume.c — volumes (docs/volumes.md): the host attaches each as a
 * virtio-blk device and names their mount paths on the command line,
 * ingot.volumes=/a,/b (the N-th path for the N-th block device). Each is
 * an ext2 filesystem, loaded into the tree at its path (ext2_load.c) and
 * written back (ext2_sync.c) when the program asks (fsync, fdatasync,
 * sync, syncfs) and when it ends (proc_exit), so a graceful stop loses
 * nothing. A volume that cannot be mounted ends the boot with a message:
 * running on would put the program's data in memory and lose it.
 */
#include "ext2.h"
#include "../drivers/blk.h"
#include "../sys/proc.h"

static struct {
	struct volume vol[VOL_MAX];
	int n;
	bool synced_at_exit;
} vols;

__attribute__((noreturn)) static void fail(int i, const char *path, const char *why, int err)
{
	kprintf("ingot: volume %d at %s: %s (error %d)\n", i, path, why, -err);
	proc_exit(126);
}

/* The directory at path, made (with its parents) where the image has none;
 * what the image had there is hidden, as a mount hides it on Linux. */
static int mount_point(const char *path, struct node **out)
{
	struct node *dir = node_root();
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *s = p;
		while (*p && *p != '/')
			p++;
		if (p == s)
			break;
		struct node *c = node_child(dir, s, (size_t)(p - s));
		if (c && !S_ISDIR(c->mode))
			return -ENOTDIR;
		if (c && c->fs != FS_ROOT)
			return -EBUSY; /* inside /tmp, /dev, /proc or another volume */
		if (!c && !(c = node_new(dir, s, (size_t)(p - s), S_IFDIR | 0755, FS_ROOT)))
			return -ENOMEM;
		dir = c;
	}
	if (dir == node_root())
		return -EBUSY;
	while (dir->first) { /* deepest first, no recursion */
		struct node *c = dir->first;
		while (S_ISDIR(c->mode) && c->first)
			c = c->first;
		node_unlink(c);
	}
	*out = dir;
	return 0;
}

void vfs_mount_volumes(const char *cmdline)
{
	const char *list = NULL;
	for (const char *w = cmdline; *w;) {
		while (*w == ' ')
			w++;
		if (strncmp(w, INGOT_CMDLINE_VOLUMES, sizeof INGOT_CMDLINE_VOLUMES - 1) == 0)
			list = w + sizeof INGOT_CMDLINE_VOLUMES - 1;
		while (*w && *w != ' ')
			w++;
	}
	if (!list)
		return;
	while (*list && *list != ' ') {
		int i = vols.n;
		struct volume *v = &vols.vol[i];
		size_t len = 0;
		while (list[len] && list[len] != ',' && list[len] != ' ')
			len++;
		if (len == 0 || len >= sizeof v->path || list[0] != '/')
			fail(i, "?", "bad path in ingot.volumes=", -EINVAL);
		memcpy(v->path, list, len);
		v->path[len] = 0;
		list += len + (list[len] == ',');
		if (i == VOL_MAX)
			fail(i, v->path, "too many volumes", -E2BIG);
		if (i >= blk_count() || blk_capacity(i) == 0)
			fail(i, v->path, "no block device attached for it", -ENODEV);
		if (blk_readonly(i))
			fail(i, v->path, "the disk is read-only", -EROFS);
		v->dev = i;
		int r = mount_point(v->path, &v->root);
		if (r)
			fail(i, v->path, "cannot make the mount point", r);
		v->root->fs = FS_VOL;
		vols.n++;
		blk_poll_mode(true);
		r = ext2_load(v);
		blk_poll_mode(false);
		if (r == -EOPNOTSUPP)
			fail(i, v->path,
			     "ext2 features this kernel does not write (a journal? make it with ingot volume create)",
			     r);
		if (r == -EINVAL)
			fail(i, v->path, "not an ext2 filesystem", r);
		if (r)
			fail(i, v->path, "the filesystem is damaged or unreadable", r);
		/* The volume's room: every block but the metadata; what it holds
         * now is charged against it, as later writes are. */
		uint64_t meta = 0, total = v->sb.blocks_count - v->sb.first_data_block;
		for (uint64_t b = 0; b < total; b++)
			meta += (v->meta[b / 8] >> (b % 8)) & 1;
		ramfs_add_volume_room((total - meta) * v->bsize);
		for (struct node *c = v->root; c;) {
			ramfs_charge_loaded(c);
			if (S_ISDIR(c->mode) && c->first) {
				c = c->first;
				continue;
			}
			while (c != v->root && !c->next)
				c = c->parent;
			c = c == v->root ? NULL : c->next;
		}
		if (proc.debug)
			kprintf("ingot: volume %d: %s mounted (%u blocks of %u bytes, %u free)\n",
				i, v->path, v->sb.blocks_count, v->bsize, v->sb.free_blocks_count);
	}
}

/* For host tests (vfs_reset): forget the volumes, as the tree is forgotten. */
void volume_reset(void)
{
	memset(&vols, 0, sizeof vols);
}

/* The volume a linked FS_VOL node is in, or NULL (unlinked: nothing to write). */
static struct volume *volume_of(struct node *n)
{
	for (struct node *c = n; c && c->parent != c; c = c->parent)
		for (int i = 0; i < vols.n; i++)
			if (vols.vol[i].root == c)
				return &vols.vol[i];
	return NULL;
}

static int sync_one(struct volume *v)
{
	filemap_flush_all(); /* stores through shared mappings are the file's bytes */
	int r = ext2_sync(v);
	if (r)
		kprintf("ingot: volume at %s: write-back failed (error %d)\n", v->path, -r);
	return r == -ENOSPC ? r : r ? -EIO : 0;
}

int volume_sync_node(struct node *n)
{
	if (n->fs != FS_VOL)
		return 0;
	struct volume *v = volume_of(n);
	return v ? sync_one(v) : 0;
}

void volume_sync_all(void)
{
	if (vols.synced_at_exit)
		return;
	vols.synced_at_exit = true; /* a failure below must not loop back here */
	for (int i = 0; i < vols.n; i++)
		sync_one(&vols.vol[i]);
}

/* sync(2): every volume. */
long sys_sync(long a0, long a1, long a2, long a3, long a4, long a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	for (int i = 0; i < vols.n; i++)
		sync_one(&vols.vol[i]);
	return 0;
}

/* syncfs(2): the volume of fd, if it is on one. */
long sys_syncfs(long fd, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f)
		return -EBADF;
	return volume_sync_node(f->node);
}

/* For statfs: the volume's numbers (ext2 magic, blocks, inodes). */
bool volume_statfs(struct node *n, uint64_t *bsize, uint64_t *blocks, uint64_t *bfree,
		   uint64_t *files, uint64_t *ffree)
{
	struct volume *v = volume_of(n);
	if (!v)
		return false;
	*bsize = v->bsize;
	*blocks = v->sb.blocks_count;
	*bfree = v->sb.free_blocks_count;
	*files = v->sb.inodes_count;
	*ffree = v->sb.free_inodes_count;
	return true;
}
