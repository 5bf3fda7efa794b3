/*
 * sys_file_dir.c — system calls that change or walk the name space:
 * getcwd, chdir/fchdir, mkdir(at), unlink(at), rmdir, rename(at/at2),
 * symlink(at), truncate/ftruncate, umask, fsync/fdatasync.
 *
 * Paths are copied in with user_path, split into "directory + last
 * component" by namei_parent, and the change itself is ramfs's: only /tmp
 * (and /dev/shm) can change, everything else answers -EROFS. The special
 * last components "." and ".." and "/" get the errors Linux gives them.
 */
#include "../fs/fs.h"

long sys_getcwd(long ubuf, long size, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	long r = node_path(namei_cwd(), buf, PATH_MAX);
	if (r == -ERANGE)
		r = -ENAMETOOLONG; /* deeper than PATH_MAX, as Linux reports */
	if (r >= 0) {
		if ((unsigned long)r + 1 > (unsigned long)size)
			r = -ERANGE;
		else if (copy_to_user((void *)ubuf, buf, (size_t)r + 1) < 0)
			r = -EFAULT;
		else
			r = r + 1; /* the syscall returns the length with the NUL */
	}
	kfree(buf);
	return r;
}

long sys_chdir(long upath, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	char *path = NULL;
	int r = user_path((const char *)upath, &path);
	if (r)
		return r;
	struct node *n;
	r = namei(NULL, path, LOOKUP_FOLLOW | LOOKUP_DIR, &n);
	kfree(path);
	if (r == 0)
		namei_set_cwd(n);
	return r;
}

long sys_fchdir(long fd, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->node->mode))
		return -ENOTDIR;
	namei_set_cwd(f->node);
	return 0;
}

/* Copies upath and resolves its parent directory relative to dirfd.
 * On success *path must be kfree'd by the caller. */
static int parent_of(long dirfd, long upath, char **path, struct node **dir, const char **last,
		     size_t *lastlen)
{
	int r = user_path((const char *)upath, path);
	if (r)
		return r;
	struct node *start;
	r = fd_at_start((int)dirfd, *path, &start);
	if (r == 0)
		r = namei_parent(start, *path, dir, last, lastlen);
	if (r)
		kfree(*path);
	return r;
}

/* 0 for a normal name, 1 for ".", 2 for "..", 3 for "" (the path "/"). */
static int special(const char *last, size_t len)
{
	if (len == 0)
		return 3;
	if (last[0] == '.' && len == 1)
		return 1;
	if (last[0] == '.' && last[1] == '.' && len == 2)
		return 2;
	return 0;
}

long sys_mkdirat(long dirfd, long upath, long mode, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	char *path = NULL;
	struct node *dir;
	const char *last;
	size_t len;
	int r = parent_of(dirfd, upath, &path, &dir, &last, &len);
	if (r)
		return r;
	if (special(last, len))
		r = -EEXIST;
	else
		r = ramfs_mkdir(dir, last, len, (uint32_t)mode & 07777 & ~namei_umask());
	kfree(path);
	return r;
}

long sys_mkdir(long upath, long mode, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return sys_mkdirat(AT_FDCWD, upath, mode, 0, 0, 0);
}

long sys_unlinkat(long dirfd, long upath, long flags, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	if (flags & ~(long)AT_REMOVEDIR)
		return -EINVAL;
	bool rmdir = flags & AT_REMOVEDIR;
	char *path = NULL;
	struct node *dir;
	const char *last;
	size_t len;
	int r = parent_of(dirfd, upath, &path, &dir, &last, &len);
	if (r)
		return r;
	int sp = special(last, len);
	if (rmdir && sp)
		r = sp == 1 ? -EINVAL : sp == 2 ? -ENOTEMPTY : -EBUSY;
	else if (sp)
		r = -EISDIR;
	else if (!rmdir && last[len] == '/') {
		/* "file/": Linux says ENOTDIR for a file, EISDIR for a directory */
		struct node *n = node_child(dir, last, len);
		r = !n ? -ENOENT : S_ISDIR(n->mode) ? -EISDIR : -ENOTDIR;
	} else {
		r = ramfs_unlink(dir, last, len, rmdir);
	}
	kfree(path);
	return r;
}

