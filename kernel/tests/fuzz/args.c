/* args.c — argument generators: hostile values of each kind, and the
 * structured contents of the arena (paths, iovecs, timespecs, sockaddrs,
 * msghdrs, pollfds) that typed pointer arguments point at.
 *
 * Hostile pointers follow the classes a kernel must refuse at the entry:
 * kernel half (direct map, text), non-canonical, just below USER_TOP so a
 * range crosses into the kernel half, unmapped user pages, read-only user
 * pages (our text, the vDSO) for writes, misaligned addresses, and the
 * arena's last bytes so a range runs into the guard.
 */
#include "fuzz.h"
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/uio.h>
#include <poll.h>
#include <sys/epoll.h>
#include <time.h>

/* Arena pages with structured contents; the rest is plain buffer space. */
enum { PG_PATH, PG_IOV, PG_TIME, PG_ADDR, PG_MSG, PG_POLL, PG_SIGSET, PG_BUF };

static const char *const paths[] = {
	"/tmp/f0",
	"/tmp/f1",
	"/tmp/f2",
	"/tmp/f3",
	"/tmp/d0",
	"/tmp/d1",
	"/tmp/s0",
	"/tmp/d0/x",
	"/data/hello.txt",
	"/data",
	"/",
	".",
	"..",
	"",
	"/tmp",
	"/proc/self/maps",
	"/proc/self/fd/3",
	"/proc/self/fd",
	"/nonexistent/a/b",
	"/tmp/f0/",
	"//tmp///f1",
	"/tmp/../tmp/f2",
};
#define NPATHS (sizeof paths / sizeof paths[0])

static long arena_at(int page, long off)
{
	return (long)(F.arena + (uint64_t)page * PAGE + off);
}

long gen_ptr(struct rng *r)
{
	switch (below(r, 16)) {
	case 0: return 0;
	case 1: return (long)(0xffff800000000000UL + below(r, 1UL << 32)); /* direct map */
	case 2: return (long)(0xffffffff80000000UL + below(r, 1UL << 24)); /* kernel text */
	case 3:
		return (long)(0x0000800000000000UL +
			      below(r, 4) * 0x100000000000UL); /* non-canonical */
	case 4: return (long)(USER_TOP - below(r, 64));	       /* crosses USER_TOP */
	case 5:
		return (long)(F.arena + ARENA_SIZE * 2 +
			      below(r, ZONE_SIZE - 2 * ARENA_SIZE)); /* zone, maybe unmapped */
	case 6: return (long)(F.zone - 1 - below(r, 4096));	     /* guard below the zone */
	case 7: return (long)(below(r, 2) ? F.text : F.vdso) + (long)below(r, 64); /* read-only */
	case 8: return (long)(F.arena + ARENA_SIZE - below(r, 32)); /* runs off the arena */
	case 9: return (long)(below(r, 0x10000));		    /* low page */
	case 10: return (long)rnd(r);
	default:
		return (long)(F.arena + below(r, ARENA_SIZE - 64) +
			      (chance(r, 20) ? 1 + below(r, 7) : 0));
	}
}

long gen_len(struct rng *r, long ptr)
{
	switch (below(r, 14)) {
	case 0: return 0;
	case 1: return (long)below(r, 64);
	case 2: return (long)below(r, 8192);
	case 3: return -1;
	case 4: return 0x7fffffffffffffffL;
	case 5: return (long)0x8000000000000000UL;
	case 6: return -ptr;			    /* ptr + len wraps to 0 */
	case 7: return -ptr + (long)below(r, 8192); /* wraps a little past 0 */
	case 8:
		return (long)(USER_TOP - (uint64_t)ptr +
			      below(r, 8192)); /* ends in the kernel half */
	case 9: return 0x7fffffff;
	case 10: return 0x80000000L;
	case 11: return 0x100000000L + (long)below(r, 64);
	case 12: return (long)PAGE;
	default: return (long)below(r, ARENA_SIZE);
	}
}

