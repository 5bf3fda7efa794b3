/*
 * sys_signal.c — the signal system calls: rt_sigaction, rt_sigprocmask,
 * rt_sigpending, rt_sigtimedwait, sigaltstack, rt_sigreturn, rt_sigsuspend,
 * pause, kill, tkill, tgkill.
 * Delivery itself (frames, default actions) is sched/signal.c.
 * pid 1 is the process; thread ids come from sched/thread.c (1 = main).
 */
#include "syscall.h"
#include "../include/ktime.h"
#include "proc.h"
#include "../sched/signal.h"
#include "../arch/cpu.h"
#include "../mm/mm.h"

#define UNBLOCKABLE ((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)))

long sys_rt_sigaction(long lsig, long uact, long uold, long sigsetsize, long e, long f)
{
	int sig = (int)lsig; /* an int argument: ignore the register's upper half */
	if (sig < 1 || sig > NSIG || sigsetsize != 8)
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	struct ksigaction na;
	if (uact && copy_from_user(&na, (const void *)uact, sizeof na))
		return -EFAULT;
	if (uold && copy_to_user((void *)uold, &signal_actions[sig], sizeof na))
		return -EFAULT;
	if (uact) {
		na.mask &= ~UNBLOCKABLE;
		signal_actions[sig] = na;
	}
	return 0;
}

long sys_rt_sigprocmask(long how, long uset, long uold, long sigsetsize, long e, long f)
{
	struct thread *t = thread_current();
	if (sigsetsize != 8)
		return -EINVAL;
	uint64_t set = 0, old = t->sigmask;
	if (uset && copy_from_user(&set, (const void *)uset, sizeof set))
		return -EFAULT;
	if (uset) {
		set &= ~UNBLOCKABLE;
		switch (how) {
		case 0: t->sigmask |= set; break;  /* SIG_BLOCK */
		case 1: t->sigmask &= ~set; break; /* SIG_UNBLOCK */
		case 2: t->sigmask = set; break;   /* SIG_SETMASK */
		default: return -EINVAL;
		}
	}
	if (uold && copy_to_user((void *)uold, &old, sizeof old))
		return -EFAULT;
	return 0; /* anything now unblocked is delivered on the way out */
}

long sys_rt_sigpending(long uset, long size, long c, long d, long e, long f)
{
	if (size != 8)
		return -EINVAL;
	uint64_t set = signal_pending_set(thread_current());
	return copy_to_user((void *)uset, &set, sizeof set);
}

long sys_sigaltstack(long uss, long uold, long c, long d, long e, long f)
{
	struct thread *t = thread_current();
	struct sigstack ns, old = t->altstack;
	bool on = signal_on_altstack(t, t->tf->rsp);
	old.flags = on ? SS_ONSTACK : (int32_t)(t->altstack.flags & (SS_DISABLE | SS_AUTODISARM));
	if (uss && copy_from_user(&ns, (const void *)uss, sizeof ns))
		return -EFAULT;
	if (uold && copy_to_user((void *)uold, &old, sizeof old))
		return -EFAULT;
	if (uss) {
		if (on)
			return -EPERM;
		uint32_t mode = (uint32_t)ns.flags & ~SS_AUTODISARM;
		if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			ns.sp = ns.size = 0;
		} else {
			if (ns.size < MINSIGSTKSZ)
				return -ENOMEM;
			ns.flags &= (int32_t)SS_AUTODISARM;
		}
		t->altstack = ns;
	}
	return 0;
}

__attribute__((noreturn)) static void bad_frame(uint64_t at)
{
	kprintf("ingot: program fault: SIGSEGV: rt_sigreturn with a bad frame at 0x%lx\n", at);
	proc_exit(128 + SIGSEGV);
}

/* Checks an XSAVE image from the program so xrstor cannot fault: header
 * fields as the CPU wants them (SDM 13.8), MXCSR reserved bits clear. */
static void sanitize_fpu(uint8_t *fx)
{
	uint32_t mxcsr, magic1;
	memcpy(&mxcsr, fx + 24, 4);
	mxcsr &= cpu.mxcsr_mask;
	memcpy(fx + 24, &mxcsr, 4);
	if (!cpu.xsave)
		return;
	uint64_t xstate_bv;
	memcpy(&magic1, fx + 464, 4);
	memcpy(&xstate_bv, fx + 512, 8);
	if (magic1 != FP_XSTATE_MAGIC1)
		xstate_bv = 3; /* a plain FXSAVE image: x87 and SSE only */
	xstate_bv &= cpu.xcr0;
	memcpy(fx + 512, &xstate_bv, 8);
	memset(fx + 520, 0, 56); /* XCOMP_BV (standard format) and reserved */
}

