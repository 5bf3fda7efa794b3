/* races.c — structured races: one thread (the blocker) sleeps in a call
 * on an object, the other (the racer) closes, replaces or unmaps what the
 * call uses, then reuses the fd number for a new object. The kernel must
 * wake the sleeper or let it finish on the object it held, never touch
 * freed memory, never panic. The kicker (main.c) interrupts a sleeper that
 * nothing else wakes; one that stays asleep is reported as stuck.
 */
#include "fuzz.h"
#include <sys/mman.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <poll.h>
#include <time.h>
#include <string.h>
#include <pthread.h>
#include <signal.h>

/* The racer's own calls (setup, close, connect, accept) can block too, on
 * objects a random worker just closed or stole: the monitor sees and
 * kicks them like any worker's call. */
static _Thread_local struct worker *self;
static long tracked(long n, long a, long b, long c, long d, long e, long f)
{
	if (self) {
		atomic_store(&self->since_ns, now_ns());
		atomic_store(&self->nr, n);
	}
	long r = raw_syscall(n, a, b, c, d, e, f);
	if (self)
		atomic_store(&self->nr, -1);
	return r;
}
#define raw_syscall tracked

struct pair {
	struct worker *bw;   /* the blocker's worker slot */
	_Atomic long cmd_nr; /* -1: idle; else the call to make */
	long cmd[6];
	_Atomic int started, done;
	_Atomic long result;
	_Atomic int *held; /* 8 slots of F.held */
	int id;
};
static struct pair pairs[2];

static void *blocker_main(void *arg)
{
	struct pair *p = arg;
	atomic_store(&p->bw->tid, raw_syscall(186, 0, 0, 0, 0, 0, 0));
	for (;;) {
		long nr = atomic_load(&p->cmd_nr);
		if (nr < 0) {
			raw_syscall(24, 0, 0, 0, 0, 0, 0);
			continue;
		}
		atomic_store(&p->started, 1);
		memcpy(p->bw->args, p->cmd, sizeof p->cmd);
		atomic_store(&p->bw->futex_addr, nr == 202 ? p->cmd[0] : 0);
		atomic_store(&p->bw->since_ns, now_ns());
		atomic_store(&p->bw->nr, nr);
		long ret = raw_syscall(nr, p->cmd[0], p->cmd[1], p->cmd[2], p->cmd[3], p->cmd[4],
				       p->cmd[5]);
		atomic_store(&p->bw->nr, -1);
		atomic_fetch_add(&p->bw->calls, 1);
		atomic_fetch_add(&F.calls, 1);
		atomic_store(&p->result, ret);
		atomic_store(&p->cmd_nr, -1);
		atomic_store(&p->done, 1);
	}
	return 0;
}

static void hold(struct pair *p, int i, long fd)
{
	atomic_store(&p->held[i], fd >= 0 ? (int)fd : -1);
}

static void start(struct pair *p, long nr, long a0, long a1, long a2, long a3, long a4)
{
	p->cmd[0] = a0;
	p->cmd[1] = a1;
	p->cmd[2] = a2;
	p->cmd[3] = a3;
	p->cmd[4] = a4;
	p->cmd[5] = 0;
	atomic_store(&p->done, 0);
	atomic_store(&p->started, 0);
	atomic_store(&p->cmd_nr, nr);
	while (!atomic_load(&p->started))
		raw_syscall(24, 0, 0, 0, 0, 0, 0);
}

/* Waits for the blocker; 0 when it never came back (reported). */
static int finish(struct pair *p, const char *what, long unblock_fd)
{
	uint64_t t0 = now_ns();
	while (!atomic_load(&p->done)) {
		if (unblock_fd >= 0)
			raw_syscall(1, unblock_fd, (long)"x", 1, 0, 0, 0);
		nap_us(2000);
		if (now_ns() - t0 > 30000000000ULL) {
			say("fuzz: STUCK race %s: blocker still in syscall %ld after 30 s", what,
			    atomic_load(&p->bw->nr));
			atomic_fetch_add(&F.stuck, 1);
			return 0;
		}
	}
	return 1;
}

static long zone_page(struct pair *p, struct rng *r)
{ /* racers' own corner of the zone */
	return (long)(F.zone + ZONE_SIZE - (uint64_t)(p->id * 64 + 1 + below(r, 63)) * PAGE);
}

#define CLOSE(fd) raw_syscall(3, (fd), 0, 0, 0, 0, 0)

