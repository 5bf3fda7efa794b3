/*
 * ext2_sync.c — writing a volume's tree back as ext2 (see ext2.h).
 *
 * Every node has a block map (struct vol_map, ext2_map.c): its blocks on
 * disk and which of them changed since. Order of one write-back:
 *   1. bitmaps start from the metadata blocks (found at mount) and the
 *      reserved inodes; every reachable node keeps its inode number, new
 *      nodes (and any clash, e.g. a node renamed in from another volume)
 *      take the lowest free one, and a map that is not of this volume and
 *      inode is dropped (the node is then written whole, as a new one);
 *   2. every node's mapped blocks are marked used before anything is
 *      allocated, so no allocation can take a block a map still holds;
 *   3. each node: blocks a truncate cut are freed, new blocks (growth,
 *      holes written) allocated lowest first, then the indirect blocks
 *      they need (none for holes), and only the blocks marked dirty or
 *      new are written, in place; a directory's entries are
 *      serialised and compared block by block with what was last written;
 *      an indirect block is written when one of its pointers changed; the
 *      inode only when it differs from the one last written;
 *   4. inodes that were in use at the last write-back and are gone now are
 *      cleared (dtime set, as Linux does on delete);
 *   5. the bitmap blocks, descriptor blocks and superblock whose content
 *      changed; then a FLUSH, so fsync's promise holds when it returns.
 * So a 4 KiB commit to a file of any size writes one data block (and its
 * inode table block when the inode's times moved a second). As on Linux's ext2 (no journal), a stop in the middle
 * of a write-back can leave a file with some blocks new and some old.
 * After a failed write-back (v->unsure) the next one writes every inode,
 * bitmap and descriptor, whatever the comparisons say.
 */
#include "ext2.h"
#include "../drivers/blk.h"

struct sync {
	struct volume *v;
	uint8_t *bb, *ib;     /* block and inode bitmaps being built */
	uint32_t *ind;	      /* an indirect block being filled */
	uint8_t *tail;	      /* a file's last, partial block; a bitmap block */
	uint8_t *itab;	      /* cached inode table block */
	uint32_t itab_block;  /* its block number, 0: none */
	uint8_t *ind_changed; /* a node's single indirect blocks (1 + ppb) to write */
	uint16_t *dirs;	      /* directories per group */
	uint32_t cursor;      /* where the block search resumes */
	uint64_t moves;	      /* blocks allocated or released so far */
	uint32_t now;
};

