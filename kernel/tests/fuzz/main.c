/* main.c — the syscall fuzzer's driver: seed, setup, the sweep over every
 * syscall number, the random workers, and the monitor thread that prints
 * progress every second (the host's watchdog, tests/fuzz.sh, fails the run
 * when output stops), interrupts sleepers, closes leaked fds and stops
 * the run at its deadline.
 *
 * Environment: FUZZ_SEED (default: random, printed), FUZZ_SECONDS (20).
 * The last line is "fuzz: done ..." and the status 0, or 1 when a thread
 * stayed asleep in a call nothing could interrupt (reported as STUCK).
 */
#include "fuzz.h"
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <time.h>
#include <fcntl.h>

struct fuzz F;

uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void nap_us(long us)
{
	struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
	raw_syscall(35, (long)&ts, 0, 0, 0, 0, 0);
}

void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof line - 2)
		n = sizeof line - 2;
	line[n++] = '\n';
	raw_syscall(1, 1, (long)line, n, 0, 0, 0);
}

static void on_signal(int sig)
{
	(void)sig;
} /* only to interrupt a call */

/* One new object in a pool slot: the fds the workers' calls use. */
void pool_refill(struct rng *r)
{
	long fd = -1, fd2 = -1;
	int sv[2] = {-1, -1};
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons((uint16_t)(40000 + below(r, 8))),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	static const char *const files[] = {"/tmp/f0", "/tmp/f1",	  "/tmp/f2",
					    "/tmp/f3", "/data/hello.txt", "/",
					    "/tmp",    "/proc/self/maps"};
	switch (below(r, 12)) {
	case 0:
	case 1:
		if (raw_syscall(293, (long)sv, below(r, 2) ? O_NONBLOCK : 0, 0, 0, 0, 0) == 0) {
			fd = sv[0];
			fd2 = sv[1];
		}
		break;
	case 2:
		if (raw_syscall(53, AF_UNIX, chance(r, 70) ? SOCK_STREAM : SOCK_DGRAM, 0, (long)sv,
				0, 0) == 0) {
			fd = sv[0];
			fd2 = sv[1];
		}
		break;
	case 3:
		fd = raw_syscall(290, (long)below(r, 3), (long)(below(r, 2) * O_NONBLOCK), 0, 0, 0,
				 0);
		break;
	case 4: {
		fd = raw_syscall(283, (long)below(r, 2), 0, 0, 0, 0, 0);
		struct itimerspec its = {{0, (long)below(r, 2) * 1000000},
					 {0, 1 + (long)below(r, 5000000)}};
		raw_syscall(286, fd, 0, (long)&its, 0, 0, 0);
		break;
	}
	case 5:
		fd = raw_syscall(291, 0, 0, 0, 0, 0, 0);
		for (int i = 0; i < 4; i++) {
			struct {
				uint32_t ev;
				uint64_t data;
			} __attribute__((packed)) ev = {0x1 | 0x4, 0};
			raw_syscall(233, fd, 1, pool_fd(r), (long)&ev, 0, 0);
		}
		break;
	case 6: /* a TCP listener, or a client of one */
		fd = raw_syscall(41, AF_INET, SOCK_STREAM | (chance(r, 50) ? SOCK_NONBLOCK : 0), 0,
				 0, 0, 0);
		if (chance(r, 50)) {
			raw_syscall(49, fd, (long)&sin, sizeof sin, 0, 0, 0);
			raw_syscall(50, fd, 8, 0, 0, 0, 0);
		} else
			raw_syscall(42, fd, (long)&sin, sizeof sin, 0, 0, 0);
		break;
	case 7:
		fd = raw_syscall(41, AF_INET, SOCK_DGRAM, 0, 0, 0, 0);
		raw_syscall(49, fd, (long)&sin, sizeof sin, 0, 0, 0);
		break;
	case 8:
		fd = raw_syscall(41, chance(r, 50) ? AF_INET6 : AF_UNIX, SOCK_STREAM, 0, 0, 0, 0);
		break;
	default: {
		const char *f = files[below(r, 8)];
		fd = raw_syscall(2, (long)f,
				 chance(r, 60) && f[1] == 't' && f[4] == '/' ? O_CREAT | O_RDWR
									     : O_RDONLY,
				 0644, 0, 0, 0);
	}
	}
	long fds[2] = {fd, fd2};
	for (int i = 0; i < 2; i++) {
		if (fds[i] < 3)
			continue;
		int old = atomic_exchange(&F.pool[below(r, POOL_SLOTS)], (int)fds[i]);
		if (old >= 3 && !fd_kept(old))
			raw_syscall(3, old, 0, 0, 0, 0, 0);
	}
}