long sys_rt_sigreturn(long a, long b, long c, long d, long e, long f)
{
	struct thread *t = thread_current();
	struct trapframe *tf = t->tf;
	uint64_t at = tf->rsp - 8; /* the handler's ret popped pretcode */
	struct rt_sigframe fr;
	if (copy_from_user(&fr, (const void *)at, sizeof fr))
		bad_frame(at);
	struct sigcontext_k *m = &fr.uc.mc;
	if (m->rip >= USER_TOP)
		bad_frame(at);
	if (m->fpstate) {
		if (m->fpstate & 63 ||
		    copy_from_user(t->fpu, (const void *)m->fpstate, cpu.fpu_size))
			bad_frame(at);
		sanitize_fpu(t->fpu);
		fpu_restore(t->fpu);
	} else {
		fpu_init_state(t->fpu);
		fpu_restore(t->fpu);
	}
	tf->r8 = m->r8;
	tf->r9 = m->r9;
	tf->r10 = m->r10;
	tf->r11 = m->r11;
	tf->r12 = m->r12;
	tf->r13 = m->r13;
	tf->r14 = m->r14;
	tf->r15 = m->r15;
	tf->rdi = m->rdi;
	tf->rsi = m->rsi;
	tf->rbp = m->rbp;
	tf->rbx = m->rbx;
	tf->rdx = m->rdx;
	tf->rax = m->rax;
	tf->rcx = m->rcx;
	tf->rsp = m->rsp;
	tf->rip = m->rip;
	tf->rflags = (m->eflags & RFLAGS_USER) | 0x202; /* IF and the reserved bit 1 */
	tf->cs = SEL_UCODE;
	tf->ss = SEL_UDATA;
	t->sigmask = fr.uc.sigmask & ~UNBLOCKABLE;
	/* uc_stack back as the altstack (restore_altstack), unless we would
	 * still be running on it. */
	struct sigstack *s = &fr.uc.stack;
	if (!signal_on_altstack(t, tf->rsp)) {
		if (s->flags & SS_DISABLE || s->size < MINSIGSTKSZ)
			t->altstack = (struct sigstack){0, SS_DISABLE, 0, 0};
		else
			t->altstack = (struct sigstack){s->sp, s->flags & (int32_t)SS_AUTODISARM, 0,
							s->size};
	}
	t->frame_rewritten = true;
	return (long)tf->rax;
}

long sys_rt_sigsuspend(long umask, long size, long c, long d, long e, long f)
{
	struct thread *t = thread_current();
	uint64_t mask;
	if (size != 8)
		return -EINVAL;
	if (copy_from_user(&mask, (const void *)umask, sizeof mask))
		return -EFAULT;
	t->saved_mask = t->sigmask;
	t->saved_mask_valid = true;
	t->sigmask = mask & ~UNBLOCKABLE;
	while (waitq_wait(NULL, 0) != -EINTR)
		;
	return -EINTR; /* the handler's frame gets the saved mask */
}

/* Waits for one of the signals in set (normally blocked by the caller)
 * and takes it without running its handler. While waiting the set is
 * unblocked so that sending one wakes us; another unblocked signal ends
 * the wait with -EINTR and is delivered as usual. */
long sys_rt_sigtimedwait(long uset, long uinfo, long uts, long size, long e, long f)
{
	struct thread *t = thread_current();
	uint64_t set, deadline = 0;
	if (size != 8)
		return -EINVAL;
	if (copy_from_user(&set, (const void *)uset, sizeof set))
		return -EFAULT;
	set &= ~UNBLOCKABLE;
	if (uts) {
		uint64_t ns;
		long err = timespec_from_user(uts, &ns);
		if (err)
			return err;
		deadline = time_monotonic_ns() + ns; /* clamped (ktime.h) */
	}
	for (;;) {
		int code, sig = signal_dequeue(t, set, &code);
		if (sig) {
			struct siginfo_k info;
			memset(&info, 0, sizeof info);
			info.signo = sig;
			info.code = code;
			info.pid = 1;
			if (uinfo && copy_to_user((void *)uinfo, &info, sizeof info))
				return -EFAULT;
			return sig;
		}
		if (uts && time_monotonic_ns() >= deadline)
			return -EAGAIN;
		uint64_t saved = t->sigmask;
		t->sigmask &= ~set;
		int r = waitq_wait(NULL, deadline);
		t->sigmask = saved;
		if (r == -ETIMEDOUT)
			return -EAGAIN;
		if (r == -EINTR && !(signal_pending_set(t) & set))
			return -EINTR;
	}
}

long sys_pause(long a, long b, long c, long d, long e, long f)
{
	while (waitq_wait(NULL, 0) != -EINTR)
		;
	return -EINTR;
}

void signal_sigpipe(void)
{
	signal_send(thread_current(), SIGPIPE, SI_USER);
}

long sys_kill(long lpid, long sig, long c, long d, long e, long f)
{
	int pid = (int)lpid; /* pid_t */
	if (pid != 1 && pid != 0 && pid != -1)
		return -ESRCH;
	return signal_send(NULL, (int)sig, SI_USER);
}

long sys_tkill(long tid, long sig, long c, long d, long e, long f)
{
	struct thread *t = thread_find((int)tid);
	if (!t)
		return -ESRCH;
	return signal_send(t, (int)sig, SI_TKILL);
}

long sys_tgkill(long tgid, long tid, long sig, long d, long e, long f)
{
	if (tgid != 1)
		return -ESRCH;
	return sys_tkill(tid, sig, 0, 0, 0, 0);
}
