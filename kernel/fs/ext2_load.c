/*
 * ext2_load.c — mounting an ext2 volume: the superblock and group
 * descriptors are checked, then the tree under inode 2 is read into
 * FS_VOL nodes (files with their bytes, symlinks with their targets,
 * directories with their children). Every on-disk number is checked
 * before use: a block outside the filesystem, an inode number out of
 * range, a directory entry that runs past its block or a loop of
 * directories gives -EIO ("the volume is damaged") instead of a wild read.
 * The metadata blocks (superblock copies, descriptors, bitmaps, inode
 * tables, anything reserved) are what the block bitmap marks used minus
 * the blocks the reachable inodes own: ext2_sync keeps exactly those.
 */
#include "ext2.h"
#include "../drivers/blk.h"

_Static_assert(sizeof(struct ext2_super) == 1024, "ext2 superblock layout");
_Static_assert(sizeof(struct ext2_inode) == 128, "ext2 inode layout");
_Static_assert(sizeof(struct ext2_group) == 32, "ext2 group descriptor layout");

#define MAX_DEPTH 256 /* directories deeper than this: refused as damaged */

int ext2_read_blocks(struct volume *v, uint32_t block, void *buf, uint32_t count)
{
	if (block >= v->sb.blocks_count || count > v->sb.blocks_count - block)
		return -EIO;
	return blk_read(v->dev, (uint64_t)block * (v->bsize / BLK_SECTOR), buf,
			count * (v->bsize / BLK_SECTOR));
}

int ext2_write_blocks(struct volume *v, uint32_t block, const void *buf, uint32_t count)
{
	if (block >= v->sb.blocks_count || count > v->sb.blocks_count - block)
		return -EIO;
	return blk_write(v->dev, (uint64_t)block * (v->bsize / BLK_SECTOR), buf,
			 count * (v->bsize / BLK_SECTOR));
}

static int read_inode(struct volume *v, uint32_t ino, struct ext2_inode *out, uint8_t *blockbuf)
{
	if (ino == 0 || ino > v->sb.inodes_count)
		return -EIO;
	uint32_t g = (ino - 1) / v->sb.inodes_per_group, i = (ino - 1) % v->sb.inodes_per_group;
	uint64_t off = (uint64_t)i * v->sb.inode_size;
	int r = ext2_read_blocks(v, v->groups[g].inode_table + (uint32_t)(off / v->bsize), blockbuf,
				 1);
	if (r)
		return r;
	memcpy(out, blockbuf + off % v->bsize, sizeof *out);
	return 0;
}

/* The physical block of logical block lb of an inode (0: a hole). */
static int bmap(struct volume *v, const struct ext2_inode *in, uint64_t lb, uint32_t *out,
		uint32_t *ind)
{
	uint32_t p = v->ppb;
	uint32_t chain[3];
	int depth;
	if (lb < EXT2_NDIR) {
		*out = in->block[lb];
		return 0;
	}
	lb -= EXT2_NDIR;
	if (lb < p) {
		chain[0] = in->block[EXT2_IND], chain[1] = (uint32_t)lb, depth = 1;
	} else if ((lb -= p) < (uint64_t)p * p) {
		chain[0] = in->block[EXT2_DIND], chain[1] = (uint32_t)(lb / p),
		chain[2] = (uint32_t)(lb % p), depth = 2;
	} else {
		return -EFBIG; /* triple indirect: files past ~4 GiB, not supported */
	}
	uint32_t blk = chain[0];
	for (int d = 0; d < depth; d++) {
		if (blk == 0) {
			*out = 0;
			return 0;
		}
		int r = ext2_read_blocks(v, blk, ind, 1);
		if (r)
			return r;
		blk = ind[chain[d + 1]];
	}
	*out = blk;
	return 0;
}