/* The numbers a random call picks from: those the sweep found answered,
 * then now and then any number, or one outside the table. */
static int known[SWEEP_MAX], nknown;

static long pick_nr(struct rng *r)
{
	static const long odd[] = {-1,
				   0x40000000L,
				   0x40000000L + 1,
				   0x7fffffff,
				   0x80000000L,
				   1000,
				   100000,
				   (long)0x8000000000000000UL,
				   0x100000000L,
				   451,
				   511,
				   512};
	int k = (int)below(r, 100);
	if (k < 88 && nknown)
		return known[below(r, (uint64_t)nknown)];
	if (k < 97)
		return (long)below(r, SWEEP_MAX);
	return odd[below(r, sizeof odd / sizeof odd[0])];
}

static void fuzz_loop(int index)
{
	struct worker *w = &F.w[index];
	atomic_store(&w->tid, raw_syscall(186, 0, 0, 0, 0, 0, 0));
	struct rng r = {F.seed * 0x9e3779b97f4a7c15ULL + (uint64_t)index * 0x632be59bd9b4e019ULL +
			1};
	for (uint64_t i = 0; !atomic_load(&F.stop); i++) {
		if (i % 4096 == 0)
			arena_refresh(&r);
		if (chance(&r, 3))
			pool_refill(&r);
		long a[6], nr = pick_nr(&r);
		gen_args(&r, nr, a);
		fuzz_call(w, &r, nr, a);
	}
}

static _Atomic int finished;

static _Noreturn void idle(void)
{ /* exit_group ends the thread */
	atomic_fetch_add(&finished, 1);
	for (;;)
		nap_us(1000000);
}

void wait_for_go(void)
{
	atomic_fetch_add(&F.ready, 1);
	while (!atomic_load(&F.go))
		nap_us(2000);
}

static void *worker_main(void *arg)
{
	wait_for_go();
	fuzz_loop((int)(long)arg);
	idle();
}

static void *racer_thread(void *arg)
{
	racer_main(arg);
	idle();
}

static void *cloner_thread(void *arg)
{
	wait_for_go();
	cloner_main(arg);
	idle();
}

static uint64_t t_start, deadline_ns;

