/*
 * ext2_sync.c — writing a volume's tree back as ext2 (see ext2.h).
 *
 * Order of one write-back:
 *   1. bitmaps start from the metadata blocks (found at mount) and the
 *      reserved inodes; every reachable node keeps its inode number, new
 *      nodes (and any clash, e.g. a node renamed in from another volume)
 *      take the lowest free one;
 *   2. a file or symlink unchanged since the last write-back (ctime older,
 *      same inode number) keeps its inode and blocks: they are marked used
 *      from its inode on disk, and nothing of it is written;
 *   3. every other node's bytes (a directory's entries, serialised here)
 *      go to freshly allocated blocks, indirect blocks as needed (up to
 *      double indirect: 4 GiB with 4 KiB blocks), then its inode;
 *   4. inodes that were in use at the last write-back and are gone now are
 *      cleared (dtime set, as Linux does on delete);
 *   5. bitmaps, group descriptors, superblock; then a FLUSH, so fsync's
 *      promise holds when the call returns.
 * So an fsync costs what changed since the last one (and the directories),
 * not the whole volume. Blocks are taken lowest first.
 */
#include "ext2.h"
#include "../drivers/blk.h"

struct sync {
	struct volume *v;
	uint8_t *bb, *ib;     /* block and inode bitmaps being built */
	uint32_t *ind, *dind; /* indirect blocks being filled */
	uint8_t *tail;	      /* a file's last, partial block */
	uint8_t *itab;	      /* cached inode table block */
	uint32_t itab_block;  /* its block number, 0: none */
	uint16_t *dirs;	      /* directories per group */
	uint32_t cursor;      /* where the block search resumes */
	uint32_t now;
	uint64_t since; /* ns: nodes changed at or after this are rewritten */
};

static bool bit(const uint8_t *map, uint32_t i)
{
	return map[i / 8] & (1u << (i % 8));
}
static void set_bit(uint8_t *map, uint32_t i)
{
	map[i / 8] |= (uint8_t)(1u << (i % 8));
}

/* The next node after n in pre-order within the subtree at root, or NULL. */
static struct node *next_node(struct node *root, struct node *n)
{
	if (S_ISDIR(n->mode) && n->first)
		return n->first;
	while (n != root && !n->next)
		n = n->parent;
	return n == root ? NULL : n->next;
}

/* Lowest free block from the cursor on; 0 when the volume is full. */
static uint32_t alloc_block(struct sync *s)
{
	struct volume *v = s->v;
	uint32_t total = v->sb.blocks_count - v->sb.first_data_block;
	for (uint32_t i = s->cursor; i < total; i++) {
		if (s->bb[i / 8] == 0xff && i % 8 == 0) {
			i += 7;
			continue;
		}
		if (!bit(s->bb, i)) {
			set_bit(s->bb, i);
			s->cursor = i + 1;
			return v->sb.first_data_block + i;
		}
	}
	return 0;
}

static int flush_itab(struct sync *s)
{
	int r = 0;
	if (s->itab_block)
		r = ext2_write_blocks(s->v, s->itab_block, s->itab, 1);
	s->itab_block = 0;
	return r;
}

/* Writes inode ino through a one-block cache of the inode table (nodes are
 * visited mostly in inode order, so most inodes share a block). */
static int put_inode(struct sync *s, uint32_t ino, const struct ext2_inode *in)
{
	struct volume *v = s->v;
	uint32_t g = (ino - 1) / v->sb.inodes_per_group, i = (ino - 1) % v->sb.inodes_per_group;
	uint64_t off = (uint64_t)i * v->sb.inode_size;
	uint32_t block = v->groups[g].inode_table + (uint32_t)(off / v->bsize);
	int r = 0;
	if (block != s->itab_block) {
		if ((r = flush_itab(s)) || (r = ext2_read_blocks(v, block, s->itab, 1)))
			return r;
		s->itab_block = block;
	}
	memset(s->itab + off % v->bsize, 0, v->sb.inode_size);
	memcpy(s->itab + off % v->bsize, in, sizeof *in);
	return 0;
}

