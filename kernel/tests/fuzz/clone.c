/* clone.c — clone and clone3 with wild arguments: stacks and TLS in the
 * kernel half, non-canonical, misaligned or unmapped; tid pointers of
 * every hostile kind; random flags, sizes and exit signals.
 *
 * A child, if the kernel makes one, runs only fuzz_clone_raw's last three
 * instructions (exit(0) without touching memory), so any canonical stack
 * or TLS value is survivable (a non-canonical stack pointer faults the
 * return to ring 3, which Linux too answers by killing the process: the
 * kernel's handling of that is tests/security/clone_wild_stack.c's job); this thread blocks every signal first so none is
 * ever delivered on a wild stack (the child inherits the mask).
 */
#include "fuzz.h"
#include <string.h>

long fuzz_clone_raw(long nr, long a, long b, long c, long d, long e);
__asm__(".text\n.globl fuzz_clone_raw\nfuzz_clone_raw:\n"
	"\tmov %rdi, %rax\n\tmov %rsi, %rdi\n\tmov %rdx, %rsi\n\tmov %rcx, %rdx\n"
	"\tmov %r8, %r10\n\tmov %r9, %r8\n\tsyscall\n\ttest %rax, %rax\n\tjz 1f\n\tret\n"
	"1:\tmov $60, %eax\n\txor %edi, %edi\n\tsyscall\n\tud2\n");

#define REQUIRED 0x10900UL /* CLONE_VM | CLONE_SIGHAND | CLONE_THREAD */

/* Without CLONE_THREAD Linux makes a process whose exit sends the low
 * byte's signal to us: never a fatal one. */
static long safe_exit_signal(long f)
{
	long sig = f & 0xff;
	if (sig == 4 || sig == 5 || sig == 6 || sig == 7 || sig == 8 || sig == 9 || sig == 11 ||
	    sig == 19 || sig == 31)
		f = (f & ~0xffL) | 17; /* SIGCHLD */
	return f;
}

static long wild_flags(struct rng *r)
{
	static const long bits[] = {0x200,    0x400,	0x4000,	    0x40000,	 0x80000,
				    0x100000, 0x200000, 0x400000,   0x1000000,	 0x2000000,
				    0x1000,   0x8000,	0x20000000, 0x100000000L};
	long f = chance(r, 85) ? (long)REQUIRED : (long)(rnd(r) & REQUIRED);
	for (int i = 0; i < 4; i++)
		if (chance(r, 40))
			f |= bits[below(r, sizeof bits / sizeof bits[0])];
	if (chance(r, 10))
		f |= (long)below(r, 256); /* an exit signal in the low byte */
	if (chance(r, 5))
		f = gen_any(r);
	return safe_exit_signal(f);
}

static int canonical(uint64_t a)
{
	return a < 0x0000800000000000UL || a >= 0xffff800000000000UL;
}

static long wild_stack(struct rng *r)
{
	long s;
	switch (below(r, 5)) {
	case 0: return 0;
	case 1: return (long)(F.arena + below(r, ARENA_SIZE)); /* may be misaligned */
	case 2: s = gen_bad_ptr(r); break;
	default: s = gen_ptr(r); break;
	}
	return canonical((uint64_t)s) ? s : (long)(0xffff800000000000UL | (uint64_t)s);
}

void *cloner_main(void *arg)
{
	struct worker *w = &F.w[WORKERS + 4];
	atomic_store(&w->tid, raw_syscall(186, 0, 0, 0, 0, 0, 0));
	uint64_t all = ~0UL;
	raw_syscall(14, 2 /* SIG_SETMASK */, (long)&all, 0, 8, 0, 0);
	struct rng r = {F.seed ^ 0x5eedc10e5eedULL};
	while (!atomic_load(&F.stop)) {
		long ret;
		atomic_store(&w->since_ns, now_ns());
		if (chance(&r, 50)) {
			atomic_store(&w->nr, 56);
			ret = fuzz_clone_raw(56, wild_flags(&r), wild_stack(&r), gen_ptr(&r),
					     gen_ptr(&r),
					     chance(&r, 30) ? gen_ptr(&r) : gen_any(&r));
		} else {
			uint64_t ca[16]; /* struct clone_args, and room past it for bigger sizes */
			for (int i = 0; i < 16; i++)
				ca[i] = chance(&r, 30) ? (uint64_t)gen_any(&r) : 0;
			ca[0] = (uint64_t)wild_flags(&r);
			ca[1] = chance(&r, 80) ? 0 : (uint64_t)gen_ptr(&r); /* pidfd */
			ca[2] = (uint64_t)gen_ptr(&r);			    /* child_tid */
			ca[3] = (uint64_t)gen_ptr(&r);			    /* parent_tid */
			ca[4] = chance(&r, 80) ? 0 : (uint64_t)gen_any(&r); /* exit_signal */
			if (ca[4] < 256)
				ca[4] = (uint64_t)safe_exit_signal((long)ca[4]);
			ca[5] = (uint64_t)wild_stack(&r);
			ca[6] = chance(&r, 50) ? (uint64_t)below(&r, 1 << 20)
					       : (uint64_t)gen_len(&r, (long)ca[5]);
			ca[7] = chance(&r, 50) ? (uint64_t)gen_ptr(&r)
					       : (uint64_t)gen_any(&r); /* tls */
			if (ca[5] && !canonical(ca[5] + ca[6]))
				ca[6] = below(&r, 1 << 20);
			if (ca[5] && !canonical(ca[5] + ca[6]))
				ca[5] = 0xffff800000000000UL;
			if (chance(&r, 70))
				ca[8] = ca[9] = ca[10] = 0;
			static const long sizes[] = {64, 80, 88, 128, 4096, 63, 0, 4097, -1};
			long size = chance(&r, 85) ? sizes[below(&r, 4)] : sizes[below(&r, 9)];
			long uargs = chance(&r, 85) ? (long)ca : gen_ptr(&r);
			if (size > (long)sizeof ca && uargs == (long)ca)
				size = sizeof ca;
			atomic_store(&w->nr, 435);
			ret = fuzz_clone_raw(435, uargs, size, 0, 0, 0);
		}
		atomic_store(&w->nr, -1);
		atomic_fetch_add(&w->calls, 1);
		atomic_fetch_add(&F.calls, 1);
		if (ret > 0) {
			atomic_fetch_add(&F.clones, 1);
			raw_syscall(24, 0, 0, 0, 0, 0, 0); /* let the child run and exit */
		}
	}
	return 0;
}
