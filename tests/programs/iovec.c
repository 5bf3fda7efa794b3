/* iovec.c — vectored calls with hostile iovec arrays: lengths that wrap a
 * 64-bit sum to a small total, lengths above SSIZE_MAX, too many segments,
 * ranges outside user space; on pipes, files and a UDP socket. Linux
 * checks them all in one place (EINVAL, EFAULT, EMSGSIZE for sendmsg).
 * (Regression test: a UDP sendmsg whose lengths wrapped to 8 bytes had
 * the kernel copy 60000 program bytes into an 8-byte buffer.) Also
 * preadv/pwritev/preadv2/pwritev2 on a /tmp file, and other sizes from
 * the program: a file mmap past the largest offset, socket options whose
 * values overflowed (SO_RCVTIMEO) or are out of Linux's range. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/tcp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <sys/uio.h>

static char buf[65536];
static struct iovec many[1025];

/* errno names, not strerror: musl's and glibc's texts differ. */
static const char *ename(int e) {
	static char other[32];
	switch (e) {
	case EINVAL: return "EINVAL";
	case EFAULT: return "EFAULT";
	case EMSGSIZE: return "EMSGSIZE";
	case ESPIPE: return "ESPIPE";
	case EOVERFLOW: return "EOVERFLOW";
	case ENOSYS: return "ENOSYS";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	}
	snprintf(other, sizeof other, "errno %d", e);
	return other;
}

static void show(const char *what, long r) {
	if (r < 0)
		printf("%s: %s\n", what, ename(errno));
	else
		printf("%s: %ld\n", what, r);
}

int main(void) {
	int p[2];
	pipe(p);
	/* 60000 + (2^64 - 59992) wraps to 8 */
	struct iovec wrap[2] = { { buf, 60000 }, { buf, (size_t)0 - 59992 } };
	/* each below SSIZE_MAX, three of them wrap to 2: outside user space */
	struct iovec third[3] = { { buf, 0x5555555555555556 }, { buf, 0x5555555555555556 },
				  { buf, 0x5555555555555556 } };
	struct iovec neg[2] = { { buf, 16 }, { buf, (size_t)-16 } };
	show("writev wrapping", syscall(SYS_writev, p[1], wrap, 2));
	show("writev negative", syscall(SYS_writev, p[1], neg, 2));
	show("writev thirds", syscall(SYS_writev, p[1], third, 3));
	show("readv wrapping", syscall(SYS_readv, p[0], wrap, 2));
	for (int i = 0; i < 1025; i++)
		many[i] = (struct iovec){ buf, 1 };
	show("writev 1025 segments", syscall(SYS_writev, p[1], many, 1025));
	show("writev 1024 segments", syscall(SYS_writev, p[1], many, 1024));
	show("writev -1 segments", syscall(SYS_writev, p[1], many, -1L));
	struct iovec kern[1] = { { (void *)0xffff800000000000, 1 } };
	show("writev kernel pointer", syscall(SYS_writev, p[1], kern, 1));
	show("readv 1024 back", syscall(SYS_readv, p[0], many, 1024));

	/* preadv/pwritev family on a file */
	int f = open("/tmp/iovec.dat", O_CREAT | O_RDWR | O_TRUNC, 0600);
	struct iovec two[2] = { { "hello ", 6 }, { "world", 5 } };
	show("pwritev at 3", syscall(SYS_pwritev, f, two, 2, 3L, 0L));
	char a[4] = { 0 }, b[16] = { 0 };
	struct iovec rd[2] = { { a, 3 }, { b, sizeof b - 1 } };
	long n = syscall(SYS_preadv, f, rd, 2, 3L, 0L);
	printf("preadv at 3: %ld \"%s\" \"%s\"\n", n, a, b);
	show("preadv negative offset", syscall(SYS_preadv, f, rd, 2, -5L, 0L));
	show("preadv wrapping", syscall(SYS_preadv, f, wrap, 2, 0L, 0L));
	show("preadv on a pipe", syscall(SYS_preadv, p[0], rd, 2, 0L, 0L));
	lseek(f, 9, SEEK_SET);
	memset(b, 0, sizeof b);
	struct iovec one[1] = { { b, 4 } };
	n = syscall(SYS_preadv2, f, one, 1, -1L, 0L, 0L);
	printf("preadv2 at the file offset: %ld \"%s\", offset now %ld\n", n, b, (long)lseek(f, 0, SEEK_CUR));
	show("pwritev2 offset 0", syscall(SYS_pwritev2, f, two, 1, 0L, 0L, 0L));
	close(f);
	unlink("/tmp/iovec.dat");

	/* UDP: the one-buffer and message calls */
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct msghdr m = { .msg_name = &to, .msg_namelen = sizeof to, .msg_iov = wrap, .msg_iovlen = 2 };
	show("sendmsg wrapping", sendmsg(s, &m, 0));
	m.msg_iov = third;
	m.msg_iovlen = 3;
	show("sendmsg thirds", sendmsg(s, &m, 0));
	m.msg_iov = many;
	m.msg_iovlen = 1025;
	show("sendmsg 1025 segments", sendmsg(s, &m, 0));
	m.msg_iov = wrap;
	m.msg_iovlen = 2;
	show("recvmsg wrapping", recvmsg(s, &m, MSG_DONTWAIT));
	show("sendto 65508 bytes", sendto(s, buf, 65508, 0, (struct sockaddr *)&to, sizeof to));
	show("sendto kernel pointer", sendto(s, (void *)0xffff800000000000, 8, 0, (struct sockaddr *)&to, sizeof to));
	close(s);

	/* Other sizes from the program. */
	int h = open("/data/hello.txt", O_RDONLY);
	void *mp = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, h, -4096L);
	printf("mmap at offset -4096: %s\n", mp == MAP_FAILED ? ename(errno) : "mapped");
	mp = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, h, 0x7ffffffffffff000L);
	printf("mmap past the largest offset: %s\n", mp == MAP_FAILED ? ename(errno) : "mapped");
	close(h);
	int t = socket(AF_INET, SOCK_STREAM, 0);
	struct timeval tv = { 0x7fffffffffffffffL / 100, 0 }, back = { 1, 1 };
	socklen_t bl = sizeof back;
	show("SO_RCVTIMEO of 2.9 billion years", setsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
	getsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &back, &bl);
	printf("reads back as %ld.%06ld (no timeout)\n", (long)back.tv_sec, (long)back.tv_usec);
	int v = 0;
	show("TCP_KEEPIDLE 0", setsockopt(t, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof v));
	v = 40000;
	show("TCP_KEEPINTVL 40000", setsockopt(t, IPPROTO_TCP, TCP_KEEPINTVL, &v, sizeof v));
	v = 128;
	show("TCP_KEEPCNT 128", setsockopt(t, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof v));
	v = 60;
	show("TCP_KEEPIDLE 60", setsockopt(t, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof v));
	v = 1;
	show("SO_REUSEADDR with 2 bytes", setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, 2));
	show("TCP_NODELAY with 0 bytes", setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &v, 0));
	show("SO_REUSEADDR with 4 bytes", setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, 4));
	close(t);
	return 0;
}