/* Reads inode ino through the same cache (it may hold this sync's writes). */
static int get_inode(struct sync *s, uint32_t ino, struct ext2_inode *out)
{
	struct volume *v = s->v;
	uint32_t g = (ino - 1) / v->sb.inodes_per_group, i = (ino - 1) % v->sb.inodes_per_group;
	uint64_t off = (uint64_t)i * v->sb.inode_size;
	uint32_t block = v->groups[g].inode_table + (uint32_t)(off / v->bsize);
	int r;
	if (block != s->itab_block) {
		if ((r = flush_itab(s)) || (r = ext2_read_blocks(v, block, s->itab, 1)))
			return r;
		s->itab_block = block;
	}
	memcpy(out, s->itab + off % v->bsize, sizeof *out);
	return 0;
}

/* Marks block b used for a kept file; -EIO when it cannot be its block
 * (out of range, metadata, or taken twice: then the file is rewritten). */
static int keep_block(struct sync *s, uint32_t b)
{
	struct volume *v = s->v;
	if (b < v->sb.first_data_block || b >= v->sb.blocks_count)
		return -EIO;
	uint32_t i = b - v->sb.first_data_block;
	if (bit(s->bb, i))
		return -EIO;
	set_bit(s->bb, i);
	return 0;
}

/* Step 2 for one node: marks the blocks of its inode on disk used. A
 * mismatch (the inode is not what the node says) gives -EIO, and the
 * caller rewrites the node instead; blocks marked so far stay marked
 * (leaked until the next write-back, never shared). */
static int keep_node(struct sync *s, struct node *n)
{
	struct volume *v = s->v;
	struct ext2_inode in;
	int r = get_inode(s, n->disk_ino, &in);
	if (r)
		return r;
	uint64_t size = in.size | (S_ISREG(in.mode) ? (uint64_t)in.size_high << 32 : 0);
	if (in.mode != n->mode || size != n->size || in.links_count == 0 || in.block[EXT2_TIND])
		return -EIO;
	if (S_ISLNK(in.mode) && in.blocks == 0)
		return 0; /* a fast symlink: its target is in the inode */
	for (int i = 0; i < EXT2_NDIR; i++)
		if (in.block[i] && (r = keep_block(s, in.block[i])))
			return r;
	if (in.block[EXT2_IND]) {
		if ((r = keep_block(s, in.block[EXT2_IND])) ||
		    (r = ext2_read_blocks(v, in.block[EXT2_IND], s->ind, 1)))
			return r;
		for (uint32_t i = 0; i < v->ppb; i++)
			if (s->ind[i] && (r = keep_block(s, s->ind[i])))
				return r;
	}
	if (in.block[EXT2_DIND]) {
		if ((r = keep_block(s, in.block[EXT2_DIND])) ||
		    (r = ext2_read_blocks(v, in.block[EXT2_DIND], s->dind, 1)))
			return r;
		for (uint32_t j = 0; j < v->ppb; j++) {
			if (!s->dind[j])
				continue;
			if ((r = keep_block(s, s->dind[j])) ||
			    (r = ext2_read_blocks(v, s->dind[j], s->ind, 1)))
				return r;
			for (uint32_t i = 0; i < v->ppb; i++)
				if (s->ind[i] && (r = keep_block(s, s->ind[i])))
					return r;
		}
	}
	return 0;
}

/* Whether node n may keep what it has on disk (step 2). */
static bool unchanged(struct sync *s, struct node *n)
{
	return (S_ISREG(n->mode) || S_ISLNK(n->mode)) && n->disk_ino && n->ctime < s->since;
}

/* Allocates and writes size bytes of data for an inode: block pointers
 * and i_blocks are set in in. Full blocks go out in contiguous runs. */
