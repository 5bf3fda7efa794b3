/* fuzz.h — shared state of the syscall fuzzer (tests/fuzz/, docs/kernel.md).
 *
 * The fuzzer is one static program that runs inside the native kernel and
 * tries to make it panic or freeze. It must never destroy itself, so every
 * pointer it hands the kernel is either hostile (kernel, non-canonical,
 * unmapped, read-only, crossing USER_TOP) or inside the "zone", a 64 MiB
 * stretch of its own address space that holds none of its state; every fd
 * it passes is from its pool (never 0-2) or an invalid number. Threads
 * other than the main one make all calls through raw_syscall (no errno,
 * no TLS), so a wild fs base or a closed fd only fails a call.
 */
#ifndef FUZZ_H
#define FUZZ_H
#include <stdint.h>
#include <stddef.h>
#include <stdatomic.h>

#define USER_TOP   0x00007ffffffff000UL /* the kernel's mm/mm.h */
#define PAGE	   4096UL
#define ZONE_SIZE  (64UL << 20) /* where wild ranges may land */
#define ARENA_SIZE (1UL << 20)	/* the zone's first MiB: read/write buffers */
#define GUARD_SIZE (64UL << 20) /* PROT_NONE on both sides of the zone */
#define POOL_SLOTS 32
#define WORKERS	   4
#define SWEEP_MAX  520 /* past the kernel's SYSCALL_MAX (451) */

static inline long raw_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* xorshift64*: each thread owns one, seeded from the run's seed. */
struct rng {
	uint64_t s;
};
static inline uint64_t rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545F4914F6CDD1DULL;
}
static inline uint64_t below(struct rng *r, uint64_t n)
{
	return n ? rnd(r) % n : 0;
}
static inline int chance(struct rng *r, int percent)
{
	return (int)below(r, 100) < percent;
}

/* What a worker is doing now, for the kicker (main.c) and stuck reports. */
struct worker {
	_Atomic long nr;	   /* syscall in progress, -1 when none */
	_Atomic uint64_t since_ns; /* when it started */
	_Atomic long tid;
	_Atomic uint64_t calls;
	_Atomic long futex_addr; /* a FUTEX_WAIT's word, for the kicker to wake */
	long args[6];
};

struct fuzz {
	uint64_t seed;
	long pid;	      /* tgkill needs it */
	uint64_t zone, arena; /* zone start; arena == zone */
	uint64_t text;	      /* a read-only page of our own code */
	uint64_t vdso;	      /* AT_SYSINFO_EHDR, read-only */
	uint64_t restorer;    /* musl's sa_restorer, for valid sigactions */
	uint64_t handler;
	_Atomic int pool[POOL_SLOTS];
	_Atomic int held[16]; /* racers' fds, spared by the fd sweeper */
	_Atomic int stop;
	_Atomic int ready, go;	/* threads made before the sweep; go after it */
	_Atomic uint64_t calls; /* all threads */
	_Atomic uint64_t races, clones, stuck;
	_Atomic int implemented[SWEEP_MAX]; /* 1: some call did not give ENOSYS */
	struct worker w[WORKERS + 5];	    /* random workers, 2 racer pairs, cloner */
	int nworkers;
};
extern struct fuzz F;

uint64_t now_ns(void);
void wait_for_go(void);
void say(const char *fmt, ...); /* one line on stdout, raw write */
void nap_us(long us);
/* args.c */
long gen_ptr(struct rng *r);			      /* zone or hostile */
long gen_len(struct rng *r, long ptr);		      /* zero, small, huge, wrapping */
long gen_fd(struct rng *r);			      /* pool or invalid */
long gen_any(struct rng *r);			      /* a number of any kind */
long gen_bad_ptr(struct rng *r);		      /* never readable nor writable */
void gen_range(struct rng *r, long *addr, long *len); /* inside the zone, or hostile */
long gen_typed(struct rng *r, char kind, long prev);
void arena_refresh(struct rng *r);
int pool_fd(struct rng *r);
void pool_refill(struct rng *r);
/* calls.c */
#define SKIPPED (-100000L) /* fuzz_call refused a call that would end the fuzzer */
void gen_args(struct rng *r, long nr, long a[6]); /* per-syscall shape */
long fuzz_call(struct worker *w, struct rng *r, long nr, long a[6]);
int fd_kept(int fd); /* in the pool or held by a racer */
/* races.c, clone.c */
void *racer_main(void *arg);
void *cloner_main(void *arg);
#endif