int pool_fd(struct rng *r)
{
	return atomic_load(&F.pool[below(r, POOL_SLOTS)]);
}

long gen_fd(struct rng *r)
{
	switch (below(r, 12)) {
	case 0: return -1;
	case 1: return -100; /* AT_FDCWD */
	case 2: return 1023 + (long)below(r, 3);
	case 3: return 0x7fffffff;
	case 4: return (long)0x80000000;
	case 5: return 0x100000000L + pool_fd(r); /* high bits over a real fd */
	case 6: return 3 + (long)below(r, 60);	  /* whatever is open there */
	default: {
		int fd = pool_fd(r);
		return fd >= 3 ? fd : -1;
	}
	}
}

long gen_any(struct rng *r)
{
	static const long edge[] = {0,
				    1,
				    -1,
				    2,
				    3,
				    4,
				    7,
				    8,
				    16,
				    64,
				    4095,
				    4096,
				    65535,
				    65536,
				    0x7fffffff,
				    0x80000000L,
				    0xffffffffL,
				    0x100000000L,
				    0x7fffffffffffffffL,
				    (long)0x8000000000000000UL,
				    -4096,
				    -4095};
	switch (below(r, 4)) {
	case 0: return edge[below(r, sizeof edge / sizeof edge[0])];
	case 1: return 1L << below(r, 64);
	case 2: return (long)below(r, 256);
	default: return (long)rnd(r);
	}
}

/* A typed pointer: the arena page of that kind, otherwise any pointer. */
static long typed(struct rng *r, int page, int stride, int count)
{
	if (chance(r, 70))
		return arena_at(page, (long)below(r, (uint64_t)count) * stride);
	return gen_ptr(r);
}

static long gen_path(struct rng *r)
{
	if (chance(r, 80))
		return typed(r, PG_PATH, 64, NPATHS + 2);
	return gen_ptr(r);
}

/* Fill the arena's structured pages. Racing kernel writes clobber them;
 * each worker calls this now and then. */
