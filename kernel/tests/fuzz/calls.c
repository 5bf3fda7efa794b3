/* calls.c — one fuzzed system call: its argument shape (by Linux number),
 * the few rules that keep the fuzzer alive, and the bookkeeping around it.
 *
 * Shapes: f fd, p pointer, l length (of the previous pointer), s path,
 * v iovec array, c count, t timespec, a sockaddr, k socklen, m msghdr,
 * e epoll_event, P pollfd array, g sigset, T ms timeout, o offset,
 * F flags, n any number. A number without a shape gets any numbers.
 */
#include "fuzz.h"
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

static const char *const shape[SWEEP_MAX] = {
	[0] = "fpl",	 [1] = "fpl",	   [2] = "sFn",	     [3] = "f",	       [4] = "sp",
	[5] = "fp",	 [6] = "sp",	   [7] = "PcT",	     [8] = "fon",      [16] = "fnp",
	[17] = "fplo",	 [18] = "fplo",	   [19] = "fvc",     [20] = "fvc",     [21] = "sn",
	[22] = "p",	 [23] = "cpppt",   [32] = "f",	     [33] = "ff",      [35] = "tp",
	[40] = "ffpl",	 [42] = "fak",	   [43] = "fpp",     [44] = "fplFak",  [45] = "fplFpp",
	[46] = "fmF",	 [47] = "fmF",	   [48] = "fn",	     [49] = "fak",     [50] = "fn",
	[51] = "fpp",	 [52] = "fpp",	   [53] = "nnnp",    [54] = "fnnpk",   [55] = "fnnpp",
	[63] = "p",	 [72] = "fnn",	   [73] = "fn",	     [74] = "f",       [75] = "f",
	[76] = "so",	 [77] = "fo",	   [79] = "pl",	     [80] = "s",       [81] = "f",
	[82] = "ss",	 [83] = "sn",	   [84] = "s",	     [85] = "sn",      [87] = "s",
	[88] = "ss",	 [89] = "spl",	   [90] = "sn",	     [91] = "fn",      [92] = "snn",
	[93] = "fnn",	 [94] = "snn",	   [95] = "n",	     [96] = "pp",      [97] = "np",
	[98] = "np",	 [99] = "p",	   [100] = "p",	     [115] = "np",     [118] = "ppp",
	[120] = "ppp",	 [127] = "pn",	   [128] = "gpt8",   [131] = "pp",     [137] = "sp",
	[138] = "fp",	 [157] = "nnnnn",  [188] = "sspln",  [189] = "sspln",  [190] = "fspln",
	[191] = "sspl",	 [192] = "sspl",   [193] = "fspl",   [194] = "spl",    [195] = "spl",
	[196] = "fpl",	 [197] = "ss",	   [198] = "ss",     [199] = "fs",     [201] = "p",
	[204] = "nlp",	 [217] = "fpl",	   [218] = "p",	     [221] = "foon",   [228] = "np",
	[229] = "np",	 [230] = "nntp",   [232] = "fecT",   [233] = "fnfe",   [257] = "fsFn",
	[258] = "fsn",	 [260] = "fsnnF",  [262] = "fspF",   [263] = "fsF",    [264] = "fsfs",
	[266] = "sfs",	 [267] = "fspl",   [268] = "fsnF",   [269] = "fsnF",   [273] = "pl",
	[274] = "npp",	 [275] = "fpfplF", [276] = "fflF",   [278] = "fvcF",   [280] = "fstF",
	[283] = "nF",	 [284] = "n",	   [285] = "fnoo",   [286] = "fFtp",   [287] = "fp",
	[288] = "fppF",	 [290] = "nF",	   [291] = "F",	     [292] = "ffF",    [293] = "pF",
	[295] = "fvcoo", [296] = "fvcoo",  [302] = "nnpp",   [309] = "ppp",    [316] = "fsfsF",
	[318] = "plF",	 [326] = "fpfplF", [327] = "fvcooF", [328] = "fvcooF", [332] = "fsFnp",
	[439] = "fsnF",	 [441] = "fecpgn",
};

/* Calls that would end the fuzzer whatever the kernel does (exit, exec,
 * a restored signal frame, a new process, Linux's uretprobe (335) which
 * sends SIGILL), map memory where they like (shmat), or that clone.c
 * makes itself. The fuzzer must survive a run on Linux as well. */
