/*
 * node.c — the in-memory tree every file system of Ingot lives in.
 *
 * Design: one tree of struct node rooted at "/". A directory keeps its
 * children in a doubly linked list in creation order (so getdents lists the
 * image in archive order, and an index is a stable-enough d_off). Names are
 * always kmalloc'd copies; file data may point into the cpio archive
 * (data_owned == 0) or be kmalloc'd by ramfs (data_owned == 1).
 *
 * Lifetime: a node is alive while it is linked in its parent or while refs
 * (open files, the cwd) is non-zero; node_put/node_unlink free it when both
 * are gone, so an unlinked /tmp file stays readable through its open fds.
 * Directory nlink is 2 + number of subdirectories, kept up to date here.
 *
 * Lookup by name goes through one global hash table keyed by (directory,
 * name), chained through node->hnext, so a directory of 20000 entries
 * costs no more to search than one of 20; the table doubles when it holds
 * more than two nodes per bucket (if that allocation fails it just stays
 * slower). Every linked node is in it; the child list is only for listing.
 */
#include "fs.h"

static struct {
	struct node *root;
	uint64_t next_ino;     /* for nodes the archive did not number */
	struct node **buckets; /* name hash: nbuckets chains */
	size_t nbuckets;       /* a power of two, or 0 before the first link */
	size_t nhashed;
} tree;

#define HASH_MIN_BUCKETS 256

/* FNV-1a over the name, mixed with the directory's address. */
static uint32_t name_hash(const struct node *dir, const char *name, size_t len)
{
	uint32_t h = 2166136261u ^ (uint32_t)((uintptr_t)dir >> 4);
	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	return h;
}

static void hash_grow(void)
{
	size_t nb = tree.nbuckets ? tree.nbuckets * 2 : HASH_MIN_BUCKETS;
	struct node **b = kzalloc(nb * sizeof(*b));
	if (!b)
		return;
	for (size_t i = 0; i < tree.nbuckets; i++) {
		struct node *n = tree.buckets[i];
		while (n) {
			struct node *next = n->hnext;
			n->hnext = b[n->hash & (nb - 1)];
			b[n->hash & (nb - 1)] = n;
			n = next;
		}
	}
	kfree(tree.buckets);
	tree.buckets = b;
	tree.nbuckets = nb;
}

static void hash_insert(struct node *n)
{
	if (tree.nhashed >= tree.nbuckets * 2)
		hash_grow();
	if (!tree.nbuckets)
		panic("fs: no memory for the name hash");
	n->hash = name_hash(n->parent, n->name, strlen(n->name));
	struct node **b = &tree.buckets[n->hash & (tree.nbuckets - 1)];
	n->hnext = *b;
	*b = n;
	tree.nhashed++;
}

static void hash_remove(struct node *n)
{
	struct node **p = &tree.buckets[n->hash & (tree.nbuckets - 1)];
	while (*p && *p != n)
		p = &(*p)->hnext;
	if (!*p)
		panic("fs: node %s missing from the name hash", n->name);
	*p = n->hnext;
	n->hnext = NULL;
	tree.nhashed--;
}

/* Synthesised inode numbers start above any 32-bit cpio c_ino. */
#define SYNTH_INO_BASE (1ull << 32)

uint64_t node_now(void)
{
	return time_realtime_ns();
}

static void node_free(struct node *n)
{
	if (n->charged)
		ramfs_uncharge(n);
	if (n->data_owned)
		kfree(n->data);
	if (n->name_owned)
		kfree((void *)n->name);
	vol_map_free(n->vmap);
	kfree(n);
}

struct node *node_root(void)
{
	if (!tree.root) {
		tree.next_ino = SYNTH_INO_BASE;
		tree.root = node_new(NULL, "", 0, S_IFDIR | 0755, FS_ROOT);
		if (!tree.root)
			panic("fs: no memory for the root directory");
		tree.root->parent = tree.root;
		tree.root->refs = 1; /* never freed */
	}
	return tree.root;
}

/* Forgets the whole tree without freeing it (host tests rebuild often). */
void node_reset(void)
{
	tree.root = NULL;
	tree.buckets = NULL;
	tree.nbuckets = tree.nhashed = 0;
}

static bool hashed(struct node *n)
{
	return n->parent && n != tree.root;
}