void arena_refresh(struct rng *r)
{
	char *p = (char *)arena_at(PG_PATH, 0);
	for (unsigned i = 0; i < NPATHS; i++)
		strncpy(p + 64 * i, paths[i], 63);
	memset(p + 64 * NPATHS, 'a', 64); /* unterminated: runs into the next */
	memset(p + PAGE - 40, 'z', 40);	  /* runs off a page */
	struct iovec *iov = (struct iovec *)arena_at(PG_IOV, 0);
	for (int i = 0; i < 64; i++) {
		long base = chance(r, 70) ? arena_at(PG_BUF + (int)below(r, 200), 0) : gen_ptr(r);
		iov[i].iov_base = (void *)base;
		iov[i].iov_len = chance(r, 60) ? below(r, 4096) : (size_t)gen_len(r, base);
	}
	struct timespec *ts = (struct timespec *)arena_at(PG_TIME, 0);
	static const long secs[] = {
		0, 0, 0, 0, 1, -1, 0x7fffffffffffffffL, 0, 0, 100000, (long)0x8000000000000000UL};
	static const long nsecs[] = {0,		1,	    100000, 999999999, 0, 0,
				     999999999, 1000000000, -1,	    0,	       0};
	for (int i = 0; i < 128; i++) {
		int k = (int)below(r, sizeof secs / sizeof secs[0]);
		ts[i].tv_sec = chance(r, 80) ? secs[k] : (long)rnd(r);
		ts[i].tv_nsec = chance(r, 80) ? nsecs[below(r, sizeof nsecs / sizeof nsecs[0])]
					      : (long)rnd(r);
	}
	char *a = (char *)arena_at(PG_ADDR, 0);
	memset(a, 0, PAGE);
	for (int i = 0; i < 16; i++) { /* 128-byte slots */
		char *s = a + 128 * i;
		switch (i % 5) {
		case 0:
		case 1: {
			struct sockaddr_in *in = (struct sockaddr_in *)s;
			in->sin_family = AF_INET;
			in->sin_port = htons((uint16_t)(40000 + below(r, 8)));
			in->sin_addr.s_addr =
				htonl(chance(r, 80) ? INADDR_LOOPBACK : (uint32_t)rnd(r));
			break;
		}
		case 2: {
			struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)s;
			in6->sin6_family = AF_INET6;
			in6->sin6_port = htons((uint16_t)(40000 + below(r, 8)));
			in6->sin6_addr.s6_addr[15] = 1;
			break;
		}
		case 3: {
			struct sockaddr_un *un = (struct sockaddr_un *)s;
			un->sun_family = AF_UNIX;
			if (chance(r, 50))
				strcpy(un->sun_path, "/tmp/s0");
			else if (chance(r, 50))
				memset(un->sun_path, 'u', 120); /* unterminated, too long */
			else
				strcpy(un->sun_path + 1, "abstract");
			break;
		}
		default:
			for (int j = 0; j < 128; j++)
				s[j] = (char)rnd(r);
		}
	}
	struct msghdr *m = (struct msghdr *)arena_at(PG_MSG, 0);
	for (int i = 0; i < 16; i++) {
		m[i].msg_name = chance(r, 50) ? (void *)arena_at(PG_ADDR, 128 * (long)below(r, 16))
					      : (void *)gen_ptr(r);
		m[i].msg_namelen = chance(r, 70) ? (socklen_t)below(r, 130) : (socklen_t)rnd(r);
		m[i].msg_iov = (void *)typed(r, PG_IOV, sizeof(struct iovec), 60);
		m[i].msg_iovlen = chance(r, 70) ? below(r, 8) : (size_t)gen_any(r);
		m[i].msg_control =
			chance(r, 30) ? (void *)arena_at(PG_MSG, 2048 + 128 * (long)below(r, 8))
				      : (void *)gen_ptr(r);
		m[i].msg_controllen = chance(r, 70) ? below(r, 128) : (size_t)gen_any(r);
		m[i].msg_flags = (int)rnd(r);
	}
	for (int i = 0; i < 8; i++) { /* control messages: SCM_RIGHTS with pool and bad fds */
		struct cmsghdr *c = (struct cmsghdr *)arena_at(PG_MSG, 2048 + 128 * i);
		c->cmsg_len = chance(r, 70) ? CMSG_LEN(4 * (1 + below(r, 4))) : (size_t)gen_any(r);
		c->cmsg_level = chance(r, 80) ? SOL_SOCKET : (int)rnd(r);
		c->cmsg_type = chance(r, 80) ? SCM_RIGHTS : (int)below(r, 4);
		int *fds = (int *)CMSG_DATA(c);
		for (int j = 0; j < 4; j++)
			fds[j] = (int)gen_fd(r);
	}
	struct pollfd *pf = (struct pollfd *)arena_at(PG_POLL, 0);
	for (int i = 0; i < 128; i++) {
		pf[i].fd = (int)gen_fd(r);
		pf[i].events = (short)(chance(r, 70) ? (POLLIN | POLLOUT) : rnd(r));
		pf[i].revents = 0;
	}
	struct epoll_event *ev = (struct epoll_event *)arena_at(PG_POLL, 2048);
	for (int i = 0; i < 64; i++) {
		ev[i].events = chance(r, 70) ? (EPOLLIN | EPOLLOUT | (chance(r, 30) ? EPOLLET : 0))
					     : (uint32_t)rnd(r);
		ev[i].data.u64 = rnd(r);
	}
	uint64_t *set = (uint64_t *)arena_at(PG_SIGSET, 0);
	for (int i = 0; i < 64; i++)
		set[i] = chance(r, 50) ? rnd(r) : 0;
}