/* Marks a block as owned by an inode (so not metadata); -EIO if out of range. */
static int owned(struct volume *v, uint32_t b)
{
	if (b < v->sb.first_data_block || b >= v->sb.blocks_count)
		return -EIO;
	uint32_t i = b - v->sb.first_data_block;
	v->meta[i / 8] &= (uint8_t) ~(1u << (i % 8));
	return 0;
}

/* Clears the meta bits of the indirect blocks of an inode. */
static int own_indirect(struct volume *v, const struct ext2_inode *in, uint32_t *ind)
{
	if (in->block[EXT2_IND] && owned(v, in->block[EXT2_IND]))
		return -EIO;
	if (in->block[EXT2_DIND]) {
		if (owned(v, in->block[EXT2_DIND]) ||
		    ext2_read_blocks(v, in->block[EXT2_DIND], ind, 1))
			return -EIO;
		for (uint32_t i = 0; i < v->ppb; i++)
			if (ind[i] && owned(v, ind[i]))
				return -EIO;
	}
	return in->block[EXT2_TIND] ? -EFBIG : 0;
}

/* Reads the size bytes of an inode into a new buffer (rounded up to a
 * block), and records where they are in map m (ext2_map.c). */
static int read_data(struct volume *v, const struct ext2_inode *in, uint64_t size, char **out,
		     uint32_t *ind, struct vol_map *m)
{
	uint64_t nblocks = (size + v->bsize - 1) / v->bsize;
	if (vol_map_grow(m, nblocks))
		return -ENOMEM;
	char *buf = kzalloc(MAX(nblocks * v->bsize, 16));
	if (!buf)
		return -ENOMEM;
	int r = 0;
	for (uint64_t lb = 0; lb < nblocks && !r; lb++) {
		uint32_t pb;
		r = bmap(v, in, lb, &pb, ind);
		if (!r && pb)
			r = owned(v, pb) ? -EIO : ext2_read_blocks(v, pb, buf + lb * v->bsize, 1);
		m->pb[lb] = r ? 0 : pb;
	}
	if (!r)
		r = own_indirect(v, in, ind) ? -EIO : 0;
	if (!r && in->block[EXT2_DIND]) { /* checked by own_indirect */
		r = (m->dind_ind = kmalloc(v->bsize)) ? 0 : -ENOMEM;
		if (!r)
			r = ext2_read_blocks(v, in->block[EXT2_DIND], m->dind_ind, 1);
	}
	if (r) {
		kfree(buf);
		return r;
	}
	m->nblocks = nblocks;
	m->used = VOL_MAP_UNCOUNTED; /* i_blocks may count what is not ours (an xattr block) */
	m->ind = in->block[EXT2_IND];
	m->dind = in->block[EXT2_DIND];
	*out = buf;
	return 0;
}

static uint64_t inode_size(const struct ext2_inode *in)
{
	return in->size | (S_ISREG(in->mode) ? (uint64_t)in->size_high << 32 : 0);
}

/* Fills node n (already linked) from inode in: bytes, target, times. */
static int fill(struct volume *v, struct node *n, uint32_t ino, const struct ext2_inode *in,
		uint32_t *ind)
{
	n->disk_ino = ino;
	if (!(n->vmap = vol_map_new(v, ino)))
		return -ENOMEM;
	n->vmap->last = *in; /* so an unchanged node's inode is not rewritten */
	n->mode = in->mode;
	n->atime = (uint64_t)in->atime * 1000000000ull;
	n->mtime = (uint64_t)in->mtime * 1000000000ull;
	n->ctime = (uint64_t)in->ctime * 1000000000ull;
	uint64_t size = inode_size(in);
	if (S_ISLNK(in->mode) && size <= EXT2_FAST_SYMLINK_MAX && in->blocks == 0) {
		char *t = kmalloc(size + 1);
		if (!t)
			return -ENOMEM;
		memcpy(t, in->block, size);
		t[size] = 0;
		n->data = t, n->size = size, n->cap = size + 1, n->data_owned = 1;
		return 0;
	}
	if (S_ISREG(in->mode) || S_ISLNK(in->mode)) {
		if (size > (1ull << 34))
			return -EFBIG;
		char *buf;
		int r = read_data(v, in, size, &buf, ind, n->vmap);
		if (r)
			return r;
		n->data = buf, n->size = size,
		n->cap = MAX((size + v->bsize - 1) / v->bsize * v->bsize, 16);
		n->data_owned = 1;
	}
	return 0;
}

