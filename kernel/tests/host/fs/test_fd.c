/*
 * test_fd.c — the fd table: lowest free fd, EMFILE at 1024, EBADF, dup
 * family sharing offsets, FD_CLOEXEC through O_CLOEXEC/fcntl/dup3/ioctl
 * and its effect at exec, lseek, readv/writev, stdio on the console,
 * and the holds a system call keeps on its files (include/held.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "../../../sys/iov.h"

static void limits(void)
{
	setup();
	long last = -1, n = 0, gaps = 0;
	for (;;) {
		long fd = x_open("/etc/hosts", O_RDONLY, 0);
		if (fd < 0) {
			EQ(fd, -EMFILE);
			break;
		}
		gaps += !(fd == last + 1 || last == -1);
		last = fd;
		n++;
	}
	EQ(gaps, 0);
	EQ(n, FD_MAX - 3);
	EQ(last, FD_MAX - 1);
	EQ(x_close(500), 0);
	EQ(x_close(500), -EBADF);
	EQ(x_open("/etc/hosts", O_RDONLY, 0), 500);
	EQ(sys_dup(0, 0, 0, 0, 0, 0), -EMFILE);
	EQ(x_close(-1), -EBADF);
	EQ(x_close(FD_MAX), -EBADF);
	EQ(x_read(FD_MAX + 5, NULL, 0), -EBADF);
	EQ(sys_dup2(3, FD_MAX, 0, 0, 0, 0), -EBADF);
	fd_reset();
	EQ(x_open("/etc/hosts", O_RDONLY, 0), 0);
}

static void dup_cloexec(void)
{
	setup();
	char buf[8];
	long fd = x_open("/etc/hosts", O_RDONLY | O_CLOEXEC, 0);
	EQ(fd, 3);
	EQ(x_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	long d = sys_dup(fd, 0, 0, 0, 0, 0);
	EQ(d, 4);
	EQ(x_fcntl(d, F_GETFD, 0), 0); /* dup clears it */
	EQ(x_read(fd, buf, 4), 4);
	EQ(x_lseek(d, 0, SEEK_CUR), 4); /* the offset is shared */
	EQ(x_fcntl(fd, F_DUPFD_CLOEXEC, 10), 10);
	EQ(x_fcntl(10, F_GETFD, 0), FD_CLOEXEC);
	EQ(x_fcntl(fd, F_DUPFD, 10), 11);
	EQ(x_fcntl(fd, F_DUPFD, -1), -EINVAL);
	EQ(x_fcntl(fd, F_DUPFD, FD_MAX), -EINVAL);
	EQ(x_fcntl(11, F_SETFD, FD_CLOEXEC), 0);
	EQ(x_fcntl(11, F_GETFD, 0), FD_CLOEXEC);
	EQ(x_fcntl(11, 12345, 0), -EINVAL);
	EQ(sys_dup3(fd, 20, O_CLOEXEC, 0, 0, 0), 20);
	EQ(x_fcntl(20, F_GETFD, 0), FD_CLOEXEC);
	EQ(sys_dup3(fd, fd, 0, 0, 0, 0), -EINVAL);
	EQ(sys_dup3(fd, 21, 1, 0, 0, 0), -EINVAL);
	EQ(sys_dup2(fd, fd, 0, 0, 0, 0), fd);
	EQ(sys_dup2(99, 99, 0, 0, 0, 0), -EBADF);
	EQ(sys_dup2(d, 1, 0, 0, 0, 0), 1); /* replaces stdout */
	EQ(x_read(1, buf, 2), 2);
	EQ(x_ioctl(d, FIOCLEX, NULL), 0);
	EQ(x_fcntl(d, F_GETFD, 0), FD_CLOEXEC);
	EQ(x_ioctl(d, FIONCLEX, NULL), 0);
	EQ(x_fcntl(d, F_GETFD, 0), 0);
	fd_exec_cloexec();
	EQ(x_fcntl(fd, F_GETFD, 0), -EBADF);
	EQ(x_fcntl(10, F_GETFD, 0), -EBADF);
	EQ(x_fcntl(20, F_GETFD, 0), -EBADF);
	EQ(x_fcntl(11, F_GETFD, 0), -EBADF);
	EQ(x_fcntl(d, F_GETFD, 0), 0);
	EQ(x_lseek(d, 0, SEEK_CUR), 6); /* still open through d and 1 */

	EQ(x_fcntl(d, F_SETFL, O_NONBLOCK | O_APPEND | O_WRONLY), 0);
	EQ(x_fcntl(d, F_GETFL, 0), O_RDONLY | O_NONBLOCK | O_APPEND | O_LARGEFILE);
	short lk[16] = {0};
	EQ(x_fcntl(d, F_GETLK, L(lk)), 0);
	EQ(lk[0], F_UNLCK);
	EQ(x_fcntl(d, F_SETLK, L(lk)), 0);
}

