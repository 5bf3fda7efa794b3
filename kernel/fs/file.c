/*
 * file.c — open files and the file descriptor table (one process, one table).
 *
 * An open file (struct file) is what open() creates: node, offset, status
 * flags, and for /proc files the snapshot generated at open. dup() and
 * fork-less fd copies share it (refs counts the fds pointing at it); the
 * last close frees it and drops its reference on the node, which may free
 * an unlinked /tmp file. FD_CLOEXEC belongs to the fd, not the open file.
 *
 * A system call that uses a file gets it from fd_get, which also takes a
 * hold (include/held.h) that lasts until the call returns: a file whose
 * last fd is closed while calls still hold it is only marked and its
 * holders woken (they see -EBADF from waitq_wait); file_free runs when the
 * last holder returns. fd_peek looks a file up without a hold, for code
 * that does not sleep while using it (poll scans, /proc, the table itself).
 *
 * The table has FD_MAX (1024, Linux's default RLIMIT_NOFILE) slots; new
 * fds take the lowest free slot at or above the minimum, or -EMFILE.
 * file_read/file_write take user pointers and do the offset bookkeeping
 * shared by read/pread/readv and write/pwrite/writev.
 */
#include "fs.h"
#include "../include/held.h"

/* Linux's MAX_RW_COUNT: one read/write moves at most INT_MAX & PAGE_MASK. */
#define MAX_RW_COUNT 0x7ffff000ul

static struct {
	struct file *fd[FD_MAX];
	uint8_t cloexec[FD_MAX];
} fds;

bool node_writable(struct node *n)
{
	return fs_is_writable(n->fs) || n->fs == FS_PIPE || (n->fs == FS_DEV && S_ISCHR(n->mode));
}

int file_open_node(struct node *n, uint32_t flags, struct file **out)
{
	struct file *f = kzalloc(sizeof(*f));
	if (!f)
		return -ENOMEM;
	if (n->fs == FS_PROC && S_ISREG(n->mode) && !(flags & O_PATH)) {
		int r = procfs_snapshot(n, &f->snap, &f->snap_len);
		if (r) {
			kfree(f);
			return r;
		}
	}
	f->node = n;
	f->flags = flags & ~(uint32_t)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	f->flags |= O_LARGEFILE; /* x86-64 open() forces it, F_GETFL shows it */
	f->refs = 1;
	node_get(n);
	if (S_ISFIFO(n->mode) && !(flags & O_PATH))
		pipe_ref(n, flags & O_ACCMODE, +1);
	if (fs_is_writable(n->fs))
		n->atime = node_now();
	*out = f;
	return 0;
}

/* The last fd and the last hold are gone: release everything. */
static void file_free(struct file *f)
{
	if (f->ops && f->ops->release)
		f->ops->release(f);
	kfree(f->snap);
	if (S_ISFIFO(f->node->mode) && !(f->flags & O_PATH))
		pipe_ref(f->node, f->flags & O_ACCMODE, -1);
	node_put(f->node);
	kfree(f);
}

void file_put(struct file *f)
{
	if (--f->refs)
		return;
	epoll_file_closed(f);
	if (f->holds)
		held_file_closed(f); /* freed by the last holder's fd_release_held */
	else
		file_free(f);
}

struct file *fd_peek(int fd)
{
	if (fd < 0 || fd >= FD_MAX)
		return NULL;
	return fds.fd[fd];
}

struct file *fd_get(int fd)
{
	struct file *f = fd_peek(fd);
	struct held_files *h = held_current();
	if (!f || !h)
		return f;
	for (int i = 0; i < h->n; i++)
		if (h->f[i] == f)
			return f;
	if (h->n == HELD_MAX) { /* a kernel bug, not the program's: refuse safely */
		kprintf("ingot: fs: one system call holds more than %d files\n", HELD_MAX);
		return NULL;
	}
	h->f[h->n++] = f;
	f->holds++;
	return f;
}

void fd_release_held(struct held_files *h)
{
	while (h->n) {
		struct file *f = h->f[--h->n];
		if (--f->holds == 0 && f->refs == 0)
			file_free(f);
	}
	h->closed = false;
}

/* Puts f (whose reference the table takes over) in the lowest free slot
 * >= minfd. Returns the fd or -EMFILE/-EINVAL; on error f is untouched. */
int fd_install(struct file *f, int minfd, bool cloexec)
{
	if (minfd < 0)
		return -EINVAL;
	for (int fd = minfd; fd < FD_MAX; fd++) {
		if (!fds.fd[fd]) {
			fds.fd[fd] = f;
			fds.cloexec[fd] = cloexec;
			return fd;
		}
	}
	return -EMFILE;
}

int fd_close(int fd)
{
	struct file *f = fd_peek(fd);
	if (!f)
		return -EBADF;
	fds.fd[fd] = NULL;
	fds.cloexec[fd] = 0;
	file_put(f);
	return 0;
}

/* dup2/dup3: makes newfd refer to oldfd's open file, closing newfd first. */
int fd_dup_to(int oldfd, int newfd, bool cloexec)
{
	struct file *f = fd_peek(oldfd);
	if (!f || newfd < 0 || newfd >= FD_MAX)
		return -EBADF;
	if (oldfd == newfd)
		return newfd;
	f->refs++;
	struct file *old = fds.fd[newfd];
	fds.fd[newfd] = f;
	fds.cloexec[newfd] = cloexec;
	if (old)
		file_put(old);
	return newfd;
}

int fd_get_cloexec(int fd)
{
	return fd_peek(fd) ? fds.cloexec[fd] : -EBADF;
}

int fd_set_cloexec(int fd, bool on)
{
	if (!fd_peek(fd))
		return -EBADF;
	fds.cloexec[fd] = on;
	return 0;
}

