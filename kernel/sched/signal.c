/*
 * signal.c — sending and delivering signals.
 *
 * Actions are per process (CLONE_SIGHAND is mandatory), masks, pending
 * sets and alternate stacks per thread. A signal sent to the process
 * (kill) goes to a thread that does not block it — the sender first — or
 * waits in the shared set until one unblocks it; tgkill targets one thread.
 * A signal whose action is to ignore it (SIG_IGN, or SIG_DFL for SIGCHLD,
 * SIGURG, SIGWINCH, SIGCONT and the stop signals, which a unikernel has no
 * use for) is dropped when sent, as Linux does. Sending wakes the target if
 * it is blocked in waitq_wait, which then returns -EINTR.
 *
 * Delivery happens on the way back to ring 3 (syscall return, interrupt or
 * fault return): the Linux x86-64 rt_sigframe is built on the user stack
 * or the alternate stack — return address (sa_restorer), ucontext
 * (uc_mcontext = struct sigcontext, uc_sigmask), siginfo, and 64-byte
 * aligned XSAVE state with the FP_XSTATE magic words — and the thread
 * resumes in the handler with rdi = signal, rsi = &info, rdx = &uc.
 * rt_sigreturn (sys_signal.c) undoes it. A signal with the default
 * "terminate" action ends the program with status 128 + signal.
 * Layouts: arch/x86/include/uapi/asm/sigcontext.h, ucontext.h,
 * include/uapi/asm-generic/siginfo.h; frame placement: get_sigframe().
 */
#include "../sys/syscall.h"
#include "sched.h"
#include "signal.h"
#include "../arch/cpu.h"
#include "../sys/proc.h"
#include "../mm/mm.h"

struct ksigaction signal_actions[NSIG + 1]; /* the process's, irq-off */

static struct {
	uint64_t shared; /* process-directed, not yet taken by a thread */
	int16_t shared_code[NSIG + 1];
	uint8_t *fpu_init; /* the reset vector state handlers start with */
} sg;

static uint64_t bit(int sig)
{
	return 1ULL << (sig - 1);
}

static bool default_ignored(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT ||
	       (sig >= SIGSTOP && sig <= SIGTTOU);
}

static bool ignored(int sig)
{
	uint64_t h = signal_actions[sig].handler;
	return h == SIG_IGN || (h == SIG_DFL && default_ignored(sig));
}

/* At boot (sched_init): the clean vector state handlers start with, made
 * once so that delivering a signal never needs memory. */
void signal_init(void)
{
	sg.fpu_init = kmalloc(cpu.fpu_size + 64);
	if (!sg.fpu_init)
		panic("signal: no memory for the initial vector state");
	sg.fpu_init = (uint8_t *)(((uint64_t)sg.fpu_init + 63) & ~63UL);
	fpu_init_state(sg.fpu_init);
}

bool signal_pending(struct thread *t)
{
	return ((t->sigpending | sg.shared) & ~t->sigmask) != 0;
}

uint64_t signal_pending_set(struct thread *t)
{
	return t->sigpending | sg.shared;
}

/* Takes the lowest pending signal of set off t's (or the shared) pending
 * set without delivering it (rt_sigtimedwait); 0 if none. */
int signal_dequeue(struct thread *t, uint64_t set, int *code)
{
	uint64_t ready = (t->sigpending | sg.shared) & set;
	if (!ready)
		return 0;
	int sig = __builtin_ctzll(ready) + 1;
	if (t->sigpending & bit(sig)) {
		t->sigpending &= ~bit(sig);
		*code = t->sigcode[sig];
	} else {
		sg.shared &= ~bit(sig);
		*code = sg.shared_code[sig];
	}
	return sig;
}

static void wake_for_signal(struct thread *t, int sig)
{
	if (!(t->sigmask & bit(sig)) && t->state == T_BLOCKED) {
		wait_cancel(t);
		sched_make_runnable(t);
	}
}

int signal_send(struct thread *t, int sig, int code)
{
	if (sig == 0)
		return 0;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (ignored(sig) && sig != SIGKILL)
		return 0;
	if (!t) {
		/* From an interrupt (drivers/host_signal.c) the current thread
		 * may be the idle one, which is no thread of the program. */
		struct thread *cur = thread_current();
		if (cur->state != T_IDLE && !(cur->sigmask & bit(sig)))
			t = cur;
		for (struct thread *x = thread_first(); x && !t; x = x->all_next)
			if (!(x->sigmask & bit(sig)))
				t = x;
		if (!t) {
			sg.shared |= bit(sig);
			sg.shared_code[sig] = (int16_t)code;
			return 0;
		}
	}
	t->sigpending |= bit(sig);
	t->sigcode[sig] = (int16_t)code;
	wake_for_signal(t, sig);
	return 0;
}

