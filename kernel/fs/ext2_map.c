/*
 * ext2_map.c — a volume node's block map (struct vol_map, ext2.h): where
 * its blocks are on disk as of the mount or the last write-back, and
 * which logical blocks the program changed since. ramfs.c marks them on
 * write and truncate (stores through MAP_SHARED mappings arrive through
 * ramfs_write too: mm/filemap.c), so ext2_sync.c rewrites only those in
 * place instead of the whole file. Blocks past the map's end need no
 * mark: ext2_sync writes every one of them, as they are new.
 */
#include "ext2.h"

struct vol_map *vol_map_new(struct volume *v, uint32_t ino)
{
	struct vol_map *m = kzalloc(sizeof *m);
	if (m)
		m->vol = v, m->ino = ino, m->bsize = v->bsize;
	return m;
}

void vol_map_free(struct vol_map *m)
{
	if (!m)
		return;
	kfree(m->pb);
	kfree(m->dirty);
	kfree(m->dind_ind);
	kfree(m->copy);
	kfree(m);
}

/* Room for nblocks entries (new ones zero: holes, clean); -ENOMEM. */
int vol_map_grow(struct vol_map *m, uint64_t nblocks)
{
	if (nblocks <= m->cap)
		return 0;
	uint64_t cap = MAX(nblocks, m->cap * 2);
	uint32_t *pb = krealloc(m->pb, cap * sizeof *pb);
	if (!pb)
		return -ENOMEM;
	m->pb = pb;
	uint8_t *dirty = krealloc(m->dirty, (cap + 7) / 8);
	if (!dirty)
		return -ENOMEM;
	m->dirty = dirty;
	memset(pb + m->cap, 0, (cap - m->cap) * sizeof *pb);
	/* Bits at or past the old cap were never set (only lb < nblocks is). */
	memset(dirty + (m->cap + 7) / 8, 0, (cap + 7) / 8 - (m->cap + 7) / 8);
	m->cap = cap;
	return 0;
}

void vol_map_dirty(struct node *n, uint64_t from, uint64_t to)
{
	struct vol_map *m = n->vmap;
	if (!m || from >= to)
		return;
	uint64_t end = MIN((to - 1) / m->bsize + 1, m->nblocks);
	for (uint64_t lb = from / m->bsize; lb < end; lb++)
		m->dirty[lb / 8] |= (uint8_t)(1u << (lb % 8));
}
