/*
 * sys_file_copy.c — in-kernel copies: sendfile and copy_file_range, plus
 * statfs/fstatfs (what df and disk-usage checks ask).
 *
 * The source of a copy is a regular file (image, /tmp or a /proc snapshot),
 * whose bytes are already in kernel memory, so the copy is one kernel
 * write into the destination (console, pipe, socket, /tmp file). The
 * source bytes go through a temporary buffer first when the destination
 * is the same /tmp file (growing it may move them) or may block (a pipe or
 * socket: while the call sleeps another thread may write or truncate the
 * source and free its buffer); a copy that may block moves at most
 * COPY_CHUNK bytes per call, as a partial write.
 */
#include "../fs/fs.h"

#define MAX_RW_COUNT 0x7ffff000ul /* as in file.c: Linux's per-call limit */
#define COPY_CHUNK   65536ul	  /* a pipe's capacity */

/* Copies up to len bytes of in (at *pos) to out; advances *pos. */
static long copy_range(struct file *in, uint64_t *pos, struct file *out, uint64_t out_off,
		       bool use_out_off, size_t len)
{
	const char *data;
	size_t size;
	file_sync_mapped(in, *pos, len);
	file_bytes(in, &data, &size);
	if (*pos >= size || len == 0)
		return 0;
	size_t k = MIN(MIN(len, size - *pos), MAX_RW_COUNT);
	const char *src = data + *pos;
	char *tmp = NULL;
	bool may_block = !S_ISREG(out->node->mode) || out->ops;
	if (may_block)
		k = MIN(k, COPY_CHUNK);
	if (in->node == out->node || may_block) {
		if (!(tmp = kmalloc(k)))
			return -ENOMEM;
		memcpy(tmp, src, k);
		src = tmp;
	}
	ssize_t r = file_write_kernel(out, src, k, out_off, use_out_off);
	kfree(tmp);
	if (r > 0)
		*pos += (uint64_t)r;
	return r;
}

static int readable_file(struct file *f)
{
	if (!f || !file_can_read(f))
		return -EBADF;
	if (S_ISDIR(f->node->mode))
		return -EISDIR;
	return S_ISREG(f->node->mode) ? 0 : -EINVAL;
}

long sys_sendfile(long out_fd, long in_fd, long uoff, long count, long a4, long a5)
{
	(void)a4, (void)a5;
	struct file *in = fd_get((int)in_fd), *out = fd_get((int)out_fd);
	int r = readable_file(in);
	if (r)
		return r;
	if (!out || !file_can_write(out))
		return -EBADF;
	if (out->flags & O_APPEND)
		return -EINVAL;
	if (count < 0)
		return -EINVAL;
	int64_t off;
	uint64_t pos = in->off;
	if (uoff) {
		if (copy_from_user(&off, (const void *)uoff, sizeof(off)) < 0)
			return -EFAULT;
		if (off < 0)
			return -EINVAL;
		pos = (uint64_t)off;
	}
	long n = copy_range(in, &pos, out, 0, false, (size_t)count);
	if (n < 0)
		return n;
	if (uoff) {
		off = (int64_t)pos;
		if (copy_to_user((void *)uoff, &off, sizeof(off)) < 0)
			return -EFAULT;
	} else {
		in->off = pos;
	}
	return n;
}

long sys_copy_file_range(long fd_in, long uoff_in, long fd_out, long uoff_out, long len, long flags)
{
	struct file *in = fd_get((int)fd_in), *out = fd_get((int)fd_out);
	if (flags)
		return -EINVAL;
	int r = readable_file(in);
	if (r)
		return r;
	if (!out || !file_can_write(out) || (out->flags & O_APPEND))
		return -EBADF;
	if (S_ISDIR(out->node->mode))
		return -EISDIR;
	if (!S_ISREG(out->node->mode))
		return -EINVAL;
	if (len < 0)
		return -EINVAL;
	int64_t oin = (int64_t)in->off, oout = (int64_t)out->off;
	if ((uoff_in && copy_from_user(&oin, (const void *)uoff_in, sizeof(oin)) < 0) ||
	    (uoff_out && copy_from_user(&oout, (const void *)uoff_out, sizeof(oout)) < 0))
		return -EFAULT;
	if (oin < 0 || oout < 0)
		return -EINVAL;
	if (oin > INT64_MAX - len || oout > INT64_MAX - len)
		return -EOVERFLOW; /* as Linux: the ranges must not wrap */
	if (in->node == out->node && oin < oout + len && oout < oin + len)
		return -EINVAL; /* overlapping ranges of one file */
	uint64_t pos = (uint64_t)oin;
	long n = copy_range(in, &pos, out, (uint64_t)oout, true, (size_t)len);
	if (n < 0)
		return n;
	oin = (int64_t)pos;
	oout += n;
	if (!uoff_in)
		in->off = pos;
	else if (copy_to_user((void *)uoff_in, &oin, sizeof(oin)) < 0)
		return -EFAULT;
	if (!uoff_out)
		out->off = (uint64_t)oout;
	else if (copy_to_user((void *)uoff_out, &oout, sizeof(oout)) < 0)
		return -EFAULT;
	return n;
}

