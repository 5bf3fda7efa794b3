/*
 * sys_file.c — file descriptor system calls: open, close, read/write and
 * their positional forms, lseek, dup*, fcntl, pipe2/pipe (the pipes
 * themselves are fs/pipe.c; the vector forms are sys_file_iov.c).
 *
 * Each handler takes the raw Linux x86-64 arguments as longs, checks every
 * guest pointer through copy_from_user/copy_to_user (file.c and devfs.c do
 * the data copies), and returns a value or a negative errno as Linux would.
 * The other file calls: stat, getdents, readlink and access in
 * sys_file_stat.c; mkdir, unlink, rename, chdir ... in sys_file_dir.c;
 * ioctl in sys_file_ioctl.c; chmod, utimensat, fallocate ... in
 * sys_file_attr.c; sendfile, copy_file_range, statfs in sys_file_copy.c.
 */
#include "../fs/fs.h"
#include "missing.h"

int user_path(const char *upath, char **out)
{
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	long r = strncpy_from_user(buf, upath, PATH_MAX);
	if (r < 0) {
		kfree(buf);
		return (int)r;
	}
	*out = buf;
	return 0;
}

/* open(2) on an already copied path; see the Linux man page for the order
 * of checks reproduced here. */
static long do_open(int dirfd, const char *path, uint32_t flags, uint32_t mode)
{
	struct node *start, *n, *dir;
	const char *last;
	size_t lastlen;
	bool created = false;
	/* acc == 3 is Linux's "ioctl only" mode: checked as read+write, and
     * the fd can neither read nor write. */
	uint32_t acc = flags & O_ACCMODE;
	int r = fd_at_start(dirfd, path, &start);
	if (r)
		return r;
	if ((flags & O_TMPFILE) == O_TMPFILE) {
		if ((r = namei(start, path, LOOKUP_FOLLOW | LOOKUP_DIR, &dir)))
			return r;
		if (acc == O_RDONLY)
			return -EINVAL;
		if (dir->fs != FS_TMP)
			return -EOPNOTSUPP;
		n = node_new(NULL, "tmpfile", 7, S_IFREG | (mode & 07777 & ~namei_umask()), FS_TMP);
		if (!n)
			return -ENOSPC;
		created = true;
		flags &= ~(uint32_t)O_TMPFILE;
	} else if (flags & O_CREAT) {
		if (flags & O_DIRECTORY)
			return -EINVAL; /* as Linux 6.4+: O_CREAT cannot make a directory */
		if ((r = namei_parent(start, path, &dir, &last, &lastlen)))
			return r;
		if (lastlen == 0 || last[lastlen] == '/' ||
		    (last[0] == '.' && (lastlen == 1 || (lastlen == 2 && last[1] == '.'))))
			return -EISDIR; /* "/", "dir/", ".", "..": only directories */
		n = node_child(dir, last, lastlen);
		if (n && (flags & O_EXCL))
			return -EEXIST;
		if (n && S_ISLNK(n->mode)) {
			if (flags & O_NOFOLLOW)
				return -ELOOP;
			if ((r = namei(start, path, LOOKUP_FOLLOW, &n)))
				return r;
		}
		if (!n) {
			r = ramfs_create(dir, last, lastlen, mode & ~namei_umask(), &n);
			if (r)
				return r;
			created = true;
		} else if (S_ISDIR(n->mode)) {
			return -EISDIR;
		}
	} else {
		int lf = (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
		if ((r = namei(start, path, lf, &n)))
			return r;
		if (S_ISLNK(n->mode) && !(flags & O_PATH))
			return -ELOOP;
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(n->mode))
		return -ENOTDIR;
	if (S_ISSOCK(n->mode) && !(flags & O_PATH))
		return -ENXIO; /* a unix socket's name: connect to it, not open */
	if (!(flags & O_PATH) && !created && (acc != O_RDONLY || (flags & O_TRUNC))) {
		if (S_ISDIR(n->mode))
			return -EISDIR;
		if (!node_writable(n))
			return n->fs == FS_PROC ? -EACCES : -EROFS;
		if ((flags & O_TRUNC) && S_ISREG(n->mode) && (r = ramfs_truncate(n, 0)))
			return r;
	}
	struct file *f;
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if ((r = file_open_node(n, flags, &f)))
		return r;
	int fd = fd_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_openat(long dirfd, long upath, long flags, long mode, long a4, long a5)
{
	(void)a4, (void)a5;
	char *path = NULL;
	int r = user_path((const char *)upath, &path);
	if (r)
		return r;
	long fd = do_open((int)dirfd, path, (uint32_t)flags, (uint32_t)mode);
	missing_note(path, fd);
	kfree(path);
	return fd;
}

long sys_open(long upath, long flags, long mode, long a3, long a4, long a5)
{
	(void)a5;
	return sys_openat(AT_FDCWD, upath, flags, mode, a3, a4);
}

long sys_close(long fd, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return fd_close((int)fd);
}

long sys_read(long fd, long ubuf, long len, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f)
		return -EBADF;
	if (len < 0)
		return -EINVAL;
	return file_read(f, (void *)ubuf, (size_t)len, 0, false);
}

long sys_write(long fd, long ubuf, long len, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f)
		return -EBADF;
	if (len < 0)
		return -EINVAL;
	return file_write(f, (const void *)ubuf, (size_t)len, 0, false);
}