static void seek_and_vectors(void)
{
	setup();
	long fd = x_open("/etc/hosts", O_RDONLY, 0);
	EQ(x_lseek(fd, 5, SEEK_SET), 5);
	EQ(x_lseek(fd, 2, SEEK_CUR), 7);
	EQ(x_lseek(fd, -2, SEEK_END), 18);
	EQ(x_lseek(fd, -30, SEEK_END), -EINVAL);
	EQ(x_lseek(fd, 0, 7), -EINVAL);
	EQ(x_lseek(fd, 100, SEEK_SET), 100);
	char buf[64];
	EQ(x_read(fd, buf, 10), 0); /* past the end */
	EQ(x_lseek(fd, 3, 3), 3);   /* SEEK_DATA */
	EQ(x_lseek(fd, 3, 4), 20);  /* SEEK_HOLE */
	EQ(x_lseek(fd, 30, 3), -ENXIO);
	EQ(x_lseek(1, 0, SEEK_CUR), -ESPIPE);
	EQ(x_pread(1, buf, 1, 0), -ESPIPE);
	EQ(x_read(fd, NULL, -1), -EINVAL);

	struct linux_iovec iov[3];
	char a[4], b[6], c[64];
	iov[0] = (struct linux_iovec){L(a), 4};
	iov[1] = (struct linux_iovec){L(b), 6};
	iov[2] = (struct linux_iovec){L(c), 64};
	x_lseek(fd, 0, SEEK_SET);
	EQ(sys_readv(fd, L(iov), 3, 0, 0, 0), 20);
	CHECK(memcmp(a, "127.", 4) == 0 && memcmp(b, "0.0.1 ", 6) == 0 &&
	      memcmp(c, "localhost\n", 10) == 0);
	EQ(sys_readv(fd, L(iov), -1, 0, 0, 0), -EINVAL);
	EQ(sys_readv(fd, L(iov), 1025, 0, 0, 0), -EINVAL);
	EQ(sys_readv(fd, 8, 2, 0, 0, 0), -EFAULT);
	EQ(sys_readv(fd, L(iov), 0, 0, 0, 0), 0);

	console_len = 0;
	iov[0] = (struct linux_iovec){L("hello "), 6};
	iov[1] = (struct linux_iovec){L("console\n"), 8};
	EQ(sys_writev(1, L(iov), 2, 0, 0, 0), 14);
	EQ(x_write(2, "err", 3), 3);
	EQ(console_len, 17);
	CHECK(memcmp(console_buf, "hello console\nerr", 17) == 0);
	EQ(x_read(0, buf, sizeof(buf)), 0); /* stdin: nothing, EOF */
	EQ(x_write(1, (void *)16, 4), -EFAULT);
	EQ(x_read(fd, (void *)16, 4), 0); /* at EOF nothing is copied */
	x_lseek(fd, 0, SEEK_SET);
	EQ(x_read(fd, (void *)16, 4), -EFAULT);
	EQ(x_write(fd, "x", 1), -EBADF); /* read-only fd */
	EQ(sys_fsync(fd, 0, 0, 0, 0, 0), 0);
	EQ(sys_fsync(77, 0, 0, 0, 0, 0), -EBADF);
	long d = x_open("/etc", O_RDONLY, 0);
	EQ(x_read(d, buf, 4), -EISDIR);
	/* access mode 3: "ioctl only", checked like O_RDWR, no read, no write */
	EQ(x_open("/etc/hosts", 3, 0), -EROFS);
	long io = x_open("/dev/null", 3, 0);
	CHECK(io >= 0);
	EQ(x_read(io, buf, 1), -EBADF);
	EQ(x_write(io, "x", 1), -EBADF);
	EQ(x_fcntl(io, F_GETFL, 0), 3 | O_LARGEFILE);
}