__attribute__((noreturn)) static void terminate(int sig)
{
	kprintf("ingot: program killed by signal %d\n", sig);
	proc_exit(128 + sig);
}

bool signal_on_altstack(struct thread *t, uint64_t sp)
{
	return !(t->altstack.flags & SS_DISABLE) && sp > t->altstack.sp &&
	       sp <= t->altstack.sp + t->altstack.size;
}

/* Builds the frame for sig on the user stack and points tf at the handler.
 * Returns false if the frame could not be written (a bad stack). */
static bool build_frame(struct trapframe *tf, int sig, const struct siginfo_k *info, uint64_t cr2)
{
	struct thread *t = thread_current();
	struct ksigaction *a = &signal_actions[sig];
	bool on_alt = signal_on_altstack(t, tf->rsp);
	uint64_t sp = tf->rsp - 128; /* the red zone */
	if ((a->flags & SA_ONSTACK) && !(t->altstack.flags & SS_DISABLE) && !on_alt)
		sp = t->altstack.sp + t->altstack.size;
	uint32_t fpsize = cpu.fpu_size;
	sp = (sp - fpsize - 4) & ~63ULL; /* + FP_XSTATE_MAGIC2 */
	uint64_t fpaddr = sp;
	sp -= sizeof(struct rt_sigframe);
	sp = (sp & ~15ULL) - 8; /* as if the handler had been called */

	struct rt_sigframe f;
	memset(&f, 0, sizeof f);
	f.pretcode = a->restorer;
	f.uc.flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS | (cpu.xsave ? UC_FP_XSTATE : 0);
	f.uc.stack = t->altstack;
	f.uc.stack.flags = on_alt ? SS_ONSTACK : (t->altstack.flags & SS_DISABLE);
	struct sigcontext_k *m = &f.uc.mc;
	m->r8 = tf->r8;
	m->r9 = tf->r9;
	m->r10 = tf->r10;
	m->r11 = tf->r11;
	m->r12 = tf->r12;
	m->r13 = tf->r13;
	m->r14 = tf->r14;
	m->r15 = tf->r15;
	m->rdi = tf->rdi;
	m->rsi = tf->rsi;
	m->rbp = tf->rbp;
	m->rbx = tf->rbx;
	m->rdx = tf->rdx;
	m->rax = tf->rax;
	m->rcx = tf->rcx;
	m->rsp = tf->rsp;
	m->rip = tf->rip;
	m->eflags = tf->rflags;
	m->cs = (uint16_t)tf->cs;
	m->ss = (uint16_t)tf->ss;
	if (tf->vector < 32) {
		m->trapno = tf->vector;
		m->err = tf->error;
	}
	m->cr2 = cr2;
	uint64_t oldmask = t->saved_mask_valid ? t->saved_mask : t->sigmask;
	t->saved_mask_valid = false;
	m->oldmask = oldmask;
	m->fpstate = fpaddr;
	f.uc.sigmask = oldmask;
	f.info = *info;

	fpu_save(t->fpu);
	uint8_t *fx = t->fpu;
	if (cpu.xsave) { /* struct _fpx_sw_bytes in the FXSAVE image's spare bytes */
		uint32_t sw[4] = {FP_XSTATE_MAGIC1, fpsize + 4, (uint32_t)cpu.xcr0, fpsize};
		uint64_t xfeatures = cpu.xcr0;
		memcpy(fx + 464, &sw[0], 8);
		memcpy(fx + 472, &xfeatures, 8);
		memcpy(fx + 480, &sw[3], 4);
	}
	uint32_t magic2 = FP_XSTATE_MAGIC2;
	if (copy_to_user((void *)fpaddr, fx, fpsize) ||
	    (cpu.xsave && copy_to_user((void *)(fpaddr + fpsize), &magic2, 4)) ||
	    copy_to_user((void *)sp, &f, sizeof f))
		return false;

	tf->rsp = sp;
	tf->rip = a->handler;
	tf->rdi = (uint64_t)sig;
	tf->rsi = sp + __builtin_offsetof(struct rt_sigframe, info);
	tf->rdx = sp + __builtin_offsetof(struct rt_sigframe, uc);
	tf->rax = 0;
	tf->rflags &= ~(RFLAGS_TF | RFLAGS_DF | RFLAGS_RF);
	tf->cs = SEL_UCODE; /* handlers always run in 64-bit mode */
	tf->ss = SEL_UDATA;
	t->sigmask |= a->mask | ((a->flags & SA_NODEFER) ? 0 : bit(sig));
	t->sigmask &= ~(bit(SIGKILL) | bit(SIGSTOP));
	if (a->flags & SA_RESETHAND)
		a->handler = SIG_DFL;
	if ((t->altstack.flags & SS_AUTODISARM) && sp >= t->altstack.sp &&
	    sp < t->altstack.sp + t->altstack.size) {
		t->altstack.sp = t->altstack.size = 0;
		t->altstack.flags = SS_DISABLE;
	}
	fpu_restore(sg.fpu_init); /* handlers start with clean vector state */
	t->frame_rewritten = true;
	return true;
}