/* The typed generators calls.c uses. */
long gen_typed(struct rng *r, char kind, long prev)
{
	switch (kind) {
	case 'f': return gen_fd(r);
	case 'p': return gen_ptr(r);
	case 'l': return chance(r, 60) ? (long)below(r, 4096) : gen_len(r, prev);
	case 's': return gen_path(r);
	case 'v': return typed(r, PG_IOV, sizeof(struct iovec), 60);
	case 'c': return chance(r, 70) ? (long)below(r, 9) : gen_any(r); /* counts */
	case 't': return chance(r, 15) ? 0 : typed(r, PG_TIME, sizeof(struct timespec), 126);
	case 'a': return typed(r, PG_ADDR, 128, 16);
	case 'k': return chance(r, 70) ? (long)below(r, 130) : gen_any(r); /* socklen */
	case 'm': return typed(r, PG_MSG, sizeof(struct msghdr), 16);
	case 'e':
		return chance(r, 70) ? arena_at(PG_POLL, 2048 + 12 * (long)below(r, 60))
				     : gen_ptr(r);
	case 'P': return typed(r, PG_POLL, sizeof(struct pollfd), 120);
	case 'g': return typed(r, PG_SIGSET, 8, 60);
	case 'T': return chance(r, 80) ? (long)below(r, 4) - 1 : gen_any(r);  /* ms timeout */
	case 'o': return chance(r, 50) ? (long)below(r, 8192) : gen_any(r);   /* file offset */
	case 'F': return chance(r, 50) ? (long)below(r, 0x1000) : gen_any(r); /* flags */
	default: return gen_any(r);
	}
}

long gen_bad_ptr(struct rng *r)
{
	switch (below(r, 8)) {
	case 0: return 0;
	case 1: return (long)(0xffff800000000000UL + below(r, 1UL << 32));
	case 2: return (long)(0xffffffff80000000UL + below(r, 1UL << 24));
	case 3: return (long)(0x0000800000000000UL + below(r, 1UL << 40));
	case 4: return (long)(USER_TOP - 1 - below(r, 16)); /* a struct here crosses USER_TOP */
	case 5: return (long)below(r, 0x1000);
	case 6: return -1 - (long)below(r, 16);		     /* wraps */
	default: return (long)(F.zone - 8 - below(r, 4096)); /* guard */
	}
}

/* An address range for the memory calls: inside the zone (so it may
 * unmap or remap only what holds none of our state), or one the kernel
 * must refuse: kernel half, crossing USER_TOP, wrapping, non-canonical. */
void gen_range(struct rng *r, long *addr, long *len)
{
	uint64_t end = F.zone + ZONE_SIZE;
	if (chance(r, 75)) {
		uint64_t a = F.zone + below(r, ZONE_SIZE / PAGE) * PAGE +
			     (chance(r, 10) ? below(r, PAGE) : 0);
		*addr = (long)a;
		uint64_t room = end - a;
		switch (below(r, 6)) {
		case 0: *len = 0; break;
		case 1:
			*len = (long)(USER_TOP - a + (1 + below(r, 3)) * PAGE);
			break; /* into the kernel half */
		case 2: *len = -(long)a + (long)((1 + below(r, 4)) * PAGE); break; /* wraps */
		case 3: *len = (long)(0x8000000000000000UL + below(r, PAGE)); break;
		default:
			*len = (long)(1 + below(r, room < (16UL << 20) ? room : (16UL << 20)));
			break;
		}
		return;
	}
	*addr = gen_bad_ptr(r);
	if (*addr == 0 && chance(r, 80))
		*addr = (long)(0x0000800000000000UL -
			       PAGE * (1 + below(r, 4))); /* last user pages */
	*len = chance(r, 50) ? (long)(PAGE * (1 + below(r, 8))) : gen_any(r);
	if ((uint64_t)*addr < USER_TOP &&
	    /* 0 too: munmap(0, 4 GiB) would take our text */ (uint64_t)*addr + (uint64_t)*len <=
		    USER_TOP &&
	    (uint64_t)*addr + (uint64_t)*len >= (uint64_t)*addr)
		*len = (long)(USER_TOP - (uint64_t)*addr + PAGE); /* a user range must cross out */
}