static int one_race(struct pair *p, struct rng *r, int which)
{
	long fds[2] = {-1, -1}, x = -1, y = -1, ret = 1;
	long buf = (long)(F.arena + below(r, ARENA_SIZE - 8192));
	const char *name = "?";
	int port = 46000 + p->id * 100 + (int)below(r, 50);
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons((uint16_t)port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	switch (which) {
	case 0:
	case 1:
	case 2: /* read on a pipe / socketpair / eventfd; close; reuse the number */
		name = which == 0   ? "pipe-read-close"
		       : which == 1 ? "socket-read-close"
				    : "eventfd-read-close";
		if (which == 0)
			raw_syscall(22, (long)fds, 0, 0, 0, 0, 0);
		else if (which == 1) {
			int sv[2] = {-1, -1};
			raw_syscall(53, AF_UNIX, SOCK_STREAM, 0, (long)sv, 0, 0);
			fds[0] = sv[0];
			fds[1] = sv[1];
		} else
			fds[0] = raw_syscall(290, 0, 0, 0, 0, 0, 0);
		if ((int)fds[0] < 0)
			return 1;
		fds[0] = (int)fds[0];
		fds[1] = (int)fds[1];
		hold(p, 0, fds[0]);
		hold(p, 1, fds[1]);
		start(p, 0, fds[0], buf, 4096, 0, 0);
		nap_us((long)below(r, 3000));
		CLOSE(fds[0]);
		if (chance(r, 50)) {
			CLOSE(fds[1]);
			fds[1] = -1;
		}
		x = raw_syscall(290, 0, 0, 0, 0, 0, 0); /* likely takes fds[0]'s number */
		hold(p, 2, x);
		ret = finish(p, name, fds[1] >= 0 ? fds[1] : -1);
		break;
	case 3: /* write into a full pipe; close the reader */
		name = "pipe-write-close";
		raw_syscall(22, (long)fds, 0, 0, 0, 0, 0);
		fds[0] = (int)fds[0];
		fds[1] = (int)fds[1];
		if (fds[0] < 0)
			return 1;
		hold(p, 0, fds[0]);
		hold(p, 1, fds[1]);
		start(p, 1, fds[1], (long)F.arena, ARENA_SIZE, 0, 0);
		nap_us((long)below(r, 3000));
		CLOSE(chance(r, 50) ? fds[0] : fds[1]);
		ret = finish(p, name, -1);
		break;
	case 4:
	case 5: /* accept on a listener / epoll_wait; close under it */
		name = which == 4 ? "accept-close" : "epoll-wait-close";
		fds[0] = raw_syscall(41, AF_INET, SOCK_STREAM, 0, 0, 0, 0);
		if (fds[0] < 0)
			return 1;
		hold(p, 0, fds[0]);
		raw_syscall(49, fds[0], (long)&sin, sizeof sin, 0, 0, 0);
		raw_syscall(50, fds[0], 4, 0, 0, 0, 0);
		if (which == 4) {
			start(p, 43, fds[0], 0, 0, 0, 0);
		} else {
			x = raw_syscall(291, 0, 0, 0, 0, 0, 0);
			hold(p, 2, x);
			struct epoll_event ev = {.events = EPOLLIN};
			raw_syscall(233, x, EPOLL_CTL_ADD, fds[0], (long)&ev, 0, 0);
			start(p, 232, x, buf, 8, -1, 0);
		}
		nap_us((long)below(r, 3000));
		if (which == 5 && chance(r, 50))
			CLOSE(x);
		else
			CLOSE(fds[0]);
		if (chance(r, 50)) { /* a client for whatever listens there now */
			y = raw_syscall(41, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0, 0, 0, 0);
			hold(p, 3, y);
			raw_syscall(42, y, (long)&sin, sizeof sin, 0, 0, 0);
		}
		ret = finish(p, name, -1);
		break;
	case 6: /* recv on an accepted TCP connection; close or shut it down */
		name = "tcp-recv-close";
		fds[0] = raw_syscall(41, AF_INET, SOCK_STREAM, 0, 0, 0, 0);
		if (fds[0] < 0)
			return 1;
		hold(p, 0, fds[0]);
		if (raw_syscall(49, fds[0], (long)&sin, sizeof sin, 0, 0, 0) < 0 ||
		    raw_syscall(50, fds[0], 4, 0, 0, 0, 0) < 0)
			break;
		y = raw_syscall(41, AF_INET, SOCK_STREAM, 0, 0, 0, 0);
		hold(p, 3, y);
		if (raw_syscall(42, y, (long)&sin, sizeof sin, 0, 0, 0) < 0)
			break;
		x = raw_syscall(43, fds[0], 0, 0, 0, 0, 0);
		hold(p, 2, x);
		if (x < 0)
			break;
		start(p, 45, chance(r, 50) ? x : y, buf, 4096, 0, 0);
		nap_us((long)below(r, 3000));
		if (chance(r, 30))
			raw_syscall(48, x, 2, 0, 0, 0, 0);
		CLOSE(x);
		CLOSE(chance(r, 50) ? y : fds[0]);
		ret = finish(p, name, -1);
		break;
	case 7: /* poll on a pipe; dup2 another object over the fd */
		name = "poll-dup2";
		raw_syscall(22, (long)fds, 0, 0, 0, 0, 0);
		fds[0] = (int)fds[0];
		fds[1] = (int)fds[1];
		if (fds[0] < 0)
			return 1;
		hold(p, 0, fds[0]);
		hold(p, 1, fds[1]);
		{
			static struct pollfd pf[2][2];
			pf[p->id][0] = (struct pollfd){.fd = (int)fds[0], .events = POLLIN};
			pf[p->id][1] = (struct pollfd){.fd = (int)fds[1], .events = 0};
			start(p, 7, (long)pf[p->id], 2, -1, 0, 0);
		}
		nap_us((long)below(r, 3000));
		x = raw_syscall(290, 0, 0, 0, 0, 0, 0);
		hold(p, 2, x);
		raw_syscall(33, x, fds[0], 0, 0, 0, 0);
		ret = finish(p, name, fds[1]);
		break;
	case 8:
	case 9: { /* futex wait / pipe read into a page; unmap the page */
		name = which == 8 ? "futex-munmap" : "read-munmap";
		long pg = zone_page(p, r);
		if (raw_syscall(9, pg, PAGE, 3, 0x32 /* PRIVATE|ANON|FIXED */, -1, 0) != pg)
			return 1;
		if (which == 8) {
			start(p, 202, pg + 4 * (long)below(r, 1024), 0 /* WAIT */, 0, 0, 0);
		} else {
			raw_syscall(22, (long)fds, 0, 0, 0, 0, 0);
			fds[0] = (int)fds[0];
			fds[1] = (int)fds[1];
			if (fds[0] < 0)
				return 1;
			hold(p, 0, fds[0]);
			hold(p, 1, fds[1]);
			start(p, 0, fds[0], pg, PAGE, 0, 0);
		}
		nap_us((long)below(r, 3000));
		raw_syscall(11, pg, PAGE, 0, 0, 0, 0);
		if (chance(r, 50))
			raw_syscall(9, pg, PAGE, 1, 0x32, -1, 0); /* read-only now */
		if (which == 8)
			raw_syscall(202, pg, 1 /* WAKE */, 1, 0, 0, 0);
		ret = finish(p, name, which == 9 ? fds[1] : -1);
		break;
	}
	case 10: { /* timerfd storm: tiny intervals, poll and read them all */
		name = "timerfd-storm";
		long t[4];
		struct itimerspec its = {.it_interval = {0, 1 + (long)below(r, 1000)},
					 .it_value = {0, 1}};
		struct pollfd pf[4];
		for (int i = 0; i < 4; i++) {
			t[i] = raw_syscall(283, CLOCK_MONOTONIC, chance(r, 50) ? 04000 : 0, 0, 0, 0,
					   0);
			hold(p, i, t[i]);
			raw_syscall(286, t[i], 0, (long)&its, 0, 0, 0);
			pf[i] = (struct pollfd){.fd = (int)t[i], .events = POLLIN};
		}
		uint64_t end = now_ns() + 50000000ULL * (1 + below(r, 4));
		while (now_ns() < end) {
			raw_syscall(7, (long)pf, 4, (long)below(r, 3), 0, 0, 0);
			uint64_t v;
			raw_syscall(0, t[below(r, 4)], (long)&v, 8, 0, 0, 0);
			atomic_fetch_add(&F.calls, 2);
		}
		for (int i = 0; i < 4; i++)
			CLOSE(t[i]);
		break;
	}
	default: { /* nanosleep under a signal storm */
		name = "sleep-signals";
		static struct timespec ts = {3600, 0};
		start(p, 35, (long)&ts, 0, 0, 0, 0);
		for (int i = 0; i < 20 && !atomic_load(&p->done); i++) {
			raw_syscall(234, F.pid, atomic_load(&p->bw->tid), SIGUSR1 + (i & 1) * 2, 0,
				    0, 0);
			nap_us((long)below(r, 500));
		}
		ret = finish(p, name, -1);
	}
	}
	if (!atomic_load(&p->done) && atomic_load(&p->cmd_nr) >= 0 && ret)
		ret = finish(p, name, -1);
	long all[] = {fds[0], fds[1], x, y};
	for (int i = 0; i < 4; i++)
		if (all[i] >= 0)
			CLOSE(all[i]);
	for (int i = 0; i < 8; i++)
		hold(p, i, -1);
	atomic_fetch_add(&F.races, 1);
	return (int)ret;
}

void *racer_main(void *arg)
{
	struct pair *p = &pairs[(long)arg];
	p->id = (int)(long)arg;
	p->held = &F.held[p->id * 8];
	p->bw = &F.w[WORKERS + 1 + 2 * p->id];
	struct worker *me = &F.w[WORKERS + 2 * p->id];
	atomic_store(&me->tid, raw_syscall(186, 0, 0, 0, 0, 0, 0));
	self = me;
	atomic_store(&p->cmd_nr, -1);
	struct rng r = {F.seed ^ (0xabcdef12345ULL * (uint64_t)(p->id + 77))};
	for (int i = 0; i < 8; i++)
		hold(p, i, -1);
	pthread_t t;
	int made = pthread_create(&t, 0, blocker_main, p) == 0;
	wait_for_go();
	if (!made)
		return 0;
	while (!atomic_load(&F.stop))
		if (!one_race(p, &r, (int)below(&r, 12)))
			break; /* the blocker is gone; F.stuck already counts it */
	return 0;
}