/* Kicks sleepers, reports stuck ones, prints progress, closes leaked fds. */
static void *monitor_main(void *arg)
{
	uint64_t last_print = now_ns(), last_sweep = last_print, last_calls = 0;
	int reported[WORKERS + 5] = {0};
	for (;;) {
		nap_us(20000);
		uint64_t now = now_ns();
		for (int i = 0; i < F.nworkers; i++) {
			struct worker *w = &F.w[i];
			long nr = atomic_load(&w->nr);
			uint64_t since = atomic_load(&w->since_ns);
			if (nr < 0 || now < since || now - since < 300000000ULL) {
				reported[i] = 0;
				continue;
			}
			if (i != WORKERS + 4) /* the cloner blocks every signal */
				raw_syscall(234, F.pid, atomic_load(&w->tid), SIGUSR1, 0, 0, 0);
			long fa = atomic_load(&w->futex_addr);
			if (fa && now - since > 1000000000ULL) {
				raw_syscall(202, fa, 1, 0x7fffffff, 0, 0, 0);
				raw_syscall(202, fa, 1 | 128, 0x7fffffff, 0, 0, 0);
			}
			if (now - since > 20000000000ULL && !reported[i]) {
				reported[i] = 1;
				atomic_fetch_add(&F.stuck, 1);
				say("fuzz: STUCK thread %d in syscall %ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx) for 20 s",
				    i, nr, w->args[0], w->args[1], w->args[2], w->args[3],
				    w->args[4], w->args[5]);
			}
		}
		if (now - last_print >= 1000000000ULL) {
			uint64_t c = atomic_load(&F.calls);
			say("fuzz: %4lus calls=%lu (%lu/s) races=%lu clones=%lu",
			    (unsigned long)((now - t_start) / 1000000000ULL), (unsigned long)c,
			    (unsigned long)((c - last_calls) * 1000000000ULL / (now - last_print)),
			    (unsigned long)atomic_load(&F.races),
			    (unsigned long)atomic_load(&F.clones));
			last_print = now;
			last_calls = c;
		}
		if (now - last_sweep >= 3000000000ULL) { /* fds calls made outside the pool */
			for (int fd = 3; fd < 1024; fd++)
				if (!fd_kept(fd))
					raw_syscall(3, fd, 0, 0, 0, 0, 0);
			last_sweep = now;
		}
		if (deadline_ns && now >= deadline_ns)
			atomic_store(&F.stop, 1);
	}
	return arg;
}

static void sweep(void)
{
	static const long odd[] = {
		-1,	    -38,	 0x40000000L, 0x40000001L,  0x4000000fL,
		0x7fffffff, 0x80000000L, 0xffffffffL, 0x100000000L, (long)0x8000000000000000UL,
		1L << 40};
	struct rng r = {F.seed ^ 0x5eed5eed5eedULL};
	arena_refresh(&r);
	for (long nr = 0; nr < SWEEP_MAX + (long)(sizeof odd / sizeof odd[0]); nr++) {
		long n = nr < SWEEP_MAX ? nr : odd[nr - SWEEP_MAX];
		for (int k = 0; k < 8; k++) {
			long a[6];
			if (k < 2)
				for (int i = 0; i < 6; i++)
					a[i] = k ? -1 : 0;
			else
				gen_args(&r, n, a);
			if (fuzz_call(&F.w[0], &r, n, a) == SKIPPED)
				break;
		}
	}
	for (int nr = 0; nr < SWEEP_MAX; nr++)
		if (atomic_load(&F.implemented[nr]))
			known[nknown++] = nr;
	char list[SWEEP_MAX * 4 + 1] = "";
	int at = 0;
	for (int i = 0; i < nknown; i++)
		at += snprintf(list + at, sizeof list - at, "%s%d", i ? "," : "", known[i]);
	say("fuzz: sweep done: %d numbers answered other than ENOSYS: %s", nknown, list);
}