/* Closes every fd marked close-on-exec (for the core's execve). */
void fd_exec_cloexec(void)
{
	for (int fd = 0; fd < FD_MAX; fd++)
		if (fds.fd[fd] && fds.cloexec[fd])
			fd_close(fd);
}

void fd_reset(void)
{
	for (int fd = 0; fd < FD_MAX; fd++)
		if (fds.fd[fd])
			fd_close(fd);
}

void fd_init_stdio(void)
{
	struct node *con;
	struct file *f;
	if (namei(NULL, "/dev/console", LOOKUP_FOLLOW, &con) < 0 ||
	    file_open_node(con, O_RDWR, &f) < 0)
		panic("fs: cannot open /dev/console for stdio");
	for (int fd = 0; fd < 3; fd++) {
		if (fds.fd[fd])
			fd_close(fd);
		fds.fd[fd] = f;
	}
	f->refs = 3;
}

int fd_at_start(int dirfd, const char *path, struct node **start)
{
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*start = namei_cwd();
		return 0;
	}
	struct file *f = fd_get(dirfd);
	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->node->mode))
		return -ENOTDIR;
	*start = f->node;
	return 0;
}

void file_sync_mapped(struct file *f, uint64_t off, uint64_t len)
{
	if (!f->snap && f->node->wmaps)
		filemap_flush(f->node, off, len);
}

void file_bytes(struct file *f, const char **data, size_t *size)
{
	if (f->snap || f->node->fs == FS_PROC) {
		*data = f->snap;
		*size = f->snap_len;
	} else {
		*data = f->node->data;
		*size = f->node->size;
	}
}

ssize_t file_read(struct file *f, void *ubuf, size_t len, uint64_t off, bool use_off)
{
	if (!file_can_read(f))
		return -EBADF;
	struct node *n = f->node;
	if (S_ISDIR(n->mode))
		return -EISDIR;
	len = MIN(len, MAX_RW_COUNT);
	if (f->ops)
		return f->ops->read(f, ubuf, len);
	if (S_ISCHR(n->mode))
		return devfs_read(n, ubuf, len);
	if (S_ISFIFO(n->mode))
		return pipe_read(f, ubuf, len);
	if (!S_ISREG(n->mode))
		return -EINVAL;
	uint64_t pos = use_off ? off : f->off;
	const char *data;
	size_t size;
	file_sync_mapped(f, pos, len);
	file_bytes(f, &data, &size);
	if (pos >= size || len == 0)
		return 0;
	size_t k = MIN(len, size - pos);
	if (copy_to_user(ubuf, data + pos, k) < 0)
		return -EFAULT;
	if (!use_off)
		f->off = pos + k;
	return (ssize_t)k;
}

static ssize_t write_from(struct file *f, const void *src, size_t len, uint64_t off, bool use_off,
			  bool user)
{
	if (!file_can_write(f))
		return -EBADF;
	struct node *n = f->node;
	len = MIN(len, MAX_RW_COUNT);
	if (f->ops)
		return f->ops->write(f, src, len, user);
	if (S_ISCHR(n->mode))
		return devfs_write(n, src, len, user);
	if (S_ISFIFO(n->mode))
		return pipe_write(f, src, len, user);
	if (!S_ISREG(n->mode))
		return -EINVAL;
	/* O_APPEND wins even over pwrite's offset, as on Linux. */
	uint64_t pos = (f->flags & O_APPEND) ? n->size : (use_off ? off : f->off);
	ssize_t r = ramfs_write(n, pos, src, len, user);
	if (r > 0 && !use_off)
		f->off = pos + (uint64_t)r;
	return r;
}

ssize_t file_write(struct file *f, const void *ubuf, size_t len, uint64_t off, bool use_off)
{
	return write_from(f, ubuf, len, off, use_off, true);
}

ssize_t file_write_kernel(struct file *f, const void *src, size_t len, uint64_t off, bool use_off)
{
	return write_from(f, src, len, off, use_off, false);
}

/* For the core's mmap of a file: reads into kernel memory. */
ssize_t fd_pread_kernel(int fd, void *kbuf, size_t n, uint64_t off)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	if (!file_can_read(f))
		return -EACCES;
	if (!S_ISREG(f->node->mode))
		return -ENODEV;
	const char *data;
	size_t size;
	file_sync_mapped(f, off, n);
	file_bytes(f, &data, &size);
	if (off >= size)
		return 0;
	size_t k = MIN(n, size - off);
	memcpy(kbuf, data + off, k);
	return (ssize_t)k;
}

/* Readiness of fd for the core's poll/select: a subset of events plus
 * POLLERR/POLLHUP/POLLNVAL as Linux reports them. Files, /dev and /proc
 * are always ready; the console is always writable and never readable
 * (no input is wired); pipes depend on their buffer and their ends. */
int fd_poll(int fd, int events)
{
	struct file *f = fd_peek(fd);
	if (!f)
		return POLLNVAL;
	struct node *n = f->node;
	int ready = 0;
	if (f->ops) {
		ready = f->ops->poll(f, events);
	} else if (S_ISFIFO(n->mode)) {
		if (file_can_read(f)) {
			if (n->size)
				ready |= POLLIN;
			if (!n->pipe_writers)
				ready |= POLLHUP;
		}
		if (file_can_write(f)) {
			if (!n->pipe_readers)
				ready |= POLLERR;
			else if (n->size < pipe_capacity())
				ready |= POLLOUT;
		}
	} else if (S_ISCHR(n->mode) && n->dev == DEV_CONSOLE) {
		ready = POLLOUT;
	} else {
		ready = POLLIN | POLLOUT;
	}
	return ready & (events | POLLERR | POLLHUP);
}
