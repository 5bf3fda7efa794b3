/*
 * sys_splice.c — splice, tee and vmsplice: bytes between a pipe and
 * another file without a copy through the program. Go's io.Copy between
 * two connections splices socket -> pipe -> socket (and closes both on
 * ENOSYS), so these must exist.
 *
 * splice out of a pipe writes the pipe's ring straight into the
 * destination (file_write_kernel: socket, pipe, /tmp file, console) and
 * drops what was written. splice into a pipe reads the source (a regular
 * file at its offset, or a stream socket via sock_read_kernel) into a
 * bounce buffer no larger than the pipe's free room, then appends it.
 * tee copies between two pipes without consuming. vmsplice is a
 * writev/readv on a pipe. As Linux: one end must be a pipe (EINVAL), a
 * pipe end takes no offset (ESPIPE), SPLICE_F_NONBLOCK makes the pipe
 * side non-blocking while a socket keeps its own O_NONBLOCK, a pipe with
 * no reader gives EPIPE and SIGPIPE.
 */
#include "syscall.h"
#include "sys_socket.h"
#include "../fs/fs.h"

#define SPLICE_F_NONBLOCK 2
#define SPLICE_FLAGS	  0xf /* MOVE, NONBLOCK, MORE, GIFT */
#define SPLICE_CHUNK	  65536
#define MAX_RW_COUNT	  0x7ffff000ul
#define UIO_MAXIOV	  1024

static bool is_pipe(struct file *f)
{
	return !f->ops && S_ISFIFO(f->node->mode);
}

/* Until pipe f has bytes: 0, 1 at EOF (no writers), -EAGAIN, -EINTR. */
static int wait_data(struct file *f, bool nonblock)
{
	struct node *n = f->node;
	while (n->size == 0) {
		if (!n->pipe_writers)
			return 1;
		if (nonblock || (f->flags & O_NONBLOCK))
			return -EAGAIN;
		int r = pipe_wait();
		if (r)
			return r;
	}
	return 0;
}

/* Until pipe f has room: 0, -EPIPE (with SIGPIPE), -EAGAIN, -EINTR. */
static int wait_room(struct file *f, bool nonblock)
{
	struct node *n = f->node;
	for (;;) {
		if (!n->pipe_readers) {
			signal_sigpipe();
			return -EPIPE;
		}
		if (n->size < pipe_capacity())
			return 0;
		if (nonblock || (f->flags & O_NONBLOCK))
			return -EAGAIN;
		int r = pipe_wait();
		if (r)
			return r;
	}
}

/* Pipe in -> out (any writable file, or another pipe). */
static long from_pipe(struct file *in, struct file *out, uint64_t *off, bool use_off, size_t len,
		      bool nonblock)
{
	int r = wait_data(in, nonblock);
	if (r)
		return r > 0 ? 0 : r;
	if (is_pipe(out) && (r = wait_room(out, nonblock)))
		return r;
	size_t done = 0;
	while (done < len) {
		const char *p;
		size_t k = MIN(pipe_peek(in->node, 0, &p), len - done);
		if (!k)
			break;
		ssize_t w = is_pipe(out)
				    ? pipe_append(out->node, p, k)
				    : file_write_kernel(out, p, k, use_off ? *off : 0, use_off);
		if (w <= 0) {
			if (done)
				break;
			return w;
		}
		pipe_consume(in->node, (size_t)w);
		done += (size_t)w;
		if (use_off)
			*off += (uint64_t)w;
		if ((size_t)w < k)
			break;
	}
	return (long)done;
}

/* in (a regular file or a socket) -> pipe out. */
static long to_pipe(struct file *in, uint64_t *off, bool use_off, struct file *out, size_t len,
		    bool nonblock)
{
	int r = wait_room(out, nonblock);
	if (r)
		return r;
	size_t k = MIN(MIN(len, pipe_capacity() - out->node->size), (size_t)SPLICE_CHUNK);
	char *buf = kmalloc(k);
	if (!buf)
		return -ENOMEM;
	ssize_t got;
	if (!in->ops && S_ISREG(in->node->mode)) {
		const char *data;
		size_t size;
		uint64_t pos = use_off ? *off : in->off;
		file_sync_mapped(in, pos, k);
		file_bytes(in, &data, &size);
		got = pos >= size ? 0 : (ssize_t)MIN(k, size - pos);
		memcpy(buf, data + pos, (size_t)got);
		if (use_off)
			*off += (uint64_t)got;
		else
			in->off += (uint64_t)got;
	} else {
		got = sock_read_kernel(in, buf, k);
	}
	/* All of it goes in: only another writer on this pipe could have
     * taken the room meanwhile, and then we wait for it to drain. */
	for (ssize_t put = 0; got > 0 && put < got;) {
		ssize_t w = pipe_append(out->node, buf + put, (size_t)(got - put));
		if (w < 0 || (w == 0 && (!out->node->pipe_readers || pipe_wait()))) {
			got = put ? put : (w < 0 ? w : -EPIPE);
			break;
		}
		put += w;
	}
	kfree(buf);
	return got;
}

