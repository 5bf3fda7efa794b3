/*
 * sys_eventfd.c — eventfd and eventfd2: a 64-bit counter behind an fd
 * (Linux fs/eventfd.c semantics), and anon_fd_install, which wraps any
 * file_ops object (eventfd, epoll) in an open file and an fd.
 *
 * read takes the whole count (EFD_SEMAPHORE: one) and waits while it is
 * 0; write adds and waits while the sum would pass 0xfffffffffffffffe.
 * Both move exactly 8 bytes; O_NONBLOCK gives -EAGAIN instead of
 * waiting. Every change wakes the counter's waiters and poll_notify()s.
 */
#include "syscall.h"
#include "../fs/fs.h"
#include "../include/wait.h"

#define EFD_SEMAPHORE 1
#define EFD_NONBLOCK  04000
#define EFD_CLOEXEC   02000000
#define EVENTFD_MAX   0xfffffffffffffffeULL

struct eventfd {
	uint64_t count;
	bool semaphore;
	struct waitq wq; /* readers and writers waiting for a change */
};

/* Returns the fd or -errno. priv (one kmalloc'd block until the file
 * exists) is the file's from then on: freed by ops->release at the last
 * close, or here on failure. */
int anon_fd_install(const char *name, const struct file_ops *ops, void *priv, uint32_t flags,
		    bool cloexec)
{
	struct node *n =
		node_new(NULL, name, strlen(name), 0600, FS_PIPE); /* an anon inode: no type bits */
	struct file *f = NULL;
	if (!n) {
		kfree(priv);
		return -ENOMEM;
	}
	node_get(n);
	int r = file_open_node(n, O_RDWR | (flags & O_NONBLOCK), &f);
	node_put(n);
	if (r) {
		kfree(priv);
		return r;
	}
	f->flags &= ~(uint32_t)O_LARGEFILE;
	f->ops = ops;
	f->priv = priv;
	r = fd_install(f, 0, cloexec);
	if (r < 0)
		file_put(f); /* releases priv */
	return r;
}

static ssize_t efd_read(struct file *f, void *ubuf, size_t len)
{
	struct eventfd *e = f->priv;
	if (len < 8)
		return -EINVAL;
	while (e->count == 0) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int r = waitq_wait(&e->wq, 0);
		if (r)
			return r;
	}
	uint64_t v = e->semaphore ? 1 : e->count;
	if (copy_to_user(ubuf, &v, 8))
		return -EFAULT;
	e->count -= v;
	waitq_wake_all(&e->wq);
	poll_notify();
	return 8;
}

static ssize_t efd_write(struct file *f, const void *src, size_t len, bool user)
{
	struct eventfd *e = f->priv;
	uint64_t v;
	if (len < 8)
		return -EINVAL;
	if (user ? copy_from_user(&v, src, 8) != 0 : (memcpy(&v, src, 8), false))
		return -EFAULT;
	if (v == ~0ULL)
		return -EINVAL;
	while (EVENTFD_MAX - e->count < v) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int r = waitq_wait(&e->wq, 0);
		if (r)
			return r;
	}
	e->count += v;
	waitq_wake_all(&e->wq);
	poll_notify();
	return 8;
}

static int efd_poll(struct file *f, int events)
{
	struct eventfd *e = f->priv;
	return (e->count ? POLLIN : 0) | (e->count < EVENTFD_MAX ? POLLOUT : 0);
}

static void efd_release(struct file *f)
{
	kfree(f->priv);
	f->priv = NULL;
}

static const struct file_ops eventfd_ops = {
	.read = efd_read,
	.write = efd_write,
	.poll = efd_poll,
	.release = efd_release,
};

long sys_eventfd2(long initval, long flags, long c, long d, long e, long f)
{
	if (flags & ~(long)(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
		return -EINVAL;
	struct eventfd *ev = kzalloc(sizeof *ev);
	if (!ev)
		return -ENOMEM;
	ev->count = (uint32_t)initval;
	ev->semaphore = flags & EFD_SEMAPHORE;
	waitq_init(&ev->wq);
	int r = anon_fd_install("[eventfd]", &eventfd_ops, ev,
				(flags & EFD_NONBLOCK) ? O_NONBLOCK : 0, flags & EFD_CLOEXEC);
	return r;
}

long sys_eventfd(long initval, long b, long c, long d, long e, long f)
{
	return sys_eventfd2(initval, 0, 0, 0, 0, 0);
}