/* Syscalls Linux restarts after a handler with SA_RESTART (-ERESTARTSYS). */
static bool restartable(long nr)
{
	switch (nr) {
	case __NR_read:
	case __NR_write:
	case __NR_pread64:
	case __NR_pwrite64:
	case __NR_readv:
	case __NR_writev:
	case __NR_connect:
	case __NR_accept:
	case __NR_sendto:
	case __NR_recvfrom:
	case __NR_sendmsg:
	case __NR_recvmsg:
	case __NR_wait4:
	case __NR_flock:
	case __NR_futex:
	case __NR_accept4: return true;
	default: return false;
	}
}

void signal_deliver(struct trapframe *tf, long nr)
{
	struct thread *t = thread_current();
	for (;;) {
		uint64_t ready = (t->sigpending | sg.shared) & ~t->sigmask;
		if (!ready)
			break;
		int sig = __builtin_ctzll(ready) + 1;
		int code;
		if (t->sigpending & bit(sig)) {
			t->sigpending &= ~bit(sig);
			code = t->sigcode[sig];
		} else {
			sg.shared &= ~bit(sig);
			code = sg.shared_code[sig];
		}
		uint64_t h = signal_actions[sig].handler;
		if (sig == SIGKILL || (h == SIG_DFL && !default_ignored(sig)))
			terminate(sig);
		if (h == SIG_IGN || h == SIG_DFL)
			continue;
		if (nr >= 0 && (long)tf->rax == -EINTR &&
		    (signal_actions[sig].flags & SA_RESTART) && restartable(nr)) {
			tf->rax = (uint64_t)nr; /* back to the syscall instruction */
			tf->rip -= 2;
		}
		struct siginfo_k info;
		memset(&info, 0, sizeof info);
		info.signo = sig;
		info.code = code;
		info.pid = 1;
		if (!build_frame(tf, sig, &info, 0)) {
			kprintf("ingot: cannot write the frame for signal %d at rsp=0x%lx\n", sig,
				tf->rsp);
			terminate(SIGSEGV);
		}
		return;
	}
	if (t->saved_mask_valid) { /* rt_sigsuspend ended without a handler */
		t->sigmask = t->saved_mask;
		t->saved_mask_valid = false;
	}
}

bool signal_fault(struct trapframe *tf, int sig, int code, uint64_t addr)
{
	struct thread *t = thread_current();
	uint64_t h = signal_actions[sig].handler;
	if (h == SIG_DFL || h == SIG_IGN || (t->sigmask & bit(sig)))
		return false;
	struct siginfo_k info;
	memset(&info, 0, sizeof info);
	info.signo = sig;
	info.code = code;
	info.addr = addr;
	return build_frame(tf, sig, &info, tf->vector == 14 ? addr : 0);
}

/* ppoll, pselect6, epoll_pwait: usigmask (if not 0) replaces the thread's
 * mask for the wait. If the wait ends with -EINTR the old mask stays saved
 * so the handler's frame restores it (as rt_sigsuspend); otherwise
 * signal_wait_mask_end puts it back at once. */
long signal_wait_mask_begin(long usigmask, long sigsetsize)
{
	struct thread *t = thread_current();
	uint64_t mask;
	if (!usigmask)
		return 0;
	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&mask, (const void *)usigmask, sizeof mask))
		return -EFAULT;
	t->saved_mask = t->sigmask;
	t->saved_mask_valid = true;
	t->sigmask = mask & ~(bit(SIGKILL) | bit(SIGSTOP));
	return 0;
}

void signal_wait_mask_end(long usigmask, long ret)
{
	struct thread *t = thread_current();
	if (usigmask && ret != -EINTR && t->saved_mask_valid) {
		t->sigmask = t->saved_mask;
		t->saved_mask_valid = false;
	}
}
