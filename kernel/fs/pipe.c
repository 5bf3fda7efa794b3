/*
 * pipe.c — anonymous pipes (pipe2) inside one process.
 *
 * A pipe is an unlinked S_IFIFO node whose data is a ring buffer of
 * PIPE_BUF_SIZE bytes (Linux's default pipe capacity, 16 pages), created
 * on the first write: node->data, node->size bytes buffered starting at
 * node->pipe_head. Each open file of the pipe counts as a reader or a
 * writer (node->pipe_readers / pipe_writers), which decides EOF (no
 * writers) and EPIPE (no readers).
 *
 * Blocking (as Linux): a read of an empty pipe that still has writers, or
 * a write to a full pipe, waits on pipe_wq (wait.h) unless the file is
 * O_NONBLOCK (-EAGAIN). Writes of at most PIPE_BUF bytes are atomic: they
 * wait for room for all of it. A signal ends a wait with -EINTR (or the
 * bytes already moved). Every change of a pipe (data in or out, an end
 * closed) wakes all pipe waiters and poll_notify()s pollers; they re-check.
 * A write with no reader gives -EPIPE; raising SIGPIPE is the caller's
 * (core's) business.
 */
#include "fs.h"
#include "../include/wait.h"

#define PIPE_BUF_SIZE 65536
#define PIPE_BUF      4096 /* POSIX atomic write size (Linux's) */

static struct waitq pipe_wq = WAITQ_INIT; /* anyone blocked on any pipe */

static void pipe_changed(void)
{
	waitq_wake_all(&pipe_wq);
	poll_notify();
}

int pipe_create(uint32_t flags, struct file **rd, struct file **wr)
{
	struct node *n = node_new(NULL, "pipe", 4, S_IFIFO | 0600, FS_PIPE);
	if (!n)
		return -ENOMEM;
	node_get(n); /* hold it while the two files are made */
	int r = file_open_node(n, O_RDONLY | (flags & O_NONBLOCK), rd);
	if (r == 0) {
		r = file_open_node(n, O_WRONLY | (flags & O_NONBLOCK), wr);
		if (r)
			file_put(*rd);
	}
	node_put(n);
	if (r == 0) { /* only open() sets O_LARGEFILE; pipe2 fds do not show it */
		(*rd)->flags &= ~(uint32_t)O_LARGEFILE;
		(*wr)->flags &= ~(uint32_t)O_LARGEFILE;
	}
	return r;
}

/* Called by file.c when a file of the pipe is opened or released. */
void pipe_ref(struct node *n, uint32_t accmode, int delta)
{
	if (accmode == O_RDONLY || accmode == O_RDWR)
		n->pipe_readers += (uint32_t)delta;
	if (accmode == O_WRONLY || accmode == O_RDWR)
		n->pipe_writers += (uint32_t)delta;
	pipe_changed();
}

ssize_t pipe_read(struct file *f, void *ubuf, size_t len)
{
	struct node *n = f->node;
	if (len == 0)
		return 0;
	while (n->size == 0) {
		if (!n->pipe_writers)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int r = waitq_wait(&pipe_wq, 0);
		if (r)
			return r;
	}
	size_t done = 0;
	while (done < len && n->size > 0) {
		size_t k = MIN(len - done, MIN(n->size, PIPE_BUF_SIZE - n->pipe_head));
		if (copy_to_user((char *)ubuf + done, n->data + n->pipe_head, k) < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += k;
		n->pipe_head = (n->pipe_head + k) % PIPE_BUF_SIZE;
		n->size -= k;
	}
	if (n->size == 0)
		n->pipe_head = 0;
	pipe_changed();
	return (ssize_t)done;
}

/* Copies up to len bytes into the ring; returns how many, or -EFAULT. */
static ssize_t pipe_put(struct node *n, const void *src, size_t len, bool user)
{
	size_t done = 0;
	while (done < len && n->size < PIPE_BUF_SIZE) {
		size_t tail = (n->pipe_head + n->size) % PIPE_BUF_SIZE;
		size_t k = MIN(len - done, MIN(PIPE_BUF_SIZE - n->size, PIPE_BUF_SIZE - tail));
		if (!user)
			memcpy(n->data + tail, (const char *)src + done, k);
		else if (copy_from_user(n->data + tail, (const char *)src + done, k) < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += k;
		n->size += k;
	}
	return (ssize_t)done;
}

ssize_t pipe_write(struct file *f, const void *src, size_t len, bool user)
{
	struct node *n = f->node;
	if (!n->pipe_readers)
		return -EPIPE;
	if (len == 0)
		return 0;
	if (!n->data) {
		n->data = kmalloc(PIPE_BUF_SIZE);
		if (!n->data)
			return -ENOMEM;
		n->data_owned = 1;
		n->cap = PIPE_BUF_SIZE;
	}
	size_t done = 0;
	for (;;) {
		if (!n->pipe_readers)
			return done ? (ssize_t)done : -EPIPE;
		size_t room = PIPE_BUF_SIZE - n->size;
		if (room && (len > PIPE_BUF || room >= len)) {
			ssize_t k = pipe_put(n, (const char *)src + done, len - done, user);
			if (k < 0)
				return done ? (ssize_t)done : k;
			done += (size_t)k;
			pipe_changed();
			if (done == len)
				return (ssize_t)done;
		}
		if (f->flags & O_NONBLOCK)
			return done ? (ssize_t)done : -EAGAIN;
		int r = waitq_wait(&pipe_wq, 0);
		if (r)
			return done ? (ssize_t)done : r;
	}
}

size_t pipe_capacity(void)
{
	return PIPE_BUF_SIZE;
}

/* For splice and tee (sys/sys_splice.c): waiting, and the ring itself. */
int pipe_wait(void)
{
	return waitq_wait(&pipe_wq, 0);
}

size_t pipe_peek(struct node *n, size_t off, const char **p)
{
	if (off >= n->size)
		return 0;
	size_t at = (n->pipe_head + off) % PIPE_BUF_SIZE;
	*p = n->data + at;
	return MIN(n->size - off, PIPE_BUF_SIZE - at);
}

void pipe_consume(struct node *n, size_t k)
{
	n->pipe_head = (n->pipe_head + k) % PIPE_BUF_SIZE;
	n->size -= k;
	if (n->size == 0)
		n->pipe_head = 0;
	pipe_changed();
}

ssize_t pipe_append(struct node *n, const void *src, size_t len)
{
	if (!n->data) {
		n->data = kmalloc(PIPE_BUF_SIZE);
		if (!n->data)
			return -ENOMEM;
		n->data_owned = 1;
		n->cap = PIPE_BUF_SIZE;
	}
	ssize_t k = pipe_put(n, src, len, false);
	if (k > 0)
		pipe_changed();
	return k;
}
