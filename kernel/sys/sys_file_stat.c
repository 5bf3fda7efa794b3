/*
 * sys_file_stat.c — system calls that inspect files: the stat family
 * (struct stat, 144 bytes; struct statx, 256 bytes), getdents64,
 * readlink(at) and access/faccessat(2).
 *
 * What stat reports: mode, size, ino and nlink from the node (the cpio
 * header for image files); uid/gid 0; times 0 for the image and real
 * times for /tmp; st_dev tells the four file systems apart; devices carry
 * Linux's rdev numbers. statx fills exactly STATX_BASIC_STATS and says so
 * in stx_mask (no birth time, no mount id).
 */
#include "../fs/fs.h"
#include "../include/ktime.h"
#include "missing.h"

#define STAT_BLKSIZE 4096

static uint64_t fs_dev(struct node *n)
{
	/* Anonymous device numbers (major 0) like Linux's tmpfs and proc. */
	return n->fs;
}

static void fill_stat(struct node *n, struct linux_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = fs_dev(n);
	st->st_ino = n->ino;
	st->st_nlink = n->nlink;
	st->st_mode = n->mode;
	if (S_ISCHR(n->mode))
		st->st_rdev = devfs_rdev(n);
	if (S_ISREG(n->mode) || S_ISLNK(n->mode))
		st->st_size = (n->fs == FS_PROC) ? 0 : (int64_t)n->size;
	else if (S_ISDIR(n->mode) && n->fs != FS_PROC)
		st->st_size = STAT_BLKSIZE;
	if (S_ISLNK(n->mode) && n->fs == FS_PROC)
		st->st_size = 64; /* Linux reports 64 for /proc symlinks */
	st->st_blksize = STAT_BLKSIZE;
	if (S_ISREG(n->mode) && n->fs != FS_PROC)
		st->st_blocks = (int64_t)((n->size + STAT_BLKSIZE - 1) / STAT_BLKSIZE) *
				(STAT_BLKSIZE / 512);
	struct timespec_u a = ns_to_timespec(n->atime), m = ns_to_timespec(n->mtime),
			  c = ns_to_timespec(n->ctime);
	st->st_atime_sec = a.sec;
	st->st_atime_nsec = a.nsec;
	st->st_mtime_sec = m.sec;
	st->st_mtime_nsec = m.nsec;
	st->st_ctime_sec = c.sec;
	st->st_ctime_nsec = c.nsec;
}

/* Finds the node for the *at stat-like and attribute calls: path relative
 * to dirfd, or dirfd itself for an empty path with AT_EMPTY_PATH. */
int at_node(long dirfd, long upath, int flags, struct node **out)
{
	char *path = NULL;
	int r;
	if (upath || !(flags & AT_EMPTY_PATH)) {
		if ((r = user_path((const char *)upath, &path)))
			return r;
	}
	if (!path || path[0] == 0) {
		kfree(path);
		if (!(flags & AT_EMPTY_PATH))
			return -ENOENT;
		if (dirfd == AT_FDCWD) {
			*out = namei_cwd();
			return 0;
		}
		struct file *f = fd_get((int)dirfd);
		if (!f)
			return -EBADF;
		*out = f->node;
		return 0;
	}
	struct node *start;
	r = fd_at_start((int)dirfd, path, &start);
	if (r == 0)
		r = namei(start, path, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, out);
	missing_note(path, r);
	kfree(path);
	return r;
}

static long stat_to_user(struct node *n, long ustat)
{
	struct linux_stat st;
	fill_stat(n, &st);
	return copy_to_user((void *)ustat, &st, sizeof(st)) < 0 ? -EFAULT : 0;
}

long sys_newfstatat(long dirfd, long upath, long ustat, long flags, long a4, long a5)
{
	(void)a4, (void)a5;
	if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	struct node *n;
	int r = at_node(dirfd, upath, (int)flags, &n);
	return r ? r : stat_to_user(n, ustat);
}

long sys_stat(long upath, long ustat, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return sys_newfstatat(AT_FDCWD, upath, ustat, 0, 0, 0);
}

long sys_lstat(long upath, long ustat, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return sys_newfstatat(AT_FDCWD, upath, ustat, AT_SYMLINK_NOFOLLOW, 0, 0);
}

long sys_fstat(long fd, long ustat, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	return f ? stat_to_user(f->node, ustat) : -EBADF;
}

static struct statx_timestamp stx_time(uint64_t ns)
{
	struct timespec_u ts = ns_to_timespec(ns);
	struct statx_timestamp t = {ts.sec, (uint32_t)ts.nsec, 0};
	return t;
}

long sys_statx(long dirfd, long upath, long flags, long mask, long ustatx, long a5)
{
	(void)a5;
	if (flags &
	    ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE ||
	    ((uint32_t)mask & STATX__RESERVED))
		return -EINVAL;
	struct node *n;
	int r = at_node(dirfd, upath, (int)flags, &n);
	if (r)
		return r;
	struct linux_stat st;
	struct linux_statx sx;
	fill_stat(n, &st);
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = (uint32_t)st.st_blksize;
	sx.stx_nlink = (uint32_t)st.st_nlink;
	sx.stx_mode = (uint16_t)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (uint64_t)st.st_size;
	sx.stx_blocks = (uint64_t)st.st_blocks;
	sx.stx_atime = stx_time(n->atime);
	sx.stx_mtime = stx_time(n->mtime);
	sx.stx_ctime = stx_time(n->ctime);
	sx.stx_rdev_major = (uint32_t)((st.st_rdev >> 8) & 0xfff);
	sx.stx_rdev_minor = (uint32_t)((st.st_rdev & 0xff) | ((st.st_rdev >> 12) & ~0xffull));
	sx.stx_dev_minor = (uint32_t)st.st_dev;
	return copy_to_user((void *)ustatx, &sx, sizeof(sx)) < 0 ? -EFAULT : 0;
}

