/*
 * namei.c — path name lookup, and the current working directory.
 *
 * Lookup walks the tree one component at a time from "/" (absolute path)
 * or a starting directory (cwd or an *at dirfd): "." stays, ".." goes to
 * the parent ("/.." is "/"), repeated slashes are one, a trailing slash
 * requires a directory. A symlink met in the middle of a path, or at the
 * end with LOOKUP_FOLLOW, is resolved by a recursive walk of its target
 * from the directory holding it; more than SYMLOOP_MAX (40) links in one
 * lookup gives -ELOOP as on Linux. Recursion depth is bounded by that
 * count and each frame is small (no path buffers on the kernel stack).
 *
 * Errors as Linux: -ENOENT (missing or empty path), -ENOTDIR (a non-final
 * component is not a directory), -ENAMETOOLONG (component > 255 bytes;
 * whole paths >= PATH_MAX are refused when copied from the user).
 * The caller owns nothing returned: nodes are not reference counted here.
 */
#include "fs.h"

static struct {
	struct node *cwd; /* holds a reference */
	uint32_t umask;	  /* applied to the mode of every create */
	bool umask_set;
} ns;

#define DEFAULT_UMASK 022 /* what a Linux init hands its children */

uint32_t namei_umask(void)
{
	return ns.umask_set ? ns.umask : DEFAULT_UMASK;
}

uint32_t namei_set_umask(uint32_t mask)
{
	uint32_t old = namei_umask();
	ns.umask = mask & 0777;
	ns.umask_set = true;
	return old;
}

void namei_reset(void)
{
	ns.cwd = NULL;
	ns.umask_set = false;
}

struct node *namei_cwd(void)
{
	if (!ns.cwd) {
		ns.cwd = node_root();
		node_get(ns.cwd);
	}
	return ns.cwd;
}

void namei_set_cwd(struct node *n)
{
	struct node *old = ns.cwd;
	node_get(n);
	ns.cwd = n;
	if (old)
		node_put(old);
}

/* Gives the target of symlink n. For the image and /tmp it points at the
 * node's data; for /proc it is generated into tmp. */
int namei_readlink(struct node *n, const char **target, size_t *len, char *tmp, size_t tmpsize)
{
	if (!S_ISLNK(n->mode))
		return -EINVAL;
	if (n->fs == FS_PROC) {
		int r = procfs_readlink(n, tmp, tmpsize);
		if (r < 0)
			return r;
		*target = tmp;
		*len = (size_t)r;
		return 0;
	}
	*target = n->data;
	*len = n->size;
	return 0;
}

static struct node *lookup_child(struct node *dir, const char *name, size_t len)
{
	if (dir->fs == FS_PROC && dir->gen == PROC_FDDIR)
		return procfs_fd_lookup(dir, name, len);
	return node_child(dir, name, len);
}

static int walk(struct node *start, const char *path, size_t len, int flags, int *links,
		struct node **out);

static int follow(struct node *dir, struct node *link, int *links, struct node **out)
{
	if (++*links > SYMLOOP_MAX)
		return -ELOOP;
	int magic = procfs_follow(link, out); /* /proc/self/fd/N, cwd, root */
	if (magic <= 0)
		return magic;
	const char *target;
	size_t tlen;
	char *tmp = NULL;
	if (link->fs == FS_PROC && !(tmp = kmalloc(PATH_MAX)))
		return -ENOMEM;
	int r = namei_readlink(link, &target, &tlen, tmp, PATH_MAX);
	if (r == 0)
		r = walk(dir, target, tlen, LOOKUP_FOLLOW, links, out);
	kfree(tmp);
	return r;
}

static int walk(struct node *start, const char *path, size_t len, int flags, int *links,
		struct node **out)
{
	if (len == 0)
		return -ENOENT;
	struct node *cur = path[0] == '/' ? node_root() : start;
	size_t i = 0;
	for (;;) {
		while (i < len && path[i] == '/')
			i++;
		if (i == len) { /* "/" or a path ending in slashes after a dir */
			*out = cur;
			return 0;
		}
		size_t s = i;
		while (i < len && path[i] != '/')
			i++;
		const char *comp = path + s;
		size_t clen = i - s;
		bool slash = i < len;
		while (i < len && path[i] == '/')
			i++;
		bool last = (i == len);
		if (clen > NAME_MAX)
			return -ENAMETOOLONG;
		if (!S_ISDIR(cur->mode))
			return -ENOTDIR;
		struct node *next;
		if (clen == 1 && comp[0] == '.')
			next = cur;
		else if (clen == 2 && comp[0] == '.' && comp[1] == '.')
			next = cur->parent;
		else
			next = lookup_child(cur, comp, clen);
		if (!next)
			return -ENOENT;
		if (S_ISLNK(next->mode) && (!last || slash || (flags & LOOKUP_FOLLOW))) {
			int r = follow(cur, next, links, &next);
			if (r)
				return r;
		}
		if (last) {
			if ((slash || (flags & LOOKUP_DIR)) && !S_ISDIR(next->mode))
				return -ENOTDIR;
			*out = next;
			return 0;
		}
		cur = next;
	}
}

int namei(struct node *start, const char *path, int flags, struct node **out)
{
	int links = 0;
	return walk(start ? start : namei_cwd(), path, strlen(path), flags, &links, out);
}

/* Resolves the directory part of path; see fs.h. */
int namei_parent(struct node *start, const char *path, struct node **dir, const char **last,
		 size_t *lastlen)
{
	size_t len = strlen(path);
	if (len == 0)
		return -ENOENT;
	if (!start)
		start = namei_cwd();
	size_t end = len;
	while (end > 0 && path[end - 1] == '/')
		end--;
	if (end == 0) { /* "/", "//" */
		*dir = node_root();
		*last = path + len;
		*lastlen = 0;
		return 0;
	}
	size_t s = end;
	while (s > 0 && path[s - 1] != '/')
		s--;
	if (end - s > NAME_MAX)
		return -ENAMETOOLONG;
	*last = path + s;
	*lastlen = end - s;
	struct node *d = start;
	if (s > 0) {
		int links = 0;
		int r = walk(start, path, s, LOOKUP_FOLLOW | LOOKUP_DIR, &links, &d);
		if (r)
			return r;
	}
	if (!S_ISDIR(d->mode))
		return -ENOTDIR;
	*dir = d;
	return 0;
}