/* A name with '/' or NUL cannot be a node's name. */
static bool bad_name(const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == 0)
			return true;
	return false;
}

/* Reads directory dir (inode in) and creates its children; subdirectories
 * are queued through their nodes' disk_ino and read by the caller's loop. */
static int read_dir(struct volume *v, struct node *dir, const struct ext2_inode *in, uint32_t *ind,
		    uint8_t *ibuf)
{
	char *bytes;
	uint64_t size = in->size;
	int r = read_data(v, in, size, &bytes, ind, dir->vmap);
	if (r)
		return r;
	for (uint64_t off = 0; off < size;) {
		struct ext2_dirent *e = (struct ext2_dirent *)(bytes + off);
		uint64_t left = v->bsize - off % v->bsize;
		if (left < 8 || e->rec_len < 8 || e->rec_len > left || e->rec_len % 4 ||
		    8u + e->name_len > e->rec_len) {
			r = -EIO;
			break;
		}
		off += e->rec_len;
		if (!e->inode || (e->name_len == 1 && e->name[0] == '.') ||
		    (e->name_len == 2 && e->name[0] == '.' && e->name[1] == '.'))
			continue;
		if (e->name_len == 0 || bad_name(e->name, e->name_len) ||
		    node_child(dir, e->name, e->name_len)) {
			r = -EIO;
			break;
		}
		struct ext2_inode child;
		if ((r = read_inode(v, e->inode, &child, ibuf)))
			break;
		struct node *n = node_new(dir, e->name, e->name_len, child.mode, FS_VOL);
		if (!n) {
			r = -ENOMEM;
			break;
		}
		if ((r = fill(v, n, e->inode, &child, ind)))
			break;
	}
	if (r)
		kfree(bytes);
	else /* what ext2_sync compares its new entries with */
		dir->vmap->copy = bytes;
	return r;
}

/* The tree under the root, in pre-order without recursion: a directory's
 * children are created when the walk first reaches it, then visited. */
static int read_tree(struct volume *v, uint32_t *ind, uint8_t *ibuf)
{
	struct ext2_inode in;
	int r = read_inode(v, EXT2_ROOT_INO, &in, ibuf);
	if (r || !S_ISDIR(in.mode))
		return r ? r : -EIO;
	struct node *root = v->root;
	root->disk_ino = EXT2_ROOT_INO;
	if (!(root->vmap = vol_map_new(v, EXT2_ROOT_INO)))
		return -ENOMEM;
	root->vmap->last = in;
	root->mode = in.mode;
	root->mtime = root->ctime = (uint64_t)in.mtime * 1000000000ull;
	if ((r = read_dir(v, root, &in, ind, ibuf)))
		return r;
	struct node *n = root->first;
	int depth = 1;
	while (n && n != root) {
		if (S_ISDIR(n->mode)) {
			if ((r = read_inode(v, n->disk_ino, &in, ibuf)) ||
			    (r = read_dir(v, n, &in, ind, ibuf)))
				return r;
		}
		if (S_ISDIR(n->mode) && n->first) {
			if (++depth > MAX_DEPTH)
				return -EIO;
			n = n->first;
			continue;
		}
		while (n != root && !n->next) {
			n = n->parent;
			depth--;
		}
		if (n != root)
			n = n->next;
	}
	return 0;
}