long sys_unlink(long upath, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return sys_unlinkat(AT_FDCWD, upath, 0, 0, 0, 0);
}

long sys_rmdir(long upath, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return sys_unlinkat(AT_FDCWD, upath, AT_REMOVEDIR, 0, 0, 0);
}

long sys_renameat2(long odirfd, long uold, long ndirfd, long unew, long flags, long a5)
{
	(void)a5;
	char *opath = NULL, *npath = NULL;
	struct node *odir, *ndir;
	const char *olast, *nlast;
	size_t olen, nlen;
	int r = parent_of(odirfd, uold, &opath, &odir, &olast, &olen);
	if (r)
		return r;
	r = parent_of(ndirfd, unew, &npath, &ndir, &nlast, &nlen);
	if (r) {
		kfree(opath);
		return r;
	}
	struct node *src = node_child(odir, olast, olen);
	if (special(olast, olen) || special(nlast, nlen))
		r = -EBUSY;
	else if (src && !S_ISDIR(src->mode) && (olast[olen] == '/' || nlast[nlen] == '/'))
		r = -ENOTDIR; /* a trailing slash names a directory */
	else
		r = ramfs_rename(odir, olast, olen, ndir, nlast, nlen, (unsigned)flags);
	kfree(opath);
	kfree(npath);
	return r;
}

long sys_renameat(long odirfd, long uold, long ndirfd, long unew, long a4, long a5)
{
	(void)a4, (void)a5;
	return sys_renameat2(odirfd, uold, ndirfd, unew, 0, 0);
}

long sys_rename(long uold, long unew, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return sys_renameat2(AT_FDCWD, uold, AT_FDCWD, unew, 0, 0);
}

long sys_symlinkat(long utarget, long dirfd, long upath, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	char *target = NULL, *path = NULL;
	struct node *dir;
	const char *last;
	size_t len;
	int r = user_path((const char *)utarget, &target);
	if (r)
		return r;
	if (target[0] == 0) {
		kfree(target);
		return -ENOENT;
	}
	r = parent_of(dirfd, upath, &path, &dir, &last, &len);
	if (r == 0) {
		r = special(last, len) ? -EEXIST : ramfs_symlink(dir, last, len, target);
		kfree(path);
	}
	kfree(target);
	return r;
}

long sys_symlink(long utarget, long upath, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return sys_symlinkat(utarget, AT_FDCWD, upath, 0, 0, 0);
}

long sys_umask(long mask, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return namei_set_umask((uint32_t)mask);
}

long sys_ftruncate(long fd, long length, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (length < 0 || !S_ISREG(f->node->mode) || !file_can_write(f))
		return -EINVAL;
	return ramfs_truncate(f->node, (uint64_t)length);
}

long sys_truncate(long upath, long length, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	if (length < 0)
		return -EINVAL;
	char *path = NULL;
	int r = user_path((const char *)upath, &path);
	if (r)
		return r;
	struct node *n;
	r = namei(NULL, path, LOOKUP_FOLLOW, &n);
	kfree(path);
	if (r)
		return r;
	if (S_ISDIR(n->mode))
		return -EISDIR;
	if (!S_ISREG(n->mode))
		return -EINVAL;
	return ramfs_truncate(n, (uint64_t)length);
}

/* Only a volume's files have somewhere to go: their volume is written
 * back and flushed (fs/volume.c); everything else is memory. */
long sys_fsync(long fd, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f)
		return -EBADF;
	return f->ops ? 0 : volume_sync_node(f->node);
}

long sys_fdatasync(long fd, long a1, long a2, long a3, long a4, long a5)
{
	return sys_fsync(fd, a1, a2, a3, a4, a5);
}