static int refused(long nr)
{
	switch (nr) {
	case 15:
	case 30:
	case 56:
	case 57:
	case 58:
	case 59:
	case 60:
	case 101:
	case 129:
	case 169:
	case 231:
	case 297:
	case 310:
	case 311:
	case 317:
	case 322:
	case 335:
	case 424:
	case 435:
	case 440: return 1;
	}
	return 0;
}

static long mix(struct rng *r, long nr)
{ /* a first argument of the right family */
	switch (nr) {
	case 41:
	case 53: {
		static const long d[] = {1, 2, 10, 16, 17, 0, 44};
		return chance(r, 85) ? d[below(r, 7)] : gen_any(r);
	}
	case 16: {
		static const long q[] = {0x5401, 0x5413, 0x5421, 0x541b,
					 0x5451, 0x8912, 0x8927, 0x5402};
		return chance(r, 80) ? q[below(r, 8)] : gen_any(r);
	}
	default: return gen_any(r);
	}
}

void gen_args(struct rng *r, long nr, long a[6])
{
	const char *s = nr >= 0 && nr < SWEEP_MAX ? shape[nr] : NULL;
	for (int i = 0; i < 6; i++) {
		char k = s && s[i] ? s[i] : 'n';
		a[i] = gen_typed(r, k, i ? a[i - 1] : 0);
	}
	switch (nr) {
	case 41:
		a[0] = mix(r, nr);
		a[1] = chance(r, 80) ? (long)((1 + below(r, 5)) | (chance(r, 30) ? 0x800 : 0))
				     : gen_any(r);
		a[2] = chance(r, 80) ? 0 : gen_any(r);
		break;
	case 53:
		a[0] = mix(r, nr);
		a[1] = chance(r, 80) ? (long)(1 + below(r, 5)) : gen_any(r);
		break;
	case 16: a[1] = mix(r, nr); break;
	case 54:
	case 55: {
		static const long lv[] = {1, 6, 0, 41, 17};
		a[1] = chance(r, 80) ? lv[below(r, 5)] : gen_any(r);
		a[2] = chance(r, 80) ? (long)below(r, 70) : gen_any(r);
		break;
	}
	case 202: /* futex: a word in the arena, a real op */
		a[0] = chance(r, 75) ? (long)(F.arena + 4 * below(r, ARENA_SIZE / 4)) : gen_ptr(r);
		a[1] = chance(r, 85) ? (long)(below(r, 14) | (chance(r, 50) ? 128 : 0) |
					      (chance(r, 10) ? 256 : 0))
				     : gen_any(r);
		a[2] = chance(r, 60) ? 0 : gen_any(r);
		a[3] = chance(r, 50) ? gen_typed(r, 't', 0) : gen_any(r);
		a[4] = chance(r, 75) ? (long)(F.arena + 4 * below(r, ARENA_SIZE / 4)) : gen_ptr(r);
		break;
	case 72:
		a[1] = chance(r, 80) ? (long)(chance(r, 70) ? below(r, 16) : 1024 + below(r, 16))
				     : gen_any(r);
		break;
	}
}

int fd_kept(int fd)
{
	for (int i = 0; i < POOL_SLOTS; i++)
		if (atomic_load(&F.pool[i]) == fd)
			return 1;
	for (int i = 0; i < 16; i++)
		if (atomic_load(&F.held[i]) == fd)
			return 1;
	return 0;
}

/* A signal set that never blocks SIGUSR1, the kicker's signal. */
static long safe_set(struct rng *r, uint64_t *set)
{
	if (chance(r, 30))
		return gen_bad_ptr(r);
	*set = rnd(r) & ~(1UL << (SIGUSR1 - 1));
	return (long)set;
}

static int fatal_signal(int sig)
{
	return sig == SIGKILL || sig == SIGSTOP || sig == SIGSEGV || sig == SIGBUS ||
	       sig == SIGILL || sig == SIGFPE || sig == SIGTRAP || sig == SIGABRT || sig == SIGSYS;
}