static void pipes(void)
{
	setup();
	int p[2] = {-1, -1};
	char buf[128];
	EQ(sys_pipe2(L(p), O_CLOEXEC, 0, 0, 0, 0), 0);
	EQ(p[0], 3);
	EQ(p[1], 4);
	EQ(x_fcntl(p[0], F_GETFD, 0), FD_CLOEXEC);
	EQ(x_fcntl(p[1], F_GETFL, 0), O_WRONLY); /* pipes have no O_LARGEFILE */
	EQ(x_read(p[0], buf, 10), -EAGAIN);	 /* empty, writer open: would block */
	EQ(fd_poll(p[0], POLLIN), 0);
	EQ(fd_poll(p[1], POLLOUT), POLLOUT);
	EQ(x_write(p[1], "hello", 5), 5);
	EQ(fd_poll(p[0], POLLIN), POLLIN);
	int avail = 0;
	EQ(x_ioctl(p[0], FIONREAD, &avail), 0);
	EQ(avail, 5);
	EQ(x_read(p[0], buf, 3), 3);
	CHECK(memcmp(buf, "hel", 3) == 0);
	EQ(x_lseek(p[0], 0, SEEK_CUR), -ESPIPE);
	EQ(x_pread(p[0], buf, 1, 0), -ESPIPE);
	EQ(x_read(p[1], buf, 1), -EBADF);
	EQ(x_write(p[0], "x", 1), -EBADF);
	struct linux_stat st;
	EQ(x_fstat(p[0], &st), 0);
	EQ(st.st_mode & S_IFMT, S_IFIFO);
	char link[64] = {0};
	snprintf(buf, sizeof(buf), "/proc/self/fd/%d", p[0]);
	CHECK(x_readlink(buf, link, sizeof(link)) > 6 && strncmp(link, "pipe:[", 6) == 0);
	snprintf(buf, sizeof(buf), "/proc/self/fd/%d", p[1]);
	long w2 = x_open(buf, O_WRONLY, 0); /* reopen the pipe's write end */
	CHECK(w2 >= 0);
	EQ(x_write(w2, "", 0), 0);
	EQ(x_close(w2), 0);
	/* fill to capacity across the ring's wrap point */
	static char big[70000];
	memset(big, 'q', sizeof(big));
	EQ(x_fcntl(p[1], F_GETPIPE_SZ, 0), 65536);
	EQ(x_write(p[1], big, sizeof(big)), 65536 - 2);
	EQ(x_write(p[1], "x", 1), -EAGAIN);
	EQ(fd_poll(p[1], POLLOUT), 0);
	EQ(x_read(p[0], big, 2), 2);
	CHECK(big[0] == 'l' && big[1] == 'o');
	EQ(x_write(p[1], "AB", 2), 2); /* wraps around */
	static char out[70000];
	EQ(x_read(p[0], out, sizeof(out)), 65536);
	CHECK(out[65533] == 'q' && out[65534] == 'A' && out[65535] == 'B');
	EQ(x_close(p[1]), 0);
	EQ(x_read(p[0], buf, 10), 0); /* no writers: EOF */
	EQ(fd_poll(p[0], POLLIN), POLLHUP);
	EQ(sys_pipe(L(p), 0, 0, 0, 0, 0), 0);
	EQ(x_close(p[0]), 0);
	EQ(x_write(p[1], "x", 1), -EPIPE);
	EQ(fd_poll(p[1], POLLOUT), POLLERR);
	EQ(sys_pipe2(L(p), 0x1, 0, 0, 0, 0), -EINVAL);
	EQ(sys_pipe2(16, 0, 0, 0, 0, 0), -EFAULT);
	EQ(fd_poll(99, POLLIN), POLLNVAL);
	EQ(fd_poll(0, POLLIN | POLLOUT), POLLOUT); /* console: no input */
}

/* fd_get holds a file until the "syscall" ends (include/held.h): a close
 * from another thread leaves it usable, wakes the holder with EBADF, and
 * the release comes with fd_release_held. ASan catches any use after free. */
