/*
 * cpio.c — reads the rootfs, a cpio "newc" archive, into the node tree.
 *
 * Format (see docs/boot-protocol.md): each entry is a 110-byte ASCII header
 * "070701" followed by 13 fields of 8 hex digits (ino, mode, uid, gid,
 * nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor,
 * namesize, check), then the NUL-terminated name padded so header+name is
 * a multiple of 4, then filesize bytes of data padded to 4. The entry named
 * "TRAILER!!!" ends the archive. Archives may follow one another (an
 * image's package part, then its own files), as Linux's initramfs allows:
 * after a trailer, zero padding is skipped and another archive may start;
 * a later entry replaces an earlier one of the same path.
 *
 * The archive is input: every field is checked against the bytes that are
 * really there before it is used, and anything inconsistent gives -EINVAL.
 * Regular file data and symlink targets are not copied: nodes point into
 * the archive, which the caller keeps mapped. Hard links (GNU cpio writes
 * the data only with the last entry of a group sharing c_ino, the others
 * with size 0) become separate nodes sharing the same bytes and ino. Parent directories missing
 * from the archive are created (mode 0755). Device, fifo and socket entries
 * are skipped: /dev is synthesised.
 */
#include "fs.h"

#define CPIO_HDR_LEN 110
#define CPIO_MAGIC   "070701"
#define CPIO_TRAILER "TRAILER!!!"

/* Header field indexes, in archive order, after the 6-byte magic. */
enum {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJ,
	F_DEVMIN,
	F_RDEVMAJ,
	F_RDEVMIN,
	F_NAMESIZE,
	F_CHECK,
	F_COUNT
};

static struct {
	const char *base; /* the archive being loaded */
	size_t len;
	struct node **waiting; /* hard links whose data comes later */
	size_t nwaiting, capwaiting;
} cpio;

static void waiting_drop(struct node *n)
{
	for (size_t i = 0; i < cpio.nwaiting; i++)
		if (cpio.waiting[i] == n)
			cpio.waiting[i--] = cpio.waiting[--cpio.nwaiting];
}

static int waiting_add(struct node *n)
{
	if (cpio.nwaiting == cpio.capwaiting) {
		size_t cap = cpio.capwaiting ? cpio.capwaiting * 2 : 16;
		struct node **w = krealloc(cpio.waiting, cap * sizeof(*w));
		if (!w)
			return -ENOMEM;
		cpio.waiting = w;
		cpio.capwaiting = cap;
	}
	cpio.waiting[cpio.nwaiting++] = n;
	return 0;
}

/* The entry with the data of hard link group ino arrived: share it. */
static void waiting_fill(uint64_t ino, char *data, size_t size)
{
	for (size_t i = 0; i < cpio.nwaiting; i++) {
		struct node *w = cpio.waiting[i];
		if (w->ino == ino) {
			w->data = data;
			w->size = size;
			cpio.waiting[i--] = cpio.waiting[--cpio.nwaiting];
		}
	}
}

static int parse_hex8(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 8; i++) {
		char c = p[i];
		uint32_t d;
		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return -EINVAL;
		v = (v << 4) | d;
	}
	*out = v;
	return 0;
}

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

/* Walks/creates the directories of path[0..len) below root and returns the
 * parent of the last component in *dir, the last component in *name. */
static int make_parents(struct node *root, const char *path, size_t len, struct node **dir,
			const char **name, size_t *namelen)
{
	struct node *cur = root;
	size_t i = 0;
	for (;;) {
		while (i < len && path[i] == '/')
			i++;
		size_t start = i;
		while (i < len && path[i] != '/')
			i++;
		size_t clen = i - start;
		while (i < len && path[i] == '/')
			i++;
		bool last = (i >= len);
		const char *comp = path + start;
		if (clen > NAME_MAX)
			return -EINVAL;
		if (clen == 2 && comp[0] == '.' && comp[1] == '.')
			return -EINVAL; /* an archive must not climb out of / */
		if (last) {
			*dir = cur;
			*name = comp;
			*namelen = clen;
			return 0;
		}
		if (clen == 0 || (clen == 1 && comp[0] == '.'))
			continue;
		struct node *next = node_child(cur, comp, clen);
		if (!next) {
			next = node_new(cur, comp, clen, S_IFDIR | 0755, FS_ROOT);
			if (!next)
				return -ENOMEM;
		} else if (!S_ISDIR(next->mode)) {
			return -EINVAL;
		}
		cur = next;
	}
}