static uint8_t dtype(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return DT_DIR;
	case S_IFREG: return DT_REG;
	case S_IFLNK: return DT_LNK;
	case S_IFCHR: return DT_CHR;
	case S_IFIFO: return DT_FIFO;
	}
	return DT_UNKNOWN;
}

/* The directory position is an entry index: 0 ".", 1 "..", 2.. children. */
long sys_getdents64(long fd, long udirp, long count, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f || (f->flags & O_PATH))
		return -EBADF;
	struct node *dir = f->node;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->fs == FS_PROC && dir->gen == PROC_FDDIR)
		procfs_fd_sync();
	size_t cap = (uint32_t)count, pos = 0;
	uint64_t idx = f->off;
	struct node *c = dir->first;
	for (uint64_t i = 2; c && i < idx; i++)
		c = c->next;
	/* Fixed part + NAME_MAX + NUL, rounded up to 8. */
	uint64_t rec[(19 + NAME_MAX + 1 + 7) / 8];
	for (;; idx++) {
		const char *name;
		struct node *n;
		if (idx == 0) {
			name = ".", n = dir;
		} else if (idx == 1) {
			name = "..", n = dir->parent ? dir->parent : dir;
		} else if (c) {
			name = c->name, n = c;
			c = c->next;
		} else {
			break;
		}
		size_t nlen = strlen(name);
		size_t reclen = (19 + nlen + 1 + 7) & ~(size_t)7;
		if (pos + reclen > cap) {
			if (pos == 0)
				return -EINVAL; /* buffer too small for one entry */
			break;
		}
		struct linux_dirent64 *d = (struct linux_dirent64 *)rec;
		memset(rec, 0, reclen);
		d->d_ino = n->ino;
		d->d_off = (int64_t)(idx + 1);
		d->d_reclen = (uint16_t)reclen;
		d->d_type = dtype(n->mode);
		memcpy(d->d_name, name, nlen + 1);
		if (copy_to_user((char *)udirp + pos, rec, reclen) < 0)
			return pos ? (long)pos : -EFAULT;
		pos += reclen;
		f->off = idx + 1;
	}
	return (long)pos;
}

long sys_readlinkat(long dirfd, long upath, long ubuf, long bufsiz, long a4, long a5)
{
	(void)a4, (void)a5;
	if (bufsiz <= 0)
		return -EINVAL;
	char *path = NULL;
	int r = user_path((const char *)upath, &path);
	if (r)
		return r;
	struct node *n = NULL;
	if (path[0] == 0) { /* the O_PATH symlink fd itself, else ENOENT */
		struct file *f = fd_get((int)dirfd);
		r = (f && S_ISLNK(f->node->mode)) ? 0 : -ENOENT;
		if (r == 0)
			n = f->node;
	} else {
		struct node *start;
		r = fd_at_start((int)dirfd, path, &start);
		if (r == 0)
			r = namei(start, path, 0, &n);
	}
	kfree(path);
	if (r)
		return r;
	char *tmp = kmalloc(PATH_MAX);
	if (!tmp)
		return -ENOMEM;
	const char *target;
	size_t len;
	r = namei_readlink(n, &target, &len, tmp, PATH_MAX);
	if (r == 0) {
		len = MIN(len, (size_t)bufsiz);
		r = copy_to_user((void *)ubuf, target, len) < 0 ? -EFAULT : (int)len;
	}
	kfree(tmp);
	return r;
}

long sys_readlink(long upath, long ubuf, long bufsiz, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	return sys_readlinkat(AT_FDCWD, upath, ubuf, bufsiz, 0, 0);
}

/* We run as root: R_OK always holds, X_OK needs an x bit (or a directory),
 * W_OK fails only on read-only file systems. */
long sys_faccessat2(long dirfd, long upath, long mode, long flags, long a4, long a5)
{
	(void)a4, (void)a5;
	if (mode & ~(long)(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(long)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct node *n;
	int r = at_node(dirfd, upath, (int)flags, &n);
	if (r)
		return r;
	if ((mode & W_OK) && n->fs == FS_ROOT)
		return -EROFS;
	if ((mode & W_OK) && n->fs == FS_PROC && !S_ISDIR(n->mode) && n->gen != PROC_FD)
		return -EACCES;
	if ((mode & X_OK) && !S_ISDIR(n->mode) && !(n->mode & 0111))
		return -EACCES;
	return 0;
}

long sys_faccessat(long dirfd, long upath, long mode, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	return sys_faccessat2(dirfd, upath, mode, 0, 0, 0);
}

long sys_access(long upath, long mode, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return sys_faccessat2(AT_FDCWD, upath, mode, 0, 0, 0);
}
