/*
 * unix_name.c — AF_UNIX names: struct sockaddr_un in and out, finding a
 * bound socket, bind and autobind (unix.h).
 *
 * A path name is a S_IFSOCK node created in its directory by bind (only
 * writable places, /tmp, allow it: EROFS elsewhere) and found again by
 * connect/sendto through the node; it stays after close until unlinked,
 * and then connecting to it is ECONNREFUSED, as on Linux. An abstract
 * name (sun_path[0] == 0) lives only while its socket does.
 */
#include "unix.h"
#include "socket.h"
#include "../fs/fs.h"

static uint32_t autobind_next = 1;

/* struct sockaddr_un: family (2 bytes), sun_path[108]. */
int unix_addr_from_user(long uaddr, long len, struct unix_addr *a)
{
	uint8_t buf[2 + UNIX_PATH_MAX];
	if (len < 2 || (size_t)len > sizeof buf)
		return -EINVAL;
	if (copy_from_user(buf, (const void *)uaddr, (size_t)len) < 0)
		return -EFAULT;
	if ((buf[0] | buf[1] << 8) != AF_UNIX)
		return -EINVAL;
	size_t n = (size_t)len - 2;
	if (n && buf[2] != 0) { /* a path: up to its NUL */
		size_t k = 0;
		while (k < n && buf[2 + k])
			k++;
		n = k;
	}
	a->len = (uint8_t)n;
	memcpy(a->path, buf + 2, n);
	return 0;
}

int unix_addr_to_user(const struct unix_addr *a, long uaddr, long ulen)
{
	if (!uaddr)
		return 0;
	int32_t len;
	if (copy_from_user(&len, (const void *)ulen, sizeof len) < 0)
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	uint8_t buf[2 + UNIX_PATH_MAX + 1] = {AF_UNIX, 0};
	memcpy(buf + 2, a->path, a->len);
	int32_t full = 2 + a->len + (a->len && a->path[0] ? 1 : 0); /* a path has its NUL */
	if (copy_to_user((void *)uaddr, buf, (size_t)MIN(len, full)) < 0)
		return -EFAULT;
	return copy_to_user((void *)ulen, &full, sizeof full);
}

/* The path's node: a socket node, or -ENOENT/-ECONNREFUSED/... */
static int path_node(const struct unix_addr *a, struct node **out)
{
	char path[UNIX_PATH_MAX + 1];
	memcpy(path, a->path, a->len);
	path[a->len] = 0;
	int r = namei(NULL, path, LOOKUP_FOLLOW, out);
	if (r)
		return r;
	return S_ISSOCK((*out)->mode) ? 0 : -ECONNREFUSED;
}

static bool abstract_eq(const struct unix_addr *a, const struct unix_addr *b)
{
	return a->len == b->len && memcmp(a->path, b->path, a->len) == 0;
}

struct usock *unix_lookup(const struct unix_addr *a, int type, int *err)
{
	struct node *n = NULL;
	if (a->len == 0) {
		*err = -EINVAL;
		return NULL;
	}
	if (a->path[0] && (*err = path_node(a, &n)))
		return NULL;
	for (struct usock *x = unix_first(); x; x = x->all_next) {
		if (!x->bound || x->closed)
			continue;
		if (n ? x->node == n : (!x->node && abstract_eq(&x->addr, a))) {
			if (x->type != type) {
				*err = -EPROTOTYPE;
				return NULL;
			}
			return x;
		}
	}
	*err = -ECONNREFUSED;
	return NULL;
}

static int autobind(struct usock *s)
{
	for (int tries = 0; tries < 0x100000; tries++) {
		struct unix_addr a = {6, {0}};
		uint32_t v = autobind_next++ & 0xfffff;
		for (int i = 0; i < 5; i++)
			a.path[5 - i] = "0123456789abcdef"[(v >> (4 * i)) & 15];
		int err;
		if (!unix_lookup(&a, s->type, &err) && err == -ECONNREFUSED) {
			s->addr = a;
			s->bound = true;
			return 0;
		}
	}
	return -EADDRINUSE;
}

int unix_bind(struct usock *s, const struct unix_addr *a)
{
	if (s->bound || s->addr.len)
		return -EINVAL;
	if (a->len == 0)
		return autobind(s);
	if (!a->path[0]) {
		int err;
		if (unix_lookup(a, s->type, &err) || err == -EPROTOTYPE)
			return -EADDRINUSE;
		s->addr = *a;
		s->bound = true;
		return 0;
	}
	char path[UNIX_PATH_MAX + 1];
	memcpy(path, a->path, a->len);
	path[a->len] = 0;
	struct node *dir, *n;
	const char *last;
	size_t lastlen;
	int r = namei_parent(NULL, path, &dir, &last, &lastlen);
	if (r)
		return r;
	if (lastlen == 0 || (lastlen == 1 && last[0] == '.'))
		return -EADDRINUSE;
	r = ramfs_create(dir, last, lastlen, 0777 & ~namei_umask(), &n);
	if (r)
		return r == -EEXIST ? -EADDRINUSE : r;
	n->mode = S_IFSOCK | (n->mode & 07777);
	node_get(n);
	s->node = n;
	s->addr = *a;
	s->bound = true;
	return 0;
}