static bool bit(const uint8_t *map, uint64_t i)
{
	return map[i / 8] & (1u << (i % 8));
}
static void set_bit(uint8_t *map, uint64_t i)
{
	map[i / 8] |= (uint8_t)(1u << (i % 8));
}
static void clear_bit(uint8_t *map, uint64_t i)
{
	map[i / 8] &= (uint8_t) ~(1u << (i % 8));
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
			s->moves++;
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

/* Marks block b used for a mapped node; -EIO when it cannot be its block
 * (out of range, metadata, or taken twice: then the node is rewritten). */
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

/* Gives block b (one keep_block or alloc_block marked) back to the free pool. */
static void release(struct sync *s, uint32_t b)
{
	clear_bit(s->bb, b - s->v->sb.first_data_block);
	s->moves++;
}

static void drop_map(struct node *n)
{
	vol_map_free(n->vmap);
	n->vmap = NULL;
}

/* The i-th block a map holds, in a fixed order (data, indirect, double
 * indirect, the blocks under it); 0 for an empty slot; false past the end. */
static bool map_block(const struct vol_map *m, uint32_t ppb, uint64_t i, uint32_t *b)
{
	if (i < m->nblocks)
		*b = m->pb[i];
	else if (i == m->nblocks)
		*b = m->ind;
	else if (i == m->nblocks + 1)
		*b = m->dind;
	else if (m->dind && i - m->nblocks - 2 < ppb)
		*b = m->dind_ind[i - m->nblocks - 2];
	else
		return false;
	return true;
}

/* Marks blocks [b, b + len) used if all are in range and free (else
 * -EIO, nothing marked); whole bytes at a time in the middle, as a
 * mapped file is mostly runs and every write-back claims every file. */
static int keep_run(struct sync *s, uint32_t b, uint32_t len)
{
	struct volume *v = s->v;
	if (b < v->sb.first_data_block || b >= v->sb.blocks_count || len > v->sb.blocks_count - b)
		return -EIO;
	uint64_t i = b - v->sb.first_data_block, end = i + len;
	for (uint64_t k = i; k < end; k++) {
		if (k % 8 == 0 && k + 8 <= end) {
			if (s->bb[k / 8])
				return -EIO;
			k += 7;
		} else if (bit(s->bb, k)) {
			return -EIO;
		}
	}
	for (uint64_t k = i; k < end; k++) {
		if (k % 8 == 0 && k + 8 <= end)
			s->bb[k / 8] = 0xff, k += 7;
		else
			set_bit(s->bb, k);
	}
	return 0;
}

/* Step 2 for one node: marks every block its map holds used, data blocks
 * by runs of consecutive ones. On a clash (a block out of range, metadata,
 * or held twice) the blocks it marked are given back and the map dropped:
 * the node is then written whole into new blocks, and the on-disk bitmaps
 * stay exact. */
static void claim_map(struct sync *s, struct node *n)
{
	struct vol_map *m = n->vmap;
	uint32_t b, ppb = s->v->ppb;
	uint64_t i = 0;
	while (i < m->nblocks) {
		uint64_t len = 1;
		if (!m->pb[i]) {
			i++;
			continue;
		}
		while (i + len < m->nblocks && m->pb[i + len] == m->pb[i] + len && len < 1u << 30)
			len++;
		if (keep_run(s, m->pb[i], (uint32_t)len))
			goto clash;
		i += len;
	}
	for (; map_block(m, ppb, i, &b); i++)
		if (b && keep_block(s, b))
			goto clash;
	return;
clash:
	for (uint64_t k = 0; k < i; k++)
		if (map_block(m, ppb, k, &b) && b)
			release(s, b);
	drop_map(n);
}

/* Which single indirect block holds logical block lb's pointer: 0 the one
 * in i_block[IND], 1 + j the j-th under the double indirect one; -1 none. */
static int64_t ind_index(uint32_t ppb, uint64_t lb)
{
	if (lb < EXT2_NDIR)
		return -1;
	lb -= EXT2_NDIR;
	return lb < ppb ? 0 : 1 + (int64_t)((lb - ppb) / ppb);
}

static void ind_touch(struct sync *s, int64_t k)
{
	if (k >= 0)
		set_bit(s->ind_changed, (uint64_t)k);
}

/* Step 3's indirect blocks, once the data blocks are allocated: one whose
 * range starts past the end is freed; a missing one is allocated when a
 * block under it was (its bit in s->ind_changed: a missing block's range
 * held only holes, so nothing else marks it). Holes need none, as on
 * Linux. *dind_changed: the double indirect block must be written. */
static int fit_indirect(struct sync *s, struct vol_map *m, uint64_t nb, bool *dind_changed)
{
	uint32_t ppb = s->v->ppb, bs = s->v->bsize;
	bool gained = false;
	for (uint64_t k = 1; !m->dind && k <= ppb && !gained; k++)
		gained = bit(s->ind_changed, k);
	if (gained) { /* a first block under the double indirect one */
		if (!m->dind_ind && !(m->dind_ind = kmalloc(bs)))
			return -ENOMEM;
		memset(m->dind_ind, 0, bs);
		if (!(m->dind = alloc_block(s)))
			return -ENOSPC;
		*dind_changed = true;
	}
	bool children = false;
	for (uint64_t k = 0; k <= (m->dind ? ppb : 0); k++) {
		uint32_t *b = k ? &m->dind_ind[k - 1] : &m->ind;
		if (*b && nb <= EXT2_NDIR + k * ppb) {
			release(s, *b);
			*b = 0;
			*dind_changed |= k > 0;
		} else if (!*b && bit(s->ind_changed, k)) {
			if (!(*b = alloc_block(s)))
				return -ENOSPC;
			*dind_changed |= k > 0;
		}
		children |= k > 0 && *b;
	}
	if (m->dind && !children) {
		release(s, m->dind);
		m->dind = 0;
	}
	return 0;
}

/* Whether logical block lb of a map that had old blocks is to be written:
 * new, or changed since (a hole that stays one is not). */
static bool to_write(const struct vol_map *m, uint64_t old, uint64_t lb)
{
	return lb >= old || bit(m->dirty, lb);
}

/* The next logical block from lb on that to_write, 8 clean ones at a time. */
static uint64_t next_to_write(const struct vol_map *m, uint64_t old, uint64_t lb, uint64_t nb)
{
	while (lb < nb && !to_write(m, old, lb)) {
		if (lb % 8 == 0 && lb + 8 <= old && !m->dirty[lb / 8])
			lb += 8;
		else
			lb++;
	}
	return lb;
}

/* Step 3's data for a node with map m: size bytes at data. Sets the
 * block pointers and i_blocks in in. Full blocks go out in runs. */
static int put_mapped(struct sync *s, struct vol_map *m, struct ext2_inode *in, const char *data,
		      uint64_t size)
{
	struct volume *v = s->v;
	uint32_t bs = v->bsize, ppb = v->ppb;
	uint64_t nb = (size + bs - 1) / bs, old = m->nblocks;
	if (nb > EXT2_NDIR + ppb + (uint64_t)ppb * ppb)
		return -EFBIG;
	if (vol_map_grow(m, nb))
		return -ENOMEM;
	memset(s->ind_changed, 0, (ppb + 1 + 7) / 8);
	uint64_t moves = s->moves;
	for (uint64_t lb = nb; lb < old; lb++) { /* cut by a truncate */
		if (!m->pb[lb])
			continue;
		release(s, m->pb[lb]);
		m->pb[lb] = 0;
		ind_touch(s, ind_index(ppb, lb));
	}
	/* New blocks first (lowest free, so a file written at once is one
	 * run), then the indirect blocks that must point to them. */
	for (uint64_t lb = next_to_write(m, old, 0, nb); lb < nb;
	     lb = next_to_write(m, old, lb + 1, nb)) {
		if (!m->pb[lb]) {
			if (!(m->pb[lb] = alloc_block(s)))
				return -ENOSPC;
			ind_touch(s, ind_index(ppb, lb));
		}
	}
	bool dind_changed = false;
	int r = fit_indirect(s, m, nb, &dind_changed);
	uint32_t run_start = 0, run_len = 0;
	uint64_t run_lb = 0;
	for (uint64_t lb = next_to_write(m, old, 0, nb); lb < nb && !r;
	     lb = next_to_write(m, old, lb + 1, nb)) {
		uint32_t pb = m->pb[lb];
		if ((lb + 1) * bs <= size && run_len && pb == run_start + run_len &&
		    lb == run_lb + run_len) {
			run_len++;
			continue;
		}
		if (run_len)
			r = ext2_write_blocks(v, run_start, data + run_lb * bs, run_len);
		run_len = 0;
		if (!r && (lb + 1) * bs <= size) {
			run_start = pb, run_len = 1, run_lb = lb;
		} else if (!r) { /* the partial last block, zero past the end */
			memset(s->tail, 0, bs);
			memcpy(s->tail, data + lb * bs, size - lb * bs);
			r = ext2_write_blocks(v, pb, s->tail, 1);
		}
	}
	if (!r && run_len)
		r = ext2_write_blocks(v, run_start, data + run_lb * bs, run_len);
	for (uint64_t k = 0; !r && k <= (m->dind ? ppb : 0); k++) {
		uint32_t b = k ? m->dind_ind[k - 1] : m->ind;
		if (!b || !(bit(s->ind_changed, k) || v->unsure))
			continue;
		uint64_t first = EXT2_NDIR + k * ppb;
		for (uint32_t i = 0; i < ppb; i++)
			s->ind[i] = first + i < nb ? m->pb[first + i] : 0;
		r = ext2_write_blocks(v, b, s->ind, 1);
	}
	if (!r && m->dind && (dind_changed || v->unsure))
		r = ext2_write_blocks(v, m->dind, m->dind_ind, 1);
	if (r)
		return r;
	if (s->moves != moves || m->used == VOL_MAP_UNCOUNTED) { /* count again */
		m->used = (m->ind != 0) + (m->dind != 0);
		for (uint64_t lb = 0; lb < nb; lb++)
			m->used += m->pb[lb] != 0;
		for (uint32_t j = 0; m->dind && j < ppb; j++)
			m->used += m->dind_ind[j] != 0;
	}
	for (uint64_t lb = 0; lb < MIN(nb, EXT2_NDIR); lb++)
		in->block[lb] = m->pb[lb];
	in->block[EXT2_IND] = m->ind;
	in->block[EXT2_DIND] = m->dind;
	in->blocks = (uint32_t)(m->used * (bs / BLK_SECTOR));
	m->nblocks = nb;
	if (m->dirty) /* NULL with no blocks ever */
		memset(m->dirty, 0, (m->cap + 7) / 8);
	return 0;
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

/* A directory's blocks that differ from what was last written (m->copy)
 * are dirty; the blocks past the old end are written anyway. */
static void dir_dirty(struct vol_map *m, const char *buf, uint64_t size)
{
	uint64_t nb = MIN(size / m->bsize, m->nblocks);
	for (uint64_t lb = 0; lb < nb; lb++)
		if (!m->copy || memcmp(m->copy + lb * m->bsize, buf + lb * m->bsize, m->bsize))
			set_bit(m->dirty, lb);
}

/* Step 3 for one node. A failure drops its map: the next write-back then
 * writes it whole, into new blocks. */
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
	if (!n->vmap && !(n->vmap = vol_map_new(v, n->disk_ino)))
		return -ENOMEM;
	struct vol_map *m = n->vmap;
	int r = 0;
	if (S_ISDIR(n->mode)) {
		char *buf;
		uint64_t size;
		if ((r = dir_bytes(v, n, &buf, &size)))
			return r;
		in.size = (uint32_t)size;
		dir_dirty(m, buf, size);
		if (!(r = put_mapped(s, m, &in, buf, size))) {
			kfree(m->copy);
			m->copy = buf;
		} else {
			kfree(buf);
		}
		s->dirs[(n->disk_ino - 1) / v->sb.inodes_per_group]++;
	} else if (S_ISLNK(n->mode) && n->size <= EXT2_FAST_SYMLINK_MAX) {
		in.size = (uint32_t)n->size;
		memcpy(in.block, n->data, n->size);
	} else if (S_ISREG(n->mode) || S_ISLNK(n->mode)) {
		in.size = (uint32_t)n->size;
		in.size_high = (uint32_t)((uint64_t)n->size >> 32);
		r = put_mapped(s, m, &in, n->data, n->size);
	}
	if (r) {
		drop_map(n);
		return r;
	}
	if (!v->unsure && !memcmp(&m->last, &in, sizeof in))
		return 0; /* the inode on disk is this one already */
	m->last = in;
	return put_inode(s, n->disk_ino, &in);
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
			n->disk_ino = 0; /* a new inode: its map (if any) is dropped */
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

/* Set bits in map[from, from + n), whole bytes at a time where it can
 * (a write-back counts every group's bitmaps: that must stay cheap). */
static uint32_t count_bits(const uint8_t *map, uint32_t from, uint32_t n)
{
	uint32_t c = 0, i = from, end = from + n;
	for (; i < end && i % 8; i++)
		c += bit(map, i);
	for (; i + 8 <= end; i += 8) {
		uint8_t b = map[i / 8];
		if (b == 0xff) /* most bytes are full or empty */
			c += 8;
		else
			for (; b; b &= (uint8_t)(b - 1))
				c++;
	}
	for (; i < end; i++)
		c += bit(map, i);
	return c;
}

/* Writes block b (content new) unless old holds the same; then old = new. */
static int put_if_changed(struct sync *s, uint32_t b, uint8_t *old, const uint8_t *new, uint32_t n)
{
	if (!s->v->unsure && !memcmp(old, new, n))
		return 0;
	int r = ext2_write_blocks(s->v, b, new, n / s->v->bsize);
	if (!r && old != new)
		memcpy(old, new, n);
	return r;
}

/* Steps 4-5: cleared inodes, then the bitmap, descriptor and superblock
 * blocks that changed, then FLUSH. */
static int finish(struct sync *s)
{
	struct volume *v = s->v;
	uint32_t ipg = v->sb.inodes_per_group, bpg = v->sb.blocks_per_group, bs = v->bsize;
	int r = 0;
	for (uint32_t i = v->sb.first_ino - 1; i < v->sb.inodes_count && !r; i++) {
		uint32_t g = i / ipg, k = i % ipg;
		if (k % 8 == 0 && !v->inodes_used[(size_t)g * bs + k / 8]) {
			i += 7; /* 8 inodes unused at the last write-back */
			continue;
		}
		if (bit(v->inodes_used + (size_t)g * bs, k) && !bit(s->ib, i)) {
			struct ext2_inode gone = {.dtime = s->now};
			r = put_inode(s, i + 1, &gone);
		}
	}
	if (r || (r = flush_itab(s)))
		return r;
	uint32_t gdt_blocks = (v->ngroups * (uint32_t)sizeof(struct ext2_group) + bs - 1) / bs;
	uint8_t *old_gdt = kmalloc((size_t)gdt_blocks * bs);
	if (!old_gdt)
		return -ENOMEM;
	memcpy(old_gdt, v->groups, (size_t)gdt_blocks * bs);
	uint32_t free_blocks = 0, free_inodes = 0,
		 total = v->sb.blocks_count - v->sb.first_data_block;
	for (uint32_t g = 0; g < v->ngroups && !r; g++) {
		uint8_t *gib = s->tail;
		memset(gib, 0xff, bs); /* bits past the group's inodes stay set */
		uint32_t k = 0;
		if (ipg % 8 == 0) /* mkfs makes it so: the group's bytes as they are */
			memcpy(gib, s->ib + (size_t)g * ipg / 8, ipg / 8), k = ipg;
		for (; k < ipg; k++)
			if (!bit(s->ib, g * ipg + k))
				clear_bit(gib, k);
		uint32_t nblocks = MIN(bpg, total - g * bpg);
		struct ext2_group *gd = &v->groups[g];
		gd->free_blocks_count = (uint16_t)(nblocks - count_bits(s->bb, g * bpg, nblocks));
		gd->free_inodes_count = (uint16_t)(ipg - count_bits(gib, 0, ipg));
		gd->used_dirs_count = s->dirs[g];
		free_blocks += gd->free_blocks_count;
		free_inodes += gd->free_inodes_count;
		r = put_if_changed(s, gd->block_bitmap, v->blocks_used + (size_t)g * bs,
				   s->bb + (size_t)g * bs, bs);
		if (!r)
			r = put_if_changed(s, gd->inode_bitmap, v->inodes_used + (size_t)g * bs,
					   gib, bs);
	}
	for (uint32_t k = 0; k < gdt_blocks && !r; k++)
		r = put_if_changed(s, v->sb.first_data_block + 1 + k, old_gdt + (size_t)k * bs,
				   (uint8_t *)v->groups + (size_t)k * bs, bs);
	kfree(old_gdt);
	if (r)
		return r;
	if (v->unsure || v->sb.free_blocks_count != free_blocks ||
	    v->sb.free_inodes_count != free_inodes) {
		v->sb.free_blocks_count = free_blocks;
		v->sb.free_inodes_count = free_inodes;
		v->sb.wtime = s->now;
		r = blk_write(v->dev, EXT2_SB_OFFSET / BLK_SECTOR, &v->sb,
			      sizeof v->sb / BLK_SECTOR);
		if (r)
			return r;
	}
	return blk_flush(v->dev);
}

int ext2_sync(struct volume *v)
{
	size_t maps = (size_t)v->ngroups * v->bsize;
	struct sync s = {.v = v, .now = (uint32_t)(node_now() / 1000000000ull)};
	s.bb = kmalloc(maps);
	s.ib = kzalloc(maps);
	s.ind = kmalloc(v->bsize);
	s.tail = kmalloc(v->bsize);
	s.itab = kmalloc(v->bsize);
	s.ind_changed = kmalloc((v->ppb + 1 + 7) / 8);
	s.dirs = kzalloc(v->ngroups * sizeof *s.dirs);
	int r = -ENOMEM;
	/* No other thread may change the tree while it is written: the disk
     * is polled instead of slept on, so nothing else runs meanwhile. */
	blk_poll_mode(true);
	if (s.bb && s.ib && s.ind && s.tail && s.itab && s.ind_changed && s.dirs) {
		memcpy(s.bb, v->meta, maps);
		r = number_inodes(&s);
		for (struct node *n = v->root; n && !r; n = next_node(v->root, n)) {
			if (n->vmap && (n->vmap->vol != v || n->vmap->ino != n->disk_ino))
				drop_map(n); /* another volume's or inode's blocks */
			if (n->vmap)
				claim_map(&s, n);
		}
		for (struct node *n = v->root; n && !r; n = next_node(v->root, n))
			r = put_node(&s, n);
		if (!r)
			r = finish(&s);
	}
	blk_poll_mode(false);
	/* After a failure the comparisons with "last written" cannot be
	 * trusted (a write may or may not have landed): write all next time. */
	v->unsure = r != 0;
	kfree(s.bb);
	kfree(s.ib);
	kfree(s.ind);
	kfree(s.tail);
	kfree(s.itab);
	kfree(s.ind_changed);
	kfree(s.dirs);
	return r;
}