/* Renames n in place (it stays in its directory). */
int node_set_name(struct node *n, const char *name, size_t len)
{
	char *copy = kmalloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, name, len);
	copy[len] = 0;
	bool h = hashed(n);
	if (h)
		hash_remove(n);
	if (n->name_owned)
		kfree((void *)n->name);
	n->name = copy;
	n->name_owned = 1;
	if (h)
		hash_insert(n);
	return 0;
}

/* Exchanges the names of two linked nodes (RENAME_EXCHANGE). */
void node_swap_names(struct node *a, struct node *b)
{
	hash_remove(a);
	hash_remove(b);
	const char *name = a->name;
	uint8_t owned = a->name_owned;
	a->name = b->name, a->name_owned = b->name_owned;
	b->name = name, b->name_owned = owned;
	hash_insert(a);
	hash_insert(b);
}

/* Allocates a node named name[0..len) and links it into dir (if any).
 * Returns NULL when out of memory. */
struct node *node_new(struct node *dir, const char *name, size_t len, uint32_t mode, int fs)
{
	struct node *n = kzalloc(sizeof(*n));
	if (!n)
		return NULL;
	if (node_set_name(n, name, len) < 0) {
		kfree(n);
		return NULL;
	}
	n->mode = mode;
	n->fs = (uint8_t)fs;
	n->nlink = S_ISDIR(mode) ? 2 : 1;
	n->ino = tree.next_ino++;
	if (fs_is_writable(fs))
		n->atime = n->mtime = n->ctime = node_now();
	if (dir)
		node_link(dir, n);
	return n;
}

struct node *node_child(struct node *dir, const char *name, size_t len)
{
	if (!tree.nbuckets)
		return NULL;
	uint32_t h = name_hash(dir, name, len);
	for (struct node *c = tree.buckets[h & (tree.nbuckets - 1)]; c; c = c->hnext)
		if (c->hash == h && c->parent == dir && strncmp(c->name, name, len) == 0 &&
		    c->name[len] == 0)
			return c;
	return NULL;
}

/* Appends n (currently unlinked) to dir's children. */
void node_link(struct node *dir, struct node *n)
{
	n->parent = dir;
	n->next = NULL;
	n->prev = dir->last;
	if (dir->last)
		dir->last->next = n;
	else
		dir->first = n;
	dir->last = n;
	dir->nchildren++;
	hash_insert(n);
	if (S_ISDIR(n->mode))
		dir->nlink++;
	if (fs_is_writable(dir->fs))
		dir->mtime = dir->ctime = node_now();
}

/* Removes n from its directory; frees it if nothing holds it. For a
 * directory, the caller has checked that it is empty. */
void node_unlink(struct node *n)
{
	struct node *dir = n->parent;
	if (!dir || n == tree.root)
		return;
	hash_remove(n);
	if (n->prev)
		n->prev->next = n->next;
	else
		dir->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		dir->last = n->prev;
	dir->nchildren--;
	if (S_ISDIR(n->mode))
		dir->nlink--;
	if (fs_is_writable(dir->fs))
		dir->mtime = dir->ctime = node_now();
	n->parent = NULL;
	n->prev = n->next = NULL;
	n->nlink = 0;
	if (n->refs == 0)
		node_free(n);
}

void node_get(struct node *n)
{
	n->refs++;
}

void node_put(struct node *n)
{
	if (n->refs == 0)
		panic("fs: node_put on unreferenced node %s", n->name);
	if (--n->refs == 0 && n->parent == NULL)
		node_free(n);
}

/* Writes the absolute path of n into buf. Returns its length, -ENOENT if n
 * (or an ancestor) was unlinked, or -ERANGE if buf is too small. */
int node_path(struct node *n, char *buf, size_t size)
{
	if (size < 2)
		return -ERANGE;
	size_t pos = size - 1; /* build backwards from the end */
	buf[pos] = 0;
	for (struct node *c = n; c != tree.root; c = c->parent) {
		if (!c->parent)
			return -ENOENT;
		size_t len = strlen(c->name);
		if (pos < len + 1)
			return -ERANGE;
		pos -= len;
		memcpy(buf + pos, c->name, len);
		buf[--pos] = '/';
	}
	if (pos == size - 1)
		buf[--pos] = '/';
	size_t total = size - 1 - pos;
	memmove(buf, buf + pos, total + 1);
	return (int)total;
}
