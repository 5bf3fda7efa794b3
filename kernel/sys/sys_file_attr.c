/*
 * sys_file_attr.c — file attributes and hints: chmod family, chown family,
 * utimensat, flock, fadvise64, fallocate, creat.
 *
 * None of these is in the core's first syscall list, but programs call
 * them (shutil.copy, touch, tar, sqlite) and a -ENOSYS there turns into a
 * spurious failure. The process is root (uid/gid 0) and only /tmp (and
 * /dev/shm) can change: attribute changes there are stored, on the image
 * they give -EROFS, on /dev and /proc they are accepted and ignored.
 */
#include "../fs/fs.h"
#include "../include/ktime.h"

#define UTIME_NOW	    ((1l << 30) - 1) /* include/uapi/linux/stat.h */
#define UTIME_OMIT	    ((1l << 30) - 2)
#define FALLOC_FL_KEEP_SIZE 1

static long set_mode(struct node *n, long mode)
{
	if (n->fs == FS_ROOT)
		return -EROFS;
	if (fs_is_writable(n->fs)) {
		n->mode = (n->mode & S_IFMT) | ((uint32_t)mode & 07777);
		n->ctime = node_now();
	}
	return 0;
}

long sys_fchmodat(long dirfd, long upath, long mode, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	struct node *n;
	int r = at_node(dirfd, upath, 0, &n);
	return r ? r : set_mode(n, mode);
}

long sys_chmod(long upath, long mode, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return sys_fchmodat(AT_FDCWD, upath, mode, 0, 0, 0);
}

long sys_fchmod(long fd, long mode, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	return f ? set_mode(f->node, mode) : -EBADF;
}

/* Owners: the process is root, so any chown is allowed; files stay uid
 * and gid 0 (owners are not stored). */
static long set_owner(struct node *n)
{
	return n->fs == FS_ROOT ? -EROFS : 0;
}

long sys_fchownat(long dirfd, long upath, long uid, long gid, long flags, long a5)
{
	(void)uid, (void)gid, (void)a5;
	if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct node *n;
	int r = at_node(dirfd, upath, (int)flags, &n);
	return r ? r : set_owner(n);
}

long sys_chown(long upath, long uid, long gid, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	return sys_fchownat(AT_FDCWD, upath, uid, gid, 0, 0);
}

long sys_lchown(long upath, long uid, long gid, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	return sys_fchownat(AT_FDCWD, upath, uid, gid, AT_SYMLINK_NOFOLLOW, 0);
}

long sys_fchown(long fd, long uid, long gid, long a3, long a4, long a5)
{
	(void)uid, (void)gid, (void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	return f ? set_owner(f->node) : -EBADF;
}

static int ts_to_ns(const struct timespec_u *t, uint64_t now, uint64_t *out, bool *omit)
{
	*omit = false;
	if (t->nsec == UTIME_OMIT) {
		*omit = true;
		return 0;
	}
	if (t->nsec == UTIME_NOW) {
		*out = now;
		return 0;
	}
	return (int)timespec_to_ns(*t, out);
}

/* utimensat(dirfd, path, times[2], flags); a NULL path means dirfd itself
 * (futimens), NULL times means "now" for both. */
long sys_utimensat(long dirfd, long upath, long utimes, long flags, long a4, long a5)
{
	(void)a4, (void)a5;
	if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct timespec_u ts[2];
	uint64_t now = node_now(), at = now, mt = now;
	bool omit_a = false, omit_m = false;
	if (utimes) {
		if (copy_from_user(ts, (const void *)utimes, sizeof(ts)) < 0)
			return -EFAULT;
		if (ts_to_ns(&ts[0], now, &at, &omit_a) || ts_to_ns(&ts[1], now, &mt, &omit_m))
			return -EINVAL;
	}
	struct node *n;
	int r = at_node(dirfd, upath, upath ? (int)flags : AT_EMPTY_PATH, &n);
	if (r)
		return r;
	if (n->fs == FS_ROOT)
		return -EROFS;
	if (fs_is_writable(n->fs)) {
		if (!omit_a)
			n->atime = at;
		if (!omit_m)
			n->mtime = mt;
		n->ctime = now;
	}
	return 0;
}

long sys_flock(long fd, long op, long a2, long a3, long a4, long a5)
{
	(void)op, (void)a2, (void)a3, (void)a4, (void)a5;
	return fd_get((int)fd) ? 0 : -EBADF; /* one process: never contended */
}

long sys_fadvise64(long fd, long off, long len, long advice, long a4, long a5)
{
	(void)off, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f)
		return -EBADF;
	if (S_ISFIFO(f->node->mode))
		return -ESPIPE;
	if (len < 0 || advice < 0 || advice > 5) /* POSIX_FADV_NORMAL..NOREUSE */
		return -EINVAL;
	return 0;
}

long sys_fallocate(long fd, long mode, long off, long len, long a4, long a5)
{
	(void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f || !file_can_write(f))
		return -EBADF;
	if (off < 0 || len <= 0 || off > INT64_MAX - len)
		return -EINVAL;
	struct node *n = f->node;
	if (S_ISFIFO(n->mode))
		return -ESPIPE;
	if (S_ISDIR(n->mode))
		return -EISDIR;
	if (!S_ISREG(n->mode))
		return -ENODEV;
	if (mode & ~(long)FALLOC_FL_KEEP_SIZE)
		return -EOPNOTSUPP;
	uint64_t end = (uint64_t)(off + len);
	if ((mode & FALLOC_FL_KEEP_SIZE) || end <= n->size)
		return 0;
	return ramfs_truncate(n, end);
}

long sys_creat(long upath, long mode, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return sys_openat(AT_FDCWD, upath, O_CREAT | O_WRONLY | O_TRUNC, mode, 0, 0);
}