/* struct statfs of x86-64 (asm-generic/statfs.h, 64-bit longs). */
struct linux_statfs {
	int64_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct linux_statfs) == 120, "struct statfs is 120 bytes");

/* Magic numbers from include/uapi/linux/magic.h. */
#define RAMFS_MAGIC	 0x858458f6
#define TMPFS_MAGIC	 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define PIPEFS_MAGIC	 0x50495045
#define EXT2_SUPER_MAGIC 0xEF53
#define ST_RDONLY	 1

/* Reads "Name: N kB" from the meminfo text; returns bytes or 0. */
static uint64_t meminfo_field(const char *text, size_t len, const char *name)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i + nl < len; i++) {
		if ((i == 0 || text[i - 1] == '\n') && strncmp(text + i, name, nl) == 0) {
			uint64_t v = 0;
			for (i += nl; i < len && (text[i] == ' ' || text[i] == ':'); i++)
				;
			for (; i < len && text[i] >= '0' && text[i] <= '9'; i++)
				v = v * 10 + (uint64_t)(text[i] - '0');
			return v * 1024;
		}
	}
	return 0;
}

static long statfs_to_user(struct node *n, long ubuf)
{
	struct linux_statfs s;
	memset(&s, 0, sizeof(s));
	s.f_bsize = s.f_frsize = PAGE_SIZE;
	s.f_namelen = NAME_MAX;
	s.f_fsid[0] = n->fs;
	switch (n->fs) {
	case FS_ROOT:
		s.f_type = RAMFS_MAGIC;
		s.f_flags = ST_RDONLY;
		break;
	case FS_PROC: s.f_type = PROC_SUPER_MAGIC; break;
	case FS_PIPE: s.f_type = PIPEFS_MAGIC; break;
	case FS_VOL: {
		/* ext2's numbers as of the last write-back (fs/volume.c) */
		uint64_t bs, blocks, bfree, files, ffree;
		s.f_type = EXT2_SUPER_MAGIC;
		if (volume_statfs(n, &bs, &blocks, &bfree, &files, &ffree)) {
			s.f_bsize = s.f_frsize = (int64_t)bs;
			s.f_blocks = (int64_t)blocks, s.f_bfree = s.f_bavail = (int64_t)bfree;
			s.f_files = (int64_t)files, s.f_ffree = (int64_t)ffree;
		}
		break;
	}
	default: {
		/* tmpfs: sized like Linux's default, half of RAM (the cap ramfs
         * enforces); free is what the cap and RAM both have left. */
		s.f_type = TMPFS_MAGIC;
		char *buf = kmalloc(PAGE_SIZE);
		if (buf) {
			size_t len = proc_meminfo(buf, PAGE_SIZE), used, limit;
			ramfs_usage(&used, &limit);
			uint64_t total = meminfo_field(buf, len, "MemTotal") / 2;
			uint64_t avail = MIN(total, meminfo_field(buf, len, "MemFree"));
			if (limit)
				avail = MIN(avail, limit - MIN(used, limit));
			kfree(buf);
			s.f_blocks = s.f_files = (int64_t)(total / PAGE_SIZE);
			s.f_bfree = s.f_bavail = s.f_ffree = (int64_t)(avail / PAGE_SIZE);
		}
	}
	}
	return copy_to_user((void *)ubuf, &s, sizeof(s)) < 0 ? -EFAULT : 0;
}

long sys_statfs(long upath, long ubuf, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	char *path = NULL;
	int r = user_path((const char *)upath, &path);
	if (r)
		return r;
	struct node *n;
	r = namei(NULL, path, LOOKUP_FOLLOW, &n);
	kfree(path);
	return r ? r : statfs_to_user(n, ubuf);
}

long sys_fstatfs(long fd, long ubuf, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	return f ? statfs_to_user(f->node, ubuf) : -EBADF;
}
