/*
 * sys_signal.c — signal bookkeeping without delivery (threads and signal
 * delivery are the next issue): rt_sigaction and rt_sigprocmask record
 * and report what the program set, sigaltstack records the stack, and a
 * signal the program sends itself (kill/tgkill, e.g. abort()) ends it the
 * way Linux's default action would: exit status 128 + signal.
 * Layouts: Linux struct kernel_sigaction / stack_t for x86-64.
 */
#include "syscall.h"
#include "proc.h"

#define NSIG 64
#define SIG_DFL 0
#define SIG_IGN 1
#define SIGKILL 9
#define SIGSTOP 19
#define SIGCHLD 17
#define SIGURG 23
#define SIGWINCH 28

struct ksigaction { uint64_t handler, flags, restorer, mask; };
struct stack_u { uint64_t sp; int32_t flags; int32_t pad; uint64_t size; };

static struct {
	struct ksigaction act[NSIG + 1];
	uint64_t mask;          /* blocked signals */
	uint64_t pending;       /* sent while blocked */
	struct stack_u altstack;
} sigs = { .altstack = { 0, 2 /* SS_DISABLE */, 0, 0 } };

static long self_signal(long sig);

long sys_rt_sigaction(long sig, long uact, long uold, long sigsetsize, long e, long f) {
	if (sig < 1 || sig > NSIG || sigsetsize != 8)
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	struct ksigaction na;
	if (uact && copy_from_user(&na, (const void *)uact, sizeof na))
		return -EFAULT;
	if (uold && copy_to_user((void *)uold, &sigs.act[sig], sizeof na))
		return -EFAULT;
	if (uact)
		sigs.act[sig] = na;
	return 0;
}

long sys_rt_sigprocmask(long how, long uset, long uold, long sigsetsize, long e, long f) {
	if (sigsetsize != 8)
		return -EINVAL;
	uint64_t set = 0, old = sigs.mask;
	if (uset && copy_from_user(&set, (const void *)uset, sizeof set))
		return -EFAULT;
	if (uset) {
		set &= ~((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)));
		switch (how) {
		case 0: sigs.mask |= set; break;    /* SIG_BLOCK */
		case 1: sigs.mask &= ~set; break;   /* SIG_UNBLOCK */
		case 2: sigs.mask = set; break;     /* SIG_SETMASK */
		default: return -EINVAL;
		}
	}
	if (uold && copy_to_user((void *)uold, &old, sizeof old))
		return -EFAULT;
	uint64_t now = sigs.pending & ~sigs.mask;
	if (now) {   /* e.g. musl's abort(): raise with signals blocked, then unblock */
		int sig = __builtin_ctzll(now) + 1;
		sigs.pending &= ~(1ULL << (sig - 1));
		return self_signal(sig);
	}
	return 0;
}

long sys_sigaltstack(long uss, long uold, long c, long d, long e, long f) {
	struct stack_u ns;
	if (uss && copy_from_user(&ns, (const void *)uss, sizeof ns))
		return -EFAULT;
	if (uold && copy_to_user((void *)uold, &sigs.altstack, sizeof sigs.altstack))
		return -EFAULT;
	if (uss) {
		if (ns.flags & ~(2 | (1 << 31)))   /* SS_DISABLE, SS_AUTODISARM */
			return -EINVAL;
		if (!(ns.flags & 2) && ns.size < 2048)   /* MINSIGSTKSZ */
			return -ENOMEM;
		sigs.altstack = ns;
	}
	return 0;
}

/* A signal sent to ourselves: ignored, or the default action ends us. */
static long self_signal(long sig) {
	if (sig == 0)
		return 0;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	bool blocked = sigs.mask >> (sig - 1) & 1;
	uint64_t h = sigs.act[sig].handler;
	if (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || h == SIG_IGN)
		return 0;
	if (blocked && sig != SIGKILL && sig != SIGSTOP) {
		sigs.pending |= 1ULL << (sig - 1);   /* acted on when unblocked */
		return 0;
	}
	if (h != SIG_DFL && sig != SIGKILL)
		kprintf("ingot: signal %ld has a handler but signal delivery is not supported yet\n", sig);
	kprintf("ingot: program killed by signal %ld it sent itself\n", sig);
	proc_exit(128 + (int)sig);
}

void signal_sigpipe(void) {
	const long sigpipe = 13;
	if (sigs.act[sigpipe].handler == SIG_IGN || (sigs.mask >> (sigpipe - 1) & 1))
		return;   /* the write just fails with EPIPE */
	self_signal(sigpipe);
}

long sys_kill(long pid, long sig, long c, long d, long e, long f) {
	if (pid != 1 && pid != 0 && pid != -1)
		return -ESRCH;
	return self_signal(sig);
}

long sys_tkill(long tid, long sig, long c, long d, long e, long f) {
	if (tid != 1)
		return -ESRCH;
	return self_signal(sig);
}

long sys_tgkill(long tgid, long tid, long sig, long d, long e, long f) {
	if (tgid != 1 || tid != 1)
		return -ESRCH;
	return self_signal(sig);
}
