/*
 * sys_poll.c — poll, ppoll, select, pselect6 over fd_poll (fs/vfs.h).
 *
 * Each call checks every fd; if something is ready (or the timeout is
 * zero) it returns at once, otherwise it blocks in poll_wait (wait.h)
 * until anything's readiness may have changed (poll_notify), the timeout
 * passes (0) or a signal arrives (-EINTR), and checks again.
 * Layouts: struct pollfd {int fd; short events, revents;}, fd_set is a
 * bit array of longs (Linux include/uapi/linux/poll.h, posix_types.h).
 */
#include "syscall.h"
#include "../include/ktime.h"
#include "proc.h"
#include "../fs/vfs.h"
#include "../arch/time.h"
#include "../include/wait.h"
#include "../sched/sched.h"

#define POLLIN	     1
#define POLLOUT	     4
#define POLLERR	     8
#define POLLHUP	     0x10
#define POLLNVAL     0x20
#define MAX_POLL_FDS 1024 /* RLIMIT_NOFILE default */
#define FD_SETSIZE   1024

struct pollfd_u {
	int32_t fd;
	int16_t events, revents;
};

static long poll_scan(long ufds, long nfds);

static long do_poll(long ufds, long nfds, uint64_t timeout_ns, bool forever, const char *what)
{
	if (nfds < 0 || nfds > MAX_POLL_FDS)
		return -EINVAL;
	uint64_t deadline = time_monotonic_ns() + timeout_ns; /* clamped (ktime.h) */
	for (;;) {
		long ready = poll_scan(ufds, nfds);
		if (ready || (!forever && !timeout_ns))
			return ready;
		int r = poll_wait(forever ? 0 : deadline);
		if (r == -ETIMEDOUT)
			return 0;
		if (r == -EINTR)
			return -EINTR;
	}
}

/* One pass over the pollfd array: revents written back, ready count. */
static long poll_scan(long ufds, long nfds)
{
	struct pollfd_u p;
	long ready = 0;
	for (long i = 0; i < nfds; i++) {
		struct pollfd_u *u = (struct pollfd_u *)ufds + i;
		if (copy_from_user(&p, u, sizeof p))
			return -EFAULT;
		p.revents = p.fd < 0 ? 0
				     : (int16_t)(fd_poll(p.fd, p.events | POLLERR | POLLHUP) &
						 (p.events | POLLERR | POLLHUP | POLLNVAL));
		ready += p.revents != 0;
		if (copy_to_user(&u->revents, &p.revents, sizeof p.revents))
			return -EFAULT;
	}
	return ready;
}

long sys_poll(long ufds, long nfds, long timeout_ms, long d, long e, long f)
{
	int t = (int)timeout_ms;
	return do_poll(ufds, nfds, t > 0 ? (uint64_t)t * 1000000 : 0, t < 0, "poll");
}

static long read_timeout(long uts, uint64_t *ns, bool *forever)
{
	*forever = uts == 0;
	*ns = 0;
	if (!uts)
		return 0;
	return timespec_from_user(uts, ns);
}

long sys_ppoll(long ufds, long nfds, long uts, long sigmask, long sigsetsize, long f)
{
	uint64_t ns;
	bool forever;
	long err = read_timeout(uts, &ns, &forever);
	if (err || (err = signal_wait_mask_begin(sigmask, sigsetsize)))
		return err;
	long r = do_poll(ufds, nfds, ns, forever, "ppoll");
	signal_wait_mask_end(sigmask, r);
	return r;
}

static long select_scan(long n, uint64_t sets[3][FD_SETSIZE / 64],
			uint64_t res[3][FD_SETSIZE / 64]);

/* select: three bit sets in, the ready subsets out. */
static long do_select(long n, long uin, long uout, long uex, uint64_t ns, bool forever)
{
	if (n < 0 || n > FD_SETSIZE)
		return -EINVAL;
	uint64_t sets[3][FD_SETSIZE / 64] = {{0}}, res[3][FD_SETSIZE / 64] = {{0}};
	long users[3] = {uin, uout, uex};
	size_t bytes = (size_t)(n + 63) / 64 * 8;
	for (int k = 0; k < 3; k++)
		if (users[k] && copy_from_user(sets[k], (const void *)users[k], bytes))
			return -EFAULT;
	uint64_t deadline = time_monotonic_ns() + ns;
	long ready;
	for (;;) {
		ready = select_scan(n, sets, res);
		if (ready < 0)
			return ready;
		if (ready || (!forever && !ns))
			break;
		int r = poll_wait(forever ? 0 : deadline);
		if (r == -ETIMEDOUT)
			break;
		if (r == -EINTR)
			return -EINTR;
	}
	for (int k = 0; k < 3; k++)
		if (users[k] && copy_to_user((void *)users[k], res[k], bytes))
			return -EFAULT;
	return ready;
}

static long select_scan(long n, uint64_t sets[3][FD_SETSIZE / 64], uint64_t res[3][FD_SETSIZE / 64])
{
	long ready = 0;
	memset(res, 0, 3 * FD_SETSIZE / 8);
	for (long fd = 0; fd < n; fd++) {
		uint64_t bit = 1ULL << (fd % 64);
		int want = (sets[0][fd / 64] & bit ? POLLIN : 0) |
			   (sets[1][fd / 64] & bit ? POLLOUT : 0);
		bool ex = sets[2][fd / 64] & bit;
		if (!want && !ex)
			continue;
		int r = fd_poll((int)fd, want);
		if (r & POLLNVAL)
			return -EBADF;
		if ((want & POLLIN) && (r & (POLLIN | POLLHUP | POLLERR))) {
			res[0][fd / 64] |= bit;
			ready++;
		}
		if ((want & POLLOUT) && (r & (POLLOUT | POLLERR))) {
			res[1][fd / 64] |= bit;
			ready++;
		}
	}
	return ready;
}

long sys_select(long n, long uin, long uout, long uex, long utv, long f)
{
	uint64_t ns = 0;
	if (utv) {
		long err = timeval_from_user(utv, &ns);
		if (err)
			return err;
	}
	return do_select(n, uin, uout, uex, ns, utv == 0);
}

/* usig points at { const sigset_t *ss; size_t ss_len; } (Linux's pselect6). */
long sys_pselect6(long n, long uin, long uout, long uex, long uts, long usig)
{
	uint64_t ns, sig[2] = {0, 0};
	bool forever;
	long err = read_timeout(uts, &ns, &forever);
	if (err)
		return err;
	if (usig && copy_from_user(sig, (const void *)usig, sizeof sig))
		return -EFAULT;
	if ((err = signal_wait_mask_begin((long)sig[0], (long)sig[1])))
		return err;
	long r = do_select(n, uin, uout, uex, ns, forever);
	signal_wait_mask_end((long)sig[0], r);
	return r;
}