/* Rewrites the arguments that would destroy the fuzzer's own state. */
static int make_safe(struct rng *r, long nr, long a[6], uint64_t local[8])
{
	if (refused(nr))
		return 0;
	switch (nr) {
	case 3:
		if ((unsigned)a[0] <= 2)
			a[0] = -1;
		break; /* close */
	case 33:
	case 292:
		if ((unsigned)a[1] <= 2)
			a[1] = 1000;
		break; /* dup2, dup3 */
	case 436:
		if ((unsigned)a[0] <= 2)
			a[0] = 3;
		break; /* close_range */
	case 202: /* futex: PI waits ignore signals and wakes; a deadline long past ends them */
		if (((a[1] & 127) == 6 || (a[1] & 127) == 11 || (a[1] & 127) == 13) &&
		    chance(r, 95)) {
			local[0] = 0;
			local[1] = 1000;
			a[3] = (long)local;
		}
		break;
	case 72:
		if ((int)a[1] == 0 || (int)a[1] == 1030)
			a[2] = 3 + (long)below(r, 64);
		break; /* F_DUPFD */
	case 9:
	case 10:
	case 11:
	case 25:
	case 26:
	case 27:
	case 28:
	case 149:
	case 150:
	case 216:
	case 237:
	case 325:
	case 329:
		if (nr == 9) {
			a[2] = chance(r, 70) ? (long)below(r, 8) : gen_any(r);
			a[3] = chance(r, 80) ? (long)((chance(r, 50) ? 0x22 : 0x02) |
						      (chance(r, 40) ? 0x10 : 0) |
						      (chance(r, 10) ? 0x100000 : 0) |
						      (chance(r, 10) ? 0x8000 : 0) |
						      (chance(r, 10) ? 0x4000 : 0))
					     : gen_any(r);
			a[4] = chance(r, 50) ? -1 : gen_fd(r);
			a[5] = chance(r, 80) ? (long)(below(r, 4) * PAGE) : gen_any(r);
			if (!(a[3] & (0x10 | 0x100000))) { /* not fixed: a hint, unmapped after */
				long len;
				gen_range(r, &a[0], &len);
				a[1] = chance(r, 70) ? (long)(PAGE * (1 + below(r, 64))) : len;
				break;
			}
		}
		gen_range(r, &a[0], &a[1]);
		if (nr == 25) { /* mremap(old, old_len, new_len, flags, new) */
			a[2] = chance(r, 60) ? (long)(PAGE * (1 + below(r, 256)))
					     : gen_len(r, a[0]);
			a[3] = chance(r, 80) ? (long)below(r, 8) : gen_any(r);
			long l2;
			gen_range(r, &a[4], &l2);
			if ((a[3] & 2) && !((uint64_t)a[4] >= F.zone &&
					    (uint64_t)a[4] + (uint64_t)a[2] <= F.zone + ZONE_SIZE &&
					    (uint64_t)a[4] + (uint64_t)a[2] >= (uint64_t)a[4]))
				a[4] = gen_bad_ptr(r);
		}
		if (nr == 27)
			a[2] = gen_ptr(r); /* mincore's vector */
		break;
	case 12: { /* brk: only up, or hostile */
		long cur = raw_syscall(12, 0, 0, 0, 0, 0, 0);
		a[0] = chance(r, 60) ? cur + (long)(below(r, 16) * PAGE) : gen_bad_ptr(r);
		if (chance(r, 10))
			a[0] = 0;
		break;
	}
	case 62:
	case 200:
	case 234: { /* kill, tkill, tgkill: no fatal signal */
		int i = nr == 234 ? 2 : 1;
		if (chance(r, 70))
			a[i] = chance(r, 80) ? 1 + (long)below(r, 64) : gen_any(r);
		if (fatal_signal((int)a[i]) || fatal_signal((int)(a[i] & 0x7f)))
			a[i] = SIGUSR2;
		if (nr == 62 && chance(r, 80))
			a[0] = chance(r, 50) ? 1 : gen_any(r);
		break;
	}
	case 13: { /* rt_sigaction: our handler with random flags, or an unreadable act */
		a[0] = chance(r, 80) ? 1 + (long)below(r, 64) : gen_any(r);
		int sig = (int)a[0];
		if (chance(r, 50) && !fatal_signal(sig) && sig > 0 && sig <= 64 && a[0] == sig) {
			local[0] = F.handler;
			if (sig != SIGUSR1 && chance(r, 20))
				local[0] = 1; /* SIG_IGN */
			local[1] = (rnd(r) & ~(0x80000000UL | 0x08000000UL)) |
				   0x04000000UL; /* no RESETHAND/ONSTACK */
			if (sig == SIGUSR1)
				local[1] &=
					~0x10000000UL; /* the kicker's signal must not restart calls */
			local[2] = F.restorer;
			local[3] = rnd(r);
			a[1] = (long)local;
		} else {
			a[1] = gen_bad_ptr(r);
		}
		a[2] = gen_ptr(r);
		a[3] = chance(r, 80) ? 8 : gen_any(r);
		break;
	}
	case 14:
		a[0] = chance(r, 80) ? (long)below(r, 3) : gen_any(r);
		a[1] = safe_set(r, &local[0]);
		a[2] = gen_ptr(r);
		a[3] = chance(r, 80) ? 8 : gen_any(r);
		break;
	case 130:
		a[0] = safe_set(r, &local[0]);
		a[1] = chance(r, 80) ? 8 : gen_any(r);
		break;
	case 271:
		a[3] = safe_set(r, &local[0]);
		a[4] = chance(r, 80) ? 8 : gen_any(r);
		break;
	case 281:
	case 441:
		a[4] = safe_set(r, &local[0]);
		a[5] = chance(r, 80) ? 8 : gen_any(r);
		break;
	case 270: /* pselect6: {sigset *, size} */
		local[1] = (uint64_t)safe_set(r, &local[0]);
		local[2] = 8;
		a[5] = chance(r, 60) ? (long)&local[1] : gen_bad_ptr(r);
		break;
	case 160:
	case 302: { /* setrlimit, prlimit64: never lower a limit */
		int i = nr == 160 ? 1 : 2;
		a[i] = gen_bad_ptr(r);
		break;
	}
	}
	return 1;
}