/* Positional I/O needs a seekable file: a terminal gives -ESPIPE. */
long fd_positional(long fd, long off, struct file **f)
{
	*f = fd_get((int)fd);
	if (!*f)
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	struct node *n = (*f)->node;
	if ((n->dev == DEV_CONSOLE && S_ISCHR(n->mode)) || S_ISFIFO(n->mode))
		return -ESPIPE;
	return 0;
}

long sys_pread64(long fd, long ubuf, long len, long off, long a4, long a5)
{
	(void)a4, (void)a5;
	struct file *f;
	long r = fd_positional(fd, off, &f);
	if (r)
		return r;
	if (len < 0)
		return -EINVAL;
	return file_read(f, (void *)ubuf, (size_t)len, (uint64_t)off, true);
}

long sys_pwrite64(long fd, long ubuf, long len, long off, long a4, long a5)
{
	(void)a4, (void)a5;
	struct file *f;
	long r = fd_positional(fd, off, &f);
	if (r)
		return r;
	if (len < 0)
		return -EINVAL;
	return file_write(f, (const void *)ubuf, (size_t)len, (uint64_t)off, true);
}

long sys_lseek(long fd, long off, long whence, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f)
		return -EBADF;
	struct node *n = f->node;
	if (f->flags & O_PATH)
		return -EBADF;
	if (S_ISFIFO(n->mode))
		return -ESPIPE;
	if (S_ISCHR(n->mode))
		return n->dev == DEV_CONSOLE ? -ESPIPE : 0; /* null, zero: always 0 */
	int64_t size = (int64_t)(f->snap ? f->snap_len : n->size);
	int64_t base;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->off; break;
	case SEEK_END:
		if (S_ISDIR(n->mode))
			return -EINVAL;
		base = size;
		break;
	case 3: /* SEEK_DATA: all data, no holes */
	case 4: /* SEEK_HOLE: the only hole is at the end */
		if (S_ISDIR(n->mode) || off < 0 || off >= size)
			return -ENXIO;
		f->off = (uint64_t)(whence == 3 ? off : size);
		return (long)f->off;
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->off = (uint64_t)(base + off);
	return (long)f->off;
}

static long dup_from(int oldfd, int minfd, bool cloexec)
{
	struct file *f = fd_get(oldfd);
	if (!f)
		return -EBADF;
	if (minfd < 0 || minfd >= FD_MAX)
		return -EINVAL;
	f->refs++;
	int fd = fd_install(f, minfd, cloexec);
	if (fd < 0)
		f->refs--;
	return fd;
}

long sys_dup(long fd, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return dup_from((int)fd, 0, false);
}

long sys_dup2(long oldfd, long newfd, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return fd_dup_to((int)oldfd, (int)newfd, false);
}

long sys_dup3(long oldfd, long newfd, long flags, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	if (oldfd == newfd || (flags & ~(long)O_CLOEXEC))
		return -EINVAL;
	return fd_dup_to((int)oldfd, (int)newfd, flags & O_CLOEXEC);
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

long sys_fcntl(long fd, long cmd, long arg, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD: return dup_from((int)fd, (int)arg, false);
	case F_DUPFD_CLOEXEC: return dup_from((int)fd, (int)arg, true);
	case F_GETFD: return fd_get_cloexec((int)fd);
	case F_SETFD: return fd_set_cloexec((int)fd, arg & FD_CLOEXEC);
	case F_GETFL: return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~(uint32_t)SETFL_MASK) | ((uint32_t)arg & SETFL_MASK);
		return 0;
	case F_GETLK:
	case F_OFD_GETLK: {
		/* One process: no lock can conflict. l_type is the first short. */
		int16_t unlck = F_UNLCK;
		return copy_to_user((void *)arg, &unlck, sizeof(unlck)) < 0 ? -EFAULT : 0;
	}
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
	case 8: /* F_SETOWN */ return 0;
	case 9: /* F_GETOWN */ return 0;
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ: /* the size is fixed; report it */
		return S_ISFIFO(f->node->mode) ? (long)pipe_capacity() : -EBADF;
	}
	return -EINVAL;
}

long sys_pipe2(long ufds, long flags, long a2, long a3, long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	if (flags & ~(long)(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	struct file *rd, *wr;
	int r = pipe_create((uint32_t)flags, &rd, &wr);
	if (r)
		return r;
	bool cloexec = flags & O_CLOEXEC;
	int fds[2] = {fd_install(rd, 0, cloexec), -1};
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(wr, 0, cloexec);
	if (fds[1] < 0) {
		fd_close(fds[0]);
		file_put(wr);
		return fds[1];
	}
	if (copy_to_user((void *)ufds, fds, sizeof(fds)) < 0) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(long ufds, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return sys_pipe2(ufds, 0, 0, 0, 0, 0);
}