static int get_off(long uoff, uint64_t *off)
{
	int64_t v;
	if (copy_from_user(&v, (const void *)uoff, sizeof v) < 0)
		return -EFAULT;
	if (v < 0)
		return -EINVAL;
	*off = (uint64_t)v;
	return 0;
}

long sys_splice(long fd_in, long uoff_in, long fd_out, long uoff_out, long len, long flags)
{
	struct file *in = fd_get((int)fd_in), *out = fd_get((int)fd_out);
	if (!in || !out || !file_can_read(in) || !file_can_write(out))
		return -EBADF;
	if (flags & ~(long)SPLICE_FLAGS)
		return -EINVAL;
	bool ip = is_pipe(in), op = is_pipe(out);
	if (!ip && !op)
		return -EINVAL;
	if ((ip && uoff_in) || (op && uoff_out))
		return -ESPIPE;
	if ((ip && op && in->node == out->node) || (out->flags & O_APPEND))
		return -EINVAL;
	size_t n = MIN((size_t)len, MAX_RW_COUNT);
	if (n == 0)
		return 0;
	long uoff = ip ? uoff_out : uoff_in;
	uint64_t off = 0;
	int r = uoff ? get_off(uoff, &off) : 0;
	if (r)
		return r;
	bool nb = (flags & SPLICE_F_NONBLOCK) != 0;
	long got = ip ? from_pipe(in, out, &off, uoff != 0, n, nb)
		      : to_pipe(in, &off, uoff != 0, out, n, nb);
	if (got > 0 && uoff) {
		int64_t v = (int64_t)off;
		if (copy_to_user((void *)uoff, &v, sizeof v) < 0)
			return -EFAULT;
	}
	return got;
}

long sys_tee(long fd_in, long fd_out, long len, long flags, long a4, long a5)
{
	struct file *in = fd_get((int)fd_in), *out = fd_get((int)fd_out);
	if (!in || !out || !file_can_read(in) || !file_can_write(out))
		return -EBADF;
	if (flags & ~(long)SPLICE_FLAGS)
		return -EINVAL;
	if (!is_pipe(in) || !is_pipe(out) || in->node == out->node)
		return -EINVAL;
	size_t n = MIN((size_t)len, MAX_RW_COUNT);
	if (n == 0)
		return 0;
	bool nb = (flags & SPLICE_F_NONBLOCK) != 0;
	int r = wait_data(in, nb);
	if (r)
		return r > 0 ? 0 : r;
	if ((r = wait_room(out, nb)))
		return r;
	size_t done = 0;
	while (done < n) {
		const char *p;
		size_t k = MIN(pipe_peek(in->node, done, &p), n - done);
		ssize_t w = k ? pipe_append(out->node, p, k) : 0;
		if (w <= 0)
			break;
		done += (size_t)w;
		if ((size_t)w < k)
			break;
	}
	return (long)done;
}

/* The user's iovec array, copied in (the one place this file reads one). */
struct kiov {
	uint64_t base, len;
};
static int iov_in(long uiov, long cnt, struct kiov **out)
{
	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	*out = kmalloc((size_t)MAX(cnt, 1) * sizeof **out);
	if (!*out)
		return -ENOMEM;
	if (copy_from_user(*out, (const void *)uiov, (size_t)cnt * sizeof **out) < 0) {
		kfree(*out);
		return -EFAULT;
	}
	return 0;
}

long sys_vmsplice(long fd, long uiov, long cnt, long flags, long a4, long a5)
{
	struct file *f = fd_get((int)fd);
	if (!f || !is_pipe(f))
		return -EBADF;
	if (flags & ~(long)SPLICE_FLAGS)
		return -EINVAL;
	struct kiov *iov;
	int r = iov_in(uiov, cnt, &iov);
	if (r)
		return r;
	bool wr = file_can_write(f);
	uint32_t saved = f->flags;
	if (flags & SPLICE_F_NONBLOCK)
		f->flags |= O_NONBLOCK;
	long done = 0;
	for (long i = 0; i < cnt; i++) {
		if (!iov[i].len)
			continue;
		ssize_t k = wr ? file_write(f, (const void *)iov[i].base, iov[i].len, 0, false)
			       : file_read(f, (void *)iov[i].base, iov[i].len, 0, false);
		if (k < 0) {
			if (!done)
				done = k;
			break;
		}
		done += k;
		if ((uint64_t)k < iov[i].len)
			break;
	}
	f->flags = (f->flags & ~(uint32_t)O_NONBLOCK) | (saved & O_NONBLOCK);
	kfree(iov);
	if (done == -EPIPE)
		signal_sigpipe();
	return done;
}