static int add_entry(struct node *root, const char *path, size_t pathlen, const uint32_t *f,
		     const char *data)
{
	uint32_t mode = f[F_MODE];
	uint32_t type = mode & S_IFMT;
	if (type != S_IFDIR && type != S_IFREG && type != S_IFLNK)
		return 0; /* devices etc.: /dev is synthesised */
	if (type == S_IFDIR && f[F_FILESIZE] != 0)
		return -EINVAL;
	if (type == S_IFLNK) {
		if (f[F_FILESIZE] == 0 || f[F_FILESIZE] >= PATH_MAX ||
		    strnlen(data, f[F_FILESIZE]) != f[F_FILESIZE])
			return -EINVAL;
	}
	struct node *dir, *n;
	const char *name;
	size_t namelen;
	int err = make_parents(root, path, pathlen, &dir, &name, &namelen);
	if (err)
		return err;
	if (namelen == 0 || (namelen == 1 && name[0] == '.')) {
		n = dir; /* the entry for the directory itself, e.g. "." */
		if (type != S_IFDIR)
			return -EINVAL;
	} else {
		n = node_child(dir, name, namelen);
		if (n && S_ISDIR(n->mode) && n->first && type != S_IFDIR)
			return -EINVAL;
		if (n)
			waiting_drop(n);
		if (n && S_ISDIR(n->mode) != (type == S_IFDIR)) {
			node_unlink(n); /* a later entry replaces an earlier one */
			n = NULL;
		}
		if (!n && !(n = node_new(dir, name, namelen, type, FS_ROOT)))
			return -ENOMEM;
	}
	n->mode = mode & (S_IFMT | 07777);
	if (f[F_INO])
		n->ino = f[F_INO];
	if (type != S_IFDIR) {
		n->nlink = f[F_NLINK] ? f[F_NLINK] : 1;
		n->data = (char *)data;
		n->size = f[F_FILESIZE];
	}
	if (type == S_IFREG && f[F_NLINK] > 1 && f[F_INO]) {
		if (f[F_FILESIZE] == 0)
			return waiting_add(n);
		waiting_fill(f[F_INO], (char *)data, f[F_FILESIZE]);
	}
	return 0;
}

static int parse(struct node *root, size_t len)
{
	size_t off = 0;
	for (;;) {
		if (off > len || len - off < CPIO_HDR_LEN)
			return -EINVAL; /* ran out before TRAILER!!! */
		const char *h = cpio.base + off;
		if (memcmp(h, CPIO_MAGIC, 6) != 0)
			return -EINVAL;
		uint32_t f[F_COUNT];
		for (int i = 0; i < F_COUNT; i++)
			if (parse_hex8(h + 6 + 8 * i, &f[i]) < 0)
				return -EINVAL;
		size_t namesize = f[F_NAMESIZE];
		size_t name_off = off + CPIO_HDR_LEN;
		if (namesize == 0 || namesize > PATH_MAX || namesize > len - name_off)
			return -EINVAL;
		const char *name = cpio.base + name_off;
		if (name[namesize - 1] != 0 || strnlen(name, namesize) != namesize - 1)
			return -EINVAL;
		size_t data_off = align4(name_off + namesize);
		size_t filesize = f[F_FILESIZE];
		if (strcmp(name, CPIO_TRAILER) == 0) {
			/* The end, or zero padding and the next archive. */
			off = align4(data_off + filesize);
			while (off < len && cpio.base[off] == 0)
				off++;
			if (off >= len)
				return 0;
			continue;
		}
		if (data_off > len || filesize > len - data_off)
			return -EINVAL;
		/* Strip the leading "/" or "./" builders put in front of paths. */
		size_t pathlen = namesize - 1;
		while (pathlen &&
		       (name[0] == '/' || (name[0] == '.' && pathlen > 1 && name[1] == '/'))) {
			name++;
			pathlen--;
		}
		int err = add_entry(root, name, pathlen, f, cpio.base + data_off);
		if (err)
			return err;
		off = align4(data_off + filesize);
	}
}

/* Loads the archive [base, base+len) under root. Returns 0, -EINVAL for a
 * malformed archive, or -ENOMEM. */
int cpio_load(struct node *root, const void *base, size_t len)
{
	cpio.base = base;
	cpio.len = len;
	int r = parse(root, len);
	kfree(cpio.waiting);
	cpio.waiting = NULL;
	cpio.nwaiting = cpio.capwaiting = 0;
	return r;
}