static void adopt_fd(struct rng *r, long fd)
{ /* a new fd replaces a pool slot */
	if (fd < 3 || fd >= 1024)
		return;
	int old = atomic_exchange(&F.pool[below(r, POOL_SLOTS)], (int)fd);
	if (old >= 3 && !fd_kept(old))
		raw_syscall(3, old, 0, 0, 0, 0, 0);
}

static int makes_fd(long nr)
{
	switch (nr) {
	case 2:
	case 32:
	case 33:
	case 41:
	case 43:
	case 72:
	case 85:
	case 213:
	case 257:
	case 283:
	case 284:
	case 288:
	case 290:
	case 291:
	case 292: return 1;
	}
	return 0;
}

static int in_zone(uint64_t p)
{
	return p >= F.zone && p < F.zone + ZONE_SIZE;
}

long fuzz_call(struct worker *w, struct rng *r, long nr, long a[6])
{
	uint64_t local[8];
	if (!make_safe(r, nr, a, local))
		return SKIPPED;
	long fs = 0, gs = 0;
	if (nr == 158) { /* arch_prctl: put fs/gs back before any code reads TLS */
		raw_syscall(158, 0x1003, (long)&fs, 0, 0, 0, 0);
		raw_syscall(158, 0x1004, (long)&gs, 0, 0, 0, 0);
	}
	memcpy(w->args, a, sizeof w->args);
	atomic_store(&w->futex_addr, nr == 202 ? a[0] : 0);
	atomic_store(&w->since_ns, now_ns());
	atomic_store(&w->nr, nr);
	long ret = raw_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (nr == 158) {
		raw_syscall(158, 0x1002, fs, 0, 0, 0, 0);
		raw_syscall(158, 0x1001, gs, 0, 0, 0, 0);
	}
	atomic_store(&w->nr, -1);
	atomic_fetch_add(&w->calls, 1);
	atomic_fetch_add(&F.calls, 1);
	if (nr >= 0 && nr < SWEEP_MAX && ret != -38)
		atomic_store(&F.implemented[nr], 1);
	if (ret >= 0 && makes_fd(nr))
		adopt_fd(r, ret);
	if (ret > 0 && (nr == 9 || nr == 25) && !in_zone((uint64_t)ret) && (uint64_t)ret < USER_TOP)
		raw_syscall(11, ret, nr == 9 ? a[1] : a[2], 0, 0, 0,
			    0); /* placed by the kernel: give back */
	return ret;
}