static int put_data(struct sync *s, struct ext2_inode *in, const char *data, uint64_t size)
{
	struct volume *v = s->v;
	uint32_t bs = v->bsize, ppb = v->ppb;
	uint64_t nb = (size + bs - 1) / bs, full = size / bs;
	if (nb > EXT2_NDIR + ppb + (uint64_t)ppb * ppb)
		return -EFBIG;
	uint32_t used = 0, run_start = 0, run_len = 0, ind_blk = 0;
	uint64_t run_lb = 0;
	int r = 0;
	for (uint64_t lb = 0; lb < nb && !r; lb++) {
		uint32_t *slot = NULL;
		if (lb >= EXT2_NDIR) {
			uint64_t k = lb - EXT2_NDIR;
			if (k == ppb) { /* the double indirect block */
				if (!(in->block[EXT2_DIND] = alloc_block(s)))
					return -ENOSPC;
				memset(s->dind, 0, bs);
				used++;
			}
			uint64_t idx = k < ppb ? k : (k - ppb) % ppb;
			if (idx == 0) { /* a new single indirect block */
				if (!(ind_blk = alloc_block(s)))
					return -ENOSPC;
				memset(s->ind, 0, bs);
				used++;
				if (k < ppb)
					in->block[EXT2_IND] = ind_blk;
				else
					s->dind[(k - ppb) / ppb] = ind_blk;
			}
			slot = &s->ind[idx];
		}
		uint32_t pb = alloc_block(s);
		if (!pb)
			return -ENOSPC;
		used++;
		if (slot)
			*slot = pb;
		else
			in->block[lb] = pb;
		if (lb < full) {
			if (run_len && pb == run_start + run_len) {
				run_len++;
			} else {
				if (run_len)
					r = ext2_write_blocks(v, run_start, data + run_lb * bs,
							      run_len);
				run_start = pb, run_len = 1, run_lb = lb;
			}
		} else { /* the partial last block */
			memset(s->tail, 0, bs);
			memcpy(s->tail, data + lb * bs, size - lb * bs);
			r = ext2_write_blocks(v, pb, s->tail, 1);
		}
		/* An indirect block is written once its last slot is filled. */
		if (!r && slot && (slot == &s->ind[ppb - 1] || lb == nb - 1))
			r = ext2_write_blocks(v, ind_blk, s->ind, 1);
	}
	if (!r && run_len)
		r = ext2_write_blocks(v, run_start, data + run_lb * bs, run_len);
	if (!r && in->block[EXT2_DIND])
		r = ext2_write_blocks(v, in->block[EXT2_DIND], s->dind, 1);
	in->blocks = used * (bs / BLK_SECTOR);
	return r;
}

static uint8_t file_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return EXT2_FT_REG;
	case S_IFDIR: return EXT2_FT_DIR;
	case S_IFCHR: return EXT2_FT_CHR;
	case S_IFBLK: return EXT2_FT_BLK;
	case S_IFIFO: return EXT2_FT_FIFO;
	case S_IFSOCK: return EXT2_FT_SOCK;
	case S_IFLNK: return EXT2_FT_SYMLINK;
	}
	return 0;
}

/* Appends one entry to a directory being built; the previous entry of a
 * block absorbs the slack when the next one does not fit. */
static void add_entry(char *buf, uint32_t bs, uint64_t *off, uint64_t *last, uint32_t ino,
		      const char *name, size_t len, uint8_t type)
{
	uint32_t need = (uint32_t)((8 + len + 3) & ~3ul);
	if (*off % bs + need > bs) {
		struct ext2_dirent *prev = (struct ext2_dirent *)(buf + *last);
		prev->rec_len = (uint16_t)(prev->rec_len + (bs - *off % bs));
		*off += bs - *off % bs;
	}
	struct ext2_dirent *e = (struct ext2_dirent *)(buf + *off);
	e->inode = ino, e->rec_len = (uint16_t)need, e->name_len = (uint8_t)len,
	e->file_type = type;
	memcpy(e->name, name, len);
	*last = *off;
	*off += need;
}