int main(void)
{
	const char *s = getenv("FUZZ_SEED"), *secs = getenv("FUZZ_SECONDS");
	if (s && *s)
		F.seed = strtoull(s, 0, 0);
	else
		raw_syscall(318, (long)&F.seed, sizeof F.seed, 0, 0, 0, 0);
	if (!F.seed)
		F.seed = 1;
	int seconds = secs && *secs ? atoi(secs) : 20;
	say("fuzz: FUZZ_SEED=%lu FUZZ_SECONDS=%d", (unsigned long)F.seed, seconds);
	/* The zone between two guards, all of it PROT_NONE but the arena. */
	char *res = mmap(0, ZONE_SIZE + 2 * GUARD_SIZE, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED) {
		say("fuzz: cannot reserve the zone");
		return 2;
	}
	F.zone = F.arena = (uint64_t)res + GUARD_SIZE;
	if (mmap((void *)F.arena, ARENA_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
		say("fuzz: cannot map the arena");
		return 2;
	}
	F.text = (uint64_t)&main & ~(PAGE - 1);
	F.vdso = getauxval(AT_SYSINFO_EHDR);
	if (!F.vdso)
		F.vdso = F.text;
	/* Every catchable signal interrupts calls (no SA_RESTART) and does
	 * nothing else; faults keep their default so a real one is reported. */
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGUSR1, &sa, 0);
	uint64_t old[4] = {0};
	raw_syscall(13, SIGUSR1, 0, (long)old, 8, 0, 0);
	F.handler = old[0];
	F.restorer = old[2];
	for (int sig = 1; sig <= 64; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP || sig == SIGSEGV || sig == SIGBUS ||
		    sig == SIGILL || sig == SIGFPE || sig == SIGTRAP || sig == SIGABRT ||
		    sig == SIGSYS)
			continue;
		raw_syscall(13, sig, (long)old, 0, 8, 0, 0);
	}
	for (int i = 0; i < POOL_SLOTS; i++)
		F.pool[i] = -1;
	for (int i = 0; i < 16; i++)
		F.held[i] = -1;
	F.pid = raw_syscall(39, 0, 0, 0, 0, 0, 0);
	F.nworkers = WORKERS + 5;
	for (int i = 0; i < F.nworkers; i++)
		F.w[i].nr = -1;
	struct rng r = {F.seed};
	for (int i = 0; i < POOL_SLOTS; i++)
		pool_refill(&r);
	t_start = now_ns();
	pthread_t t;
	F.w[0].tid = raw_syscall(186, 0, 0, 0, 0, 0, 0);
	/* Every thread (and so every stack musl maps) exists before the first
	 * fuzzed munmap can open a hole in the zone for a stack to land in. */
	if (pthread_create(&t, 0, monitor_main, 0)) {
		say("fuzz: cannot start the monitor");
		return 2;
	}
	for (long i = 1; i < WORKERS; i++)
		pthread_create(&t, 0, worker_main, (void *)i);
	for (long i = 0; i < 2; i++)
		pthread_create(&t, 0, racer_thread, (void *)i);
	pthread_create(&t, 0, cloner_thread, 0);
	while (atomic_load(&F.ready) < WORKERS - 1 + 2 + 1)
		nap_us(1000);
	sweep();
	deadline_ns = now_ns() + (uint64_t)seconds * 1000000000ULL;
	atomic_store(&F.go, 1);
	fuzz_loop(0);
	/* Everyone else must come back from their last call. */
	uint64_t give_up = now_ns() + 40000000000ULL;
	while (atomic_load(&finished) < WORKERS - 1 + 3 && now_ns() < give_up &&
	       !atomic_load(&F.stuck))
		nap_us(10000);
	uint64_t el = now_ns() - t_start, c = atomic_load(&F.calls);
	int ok = atomic_load(&finished) == WORKERS - 1 + 3 && !atomic_load(&F.stuck);
	for (int i = 0; !ok && i < F.nworkers; i++)
		if (atomic_load(&F.w[i].nr) >= 0)
			say("fuzz: thread %d did not come back from syscall %ld", i,
			    atomic_load(&F.w[i].nr));
	say("fuzz: %s seed=%lu calls=%lu in %.1f s (%lu calls/s) races=%lu clones=%lu stuck=%lu",
	    ok ? "done" : "FAILED", (unsigned long)F.seed, (unsigned long)c, el / 1e9,
	    (unsigned long)(c * 1000000000ULL / (el ? el : 1)),
	    (unsigned long)atomic_load(&F.races), (unsigned long)atomic_load(&F.clones),
	    (unsigned long)atomic_load(&F.stuck));
	raw_syscall(231, ok ? 0 : 1, 0, 0, 0, 0, 0);
	return 0;
}