static void holds(void)
{
	setup();
	int p[2];
	char buf[4];
	EQ(sys_pipe(L(p), 0, 0, 0, 0, 0), 0);
	shim_holding = true;
	shim_closed_wakes = 0;
	struct file *r = fd_get(p[0]);
	CHECK(r != NULL);
	CHECK(fd_get(p[0]) == r); /* held once per call */
	EQ(shim_held.n, 1);
	EQ(r->holds, 1);
	EQ(x_close(p[0]), 0); /* the last fd: marked and woken, not freed */
	EQ(shim_closed_wakes, 1);
	CHECK(fd_peek(p[0]) == NULL);
	EQ(file_read(r, buf, 4, 0, false), -EBADF); /* the wait ends with EBADF */
	shim_holding = false;			    /* "other threads" hold nothing */
	EQ(x_write(p[1], "ab", 2), 2);		    /* the reader still counts */
	EQ(file_read(r, buf, 4, 0, false), 2);
	EQ(x_close(p[1]), 0);
	EQ(file_read(r, buf, 4, 0, false), 0); /* EOF: no writers */
	fd_release_held(&shim_held);	       /* the "syscall" returns: freed */
	EQ(shim_held.n, 0);
	CHECK(!shim_held.closed);
	/* A held file that keeps another fd is not closed. */
	EQ(sys_pipe(L(p), 0, 0, 0, 0, 0), 0);
	long d = sys_dup(p[0], 0, 0, 0, 0, 0);
	shim_holding = true;
	r = fd_get(p[0]);
	shim_holding = false;
	EQ(x_close(p[0]), 0);
	EQ(shim_closed_wakes, 1);
	EQ(r->refs, 1);
	fd_release_held(&shim_held);
	EQ(x_close(d), 0);
	EQ(x_close(p[1]), 0);
	/* More distinct files than one call may hold: refused, not overrun. */
	long fds[HELD_MAX + 1];
	for (int i = 0; i <= HELD_MAX; i++)
		fds[i] = x_open("/etc/hosts", O_RDONLY, 0);
	shim_holding = true;
	for (int i = 0; i < HELD_MAX; i++)
		CHECK(fd_get((int)fds[i]) != NULL);
	CHECK(fd_get((int)fds[HELD_MAX]) == NULL);
	CHECK(fd_peek((int)fds[HELD_MAX]) != NULL);
	fd_release_held(&shim_held);
	shim_holding = false;
	for (int i = 0; i <= HELD_MAX; i++)
		EQ(x_close(fds[i]), 0);
}

/* iov_import (sys/iov.c), the one check of every vectored call. */
static void iovecs(void)
{
	static char buf[64];
	struct uio_seg *v;
	struct {
		uint64_t base, len;
	} in[4];
	in[0].base = (uint64_t)buf, in[0].len = 60000;
	in[1].base = (uint64_t)buf, in[1].len = (uint64_t)0 - 59992; /* sum wraps to 8 */
	EQ(iov_import(L(in), 2, &v), -EINVAL);
	CHECK(v == NULL);
	for (int i = 0; i < 3; i++) /* each below SSIZE_MAX: outside user space */
		in[i].base = (uint64_t)buf, in[i].len = 0x5555555555555556ull;
	EQ(iov_import(L(in), 3, &v), -EFAULT);
	EQ(iov_import(L(in), UIO_MAXIOV + 1, &v), -EINVAL);
	EQ(iov_import(L(in), -1, &v), -EINVAL);
	EQ(iov_import(L(in), 0, &v), 0);
	EQ(iov_import(16, 1, &v), -EFAULT); /* the array itself unreadable */
	for (int i = 0; i < 4; i++)	    /* 4 x 1 GiB: capped at MAX_RW_COUNT */
		in[i].base = 0x10000000, in[i].len = 1ull << 30;
	EQ(iov_import(L(in), 4, &v), (long)MAX_RW_COUNT);
	EQ(v[0].len, 1ull << 30);
	EQ(v[1].len, MAX_RW_COUNT - (1ull << 30)); /* shortened */
	EQ(v[2].len + v[3].len, 0);
	kfree(v);
	struct uio_seg one;
	EQ(iov_single(0x10000000, (size_t)-1, &one), 0);
	EQ(one.len, MAX_RW_COUNT);
	EQ(iov_single(0x7ffffffff000L - 4, 8, &one), -EFAULT); /* past USER_TOP */
}

void test_fd(void)
{
	holds();
	iovecs();
	pipes();
	limits();
	dup_cloexec();
	seek_and_vectors();
}