/* A directory's entries as ext2 blocks; the caller kfree's *out. */
static int dir_bytes(struct volume *v, struct node *dir, char **out, uint64_t *size)
{
	uint32_t bs = v->bsize;
	uint64_t worst = 24; /* "." and ".." */
	for (struct node *c = dir->first; c; c = c->next)
		worst += (8 + strlen(c->name) + 3) & ~3ul;
	/* Every block may waste up to one entry's length (263 bytes). */
	uint64_t cap = (worst + worst / (bs - 264) * 264 + bs) / bs * bs + bs;
	char *buf = kzalloc(cap);
	if (!buf)
		return -ENOMEM;
	uint64_t off = 0, last = 0;
	struct node *parent = dir == v->root ? dir : dir->parent;
	add_entry(buf, bs, &off, &last, dir->disk_ino, ".", 1, EXT2_FT_DIR);
	add_entry(buf, bs, &off, &last, parent->disk_ino, "..", 2, EXT2_FT_DIR);
	for (struct node *c = dir->first; c; c = c->next)
		add_entry(buf, bs, &off, &last, c->disk_ino, c->name, strlen(c->name),
			  file_type(c->mode));
	struct ext2_dirent *e = (struct ext2_dirent *)(buf + last);
	e->rec_len = (uint16_t)(e->rec_len + (bs - off % bs) % bs);
	*size = (off + bs - 1) / bs * bs;
	*out = buf;
	return 0;
}

static uint32_t secs(uint64_t ns)
{
	return (uint32_t)(ns / 1000000000ull);
}

static int put_node(struct sync *s, struct node *n)
{
	struct volume *v = s->v;
	struct ext2_inode in = {
		.mode = (uint16_t)n->mode,
		.atime = secs(n->atime),
		.ctime = secs(n->ctime),
		.mtime = secs(n->mtime),
		.links_count = (uint16_t)(S_ISDIR(n->mode) ? n->nlink : 1),
	};
	int r = 0;
	if (S_ISDIR(n->mode)) {
		char *buf;
		uint64_t size;
		if ((r = dir_bytes(v, n, &buf, &size)))
			return r;
		in.size = (uint32_t)size;
		r = put_data(s, &in, buf, size);
		kfree(buf);
		s->dirs[(n->disk_ino - 1) / v->sb.inodes_per_group]++;
	} else if (S_ISLNK(n->mode) && n->size <= EXT2_FAST_SYMLINK_MAX) {
		in.size = (uint32_t)n->size;
		memcpy(in.block, n->data, n->size);
	} else if (S_ISREG(n->mode) || S_ISLNK(n->mode)) {
		in.size = (uint32_t)n->size;
		in.size_high = (uint32_t)((uint64_t)n->size >> 32);
		r = put_data(s, &in, n->data, n->size);
	}
	return r ? r : put_inode(s, n->disk_ino, &in);
}

/* Step 1: inode numbers. Returns -ENOSPC when there are more nodes than inodes. */
static int number_inodes(struct sync *s)
{
	struct volume *v = s->v;
	for (uint32_t i = 0; i < v->sb.first_ino - 1; i++)
		set_bit(s->ib, i); /* reserved inodes, the root among them */
	v->root->disk_ino = EXT2_ROOT_INO;
	for (struct node *n = v->root->first ? v->root->first : NULL; n;
	     n = next_node(v->root, n)) {
		uint32_t i = n->disk_ino;
		if (i >= v->sb.first_ino && i <= v->sb.inodes_count && !bit(s->ib, i - 1)) {
			set_bit(s->ib, i - 1);
		} else {
			n->disk_ino = 0;
			n->ctime = MAX(n->ctime, s->since); /* a new inode: write it all */
		}
	}
	uint32_t next = v->sb.first_ino - 1;
	for (struct node *n = v->root->first; n; n = next_node(v->root, n)) {
		if (n->disk_ino)
			continue;
		while (next < v->sb.inodes_count && bit(s->ib, next))
			next++;
		if (next == v->sb.inodes_count)
			return -ENOSPC;
		set_bit(s->ib, next);
		n->disk_ino = ++next;
	}
	return 0;
}

static uint32_t count_bits(const uint8_t *map, uint32_t from, uint32_t n)
{
	uint32_t c = 0;
	for (uint32_t i = from; i < from + n; i++)
		c += bit(map, i);
	return c;
}