static int check_super(struct volume *v)
{
	struct ext2_super *s = &v->sb;
	if (s->magic != EXT2_MAGIC)
		return -EINVAL;
	if (s->rev_level < 1 || s->log_block_size > 2 || s->inode_size < 128 ||
	    s->inode_size & (s->inode_size - 1) || s->blocks_per_group == 0 ||
	    s->inodes_per_group == 0 || s->first_ino < 11 || s->first_ino > s->inodes_per_group)
		return -EINVAL;
	if ((s->feature_incompat & ~EXT2_INCOMPAT_FILETYPE) ||
	    (s->feature_compat & EXT2_COMPAT_JOURNAL) ||
	    (s->feature_ro_compat & ~(EXT2_RO_SPARSE_SUPER | EXT2_RO_LARGE_FILE)))
		return -EOPNOTSUPP;
	v->bsize = 1024u << s->log_block_size;
	v->ppb = v->bsize / 4;
	/* One bitmap block per group, fully used: what mkfs.ext2 makes, and
     * what lets ext2_sync index its bitmaps by block number directly. */
	if (s->inode_size > v->bsize || s->blocks_per_group != v->bsize * 8 ||
	    s->inodes_per_group > v->bsize * 8)
		return -EINVAL;
	if ((uint64_t)s->blocks_count * (v->bsize / BLK_SECTOR) > blk_capacity(v->dev) ||
	    s->first_data_block >= s->blocks_count)
		return -EINVAL;
	v->ngroups = (s->blocks_count - s->first_data_block + s->blocks_per_group - 1) /
		     s->blocks_per_group;
	if ((uint64_t)v->ngroups * s->inodes_per_group != s->inodes_count)
		return -EINVAL;
	return 0;
}

/* Reads the descriptors and bitmaps; meta starts as the block bitmap. */
static int load_groups(struct volume *v)
{
	uint32_t gdt_blocks =
		(v->ngroups * (uint32_t)sizeof(struct ext2_group) + v->bsize - 1) / v->bsize;
	v->groups = kzalloc(gdt_blocks * v->bsize);
	v->meta = kzalloc((size_t)v->ngroups * v->bsize);
	v->inodes_used = kzalloc((size_t)v->ngroups * v->bsize);
	v->blocks_used = kzalloc((size_t)v->ngroups * v->bsize);
	if (!v->groups || !v->meta || !v->inodes_used || !v->blocks_used)
		return -ENOMEM;
	int r = ext2_read_blocks(v, v->sb.first_data_block + 1, v->groups, gdt_blocks);
	for (uint32_t g = 0; !r && g < v->ngroups; g++) {
		struct ext2_group *gd = &v->groups[g];
		if (gd->block_bitmap >= v->sb.blocks_count ||
		    gd->inode_bitmap >= v->sb.blocks_count ||
		    gd->inode_table >= v->sb.blocks_count ||
		    (uint64_t)v->sb.inodes_per_group * v->sb.inode_size / v->bsize >
			    v->sb.blocks_count - gd->inode_table)
			return -EIO;
		r = ext2_read_blocks(v, gd->block_bitmap, v->meta + (size_t)g * v->bsize, 1);
		if (!r)
			memcpy(v->blocks_used + (size_t)g * v->bsize,
			       v->meta + (size_t)g * v->bsize, v->bsize);
		if (!r)
			r = ext2_read_blocks(v, gd->inode_bitmap,
					     v->inodes_used + (size_t)g * v->bsize, 1);
	}
	return r;
}

int ext2_load(struct volume *v)
{
	uint8_t sb[1024];
	int r = blk_read(v->dev, EXT2_SB_OFFSET / BLK_SECTOR, sb, sizeof sb / BLK_SECTOR);
	if (r)
		return r;
	memcpy(&v->sb, sb, sizeof sb);
	if ((r = check_super(v)) || (r = load_groups(v)))
		return r;
	uint32_t *ind = kmalloc(v->bsize);
	uint8_t *ibuf = kmalloc(v->bsize);
	r = ind && ibuf ? read_tree(v, ind, ibuf) : -ENOMEM;
	kfree(ind);
	kfree(ibuf);
	return r;
}