/* Steps 3-4: cleared inodes, bitmaps, descriptors, superblock, FLUSH. */
static int finish(struct sync *s)
{
	struct volume *v = s->v;
	uint32_t ipg = v->sb.inodes_per_group, bpg = v->sb.blocks_per_group;
	int r = 0;
	for (uint32_t i = v->sb.first_ino - 1; i < v->sb.inodes_count && !r; i++) {
		uint32_t g = i / ipg, k = i % ipg;
		if (bit(v->inodes_used + (size_t)g * v->bsize, k) && !bit(s->ib, i)) {
			struct ext2_inode gone = {.dtime = s->now};
			r = put_inode(s, i + 1, &gone);
		}
	}
	if (r || (r = flush_itab(s)))
		return r;
	uint32_t free_blocks = 0, free_inodes = 0,
		 total = v->sb.blocks_count - v->sb.first_data_block;
	for (uint32_t g = 0; g < v->ngroups && !r; g++) {
		uint8_t *gib = v->inodes_used + (size_t)g * v->bsize;
		memset(gib, 0xff, v->bsize); /* bits past the group's inodes stay set */
		for (uint32_t k = 0; k < ipg; k++)
			if (!bit(s->ib, g * ipg + k))
				gib[k / 8] &= (uint8_t) ~(1u << (k % 8));
		uint32_t nblocks = MIN(bpg, total - g * bpg);
		struct ext2_group *gd = &v->groups[g];
		gd->free_blocks_count = (uint16_t)(nblocks - count_bits(s->bb, g * bpg, nblocks));
		gd->free_inodes_count = (uint16_t)(ipg - count_bits(gib, 0, ipg));
		gd->used_dirs_count = s->dirs[g];
		free_blocks += gd->free_blocks_count;
		free_inodes += gd->free_inodes_count;
		r = ext2_write_blocks(v, gd->block_bitmap, s->bb + (size_t)g * v->bsize, 1);
		if (!r)
			r = ext2_write_blocks(v, gd->inode_bitmap, gib, 1);
	}
	uint32_t gdt_blocks =
		(v->ngroups * (uint32_t)sizeof(struct ext2_group) + v->bsize - 1) / v->bsize;
	if (r || (r = ext2_write_blocks(v, v->sb.first_data_block + 1, v->groups, gdt_blocks)))
		return r;
	v->sb.free_blocks_count = free_blocks;
	v->sb.free_inodes_count = free_inodes;
	v->sb.wtime = s->now;
	if ((r = blk_write(v->dev, EXT2_SB_OFFSET / BLK_SECTOR, &v->sb, sizeof v->sb / BLK_SECTOR)))
		return r;
	return blk_flush(v->dev);
}

int ext2_sync(struct volume *v)
{
	size_t maps = (size_t)v->ngroups * v->bsize;
	uint64_t start = node_now();
	struct sync s = {.v = v, .now = (uint32_t)(start / 1000000000ull), .since = v->synced};
	s.bb = kmalloc(maps);
	s.ib = kzalloc(maps);
	s.ind = kmalloc(v->bsize);
	s.dind = kmalloc(v->bsize);
	s.tail = kmalloc(v->bsize);
	s.itab = kmalloc(v->bsize);
	s.dirs = kzalloc(v->ngroups * sizeof *s.dirs);
	int r = -ENOMEM;
	/* No other thread may change the tree while it is written: the disk
     * is polled instead of slept on, so nothing else runs meanwhile. */
	blk_poll_mode(true);
	if (s.bb && s.ib && s.ind && s.dind && s.tail && s.itab && s.dirs) {
		memcpy(s.bb, v->meta, maps);
		r = number_inodes(&s);
		for (struct node *n = v->root; n && !r; n = next_node(v->root, n))
			if (unchanged(&s, n) && keep_node(&s, n))
				n->ctime = MAX(n->ctime, s.since); /* not as on disk: rewrite it */
		for (struct node *n = v->root; n && !r; n = next_node(v->root, n))
			if (!unchanged(&s, n))
				r = put_node(&s, n);
		if (!r)
			v->synced = start;
		if (!r)
			r = finish(&s);
	}
	blk_poll_mode(false);
	kfree(s.bb);
	kfree(s.ib);
	kfree(s.ind);
	kfree(s.dind);
	kfree(s.tail);
	kfree(s.itab);
	kfree(s.dirs);
	return r;
}
