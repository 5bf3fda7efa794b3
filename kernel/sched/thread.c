/*
 * thread.c — creating and ending threads: clone, clone3, exit,
 * exit_group, set_tid_address, gettid, sched_yield; and which threads
 * hold an open file (include/held.h).
 *
 * Only threads of the one process exist: clone must share everything a
 * pthread or Go M shares (CLONE_VM | CLONE_THREAD | CLONE_SIGHAND, which
 * Linux requires together); fork and vfork (no CLONE_THREAD) return
 * -ENOSYS with the usual log line. The child starts as a copy of the
 * parent's user registers with rax = 0, on the stack it was given, with
 * the parent's vector state and signal mask, no alternate signal stack,
 * and FS base from CLONE_SETTLS or the parent's.
 *
 * Its kernel stack is KSTACK_PAGES of fresh pages: the trapframe at the top,
 * below it a switch_to frame whose return address is trap_return, so its
 * first scheduling "returns" straight to ring 3. The stack lives in the
 * direct map (no guard page possible there): a canary in its lowest word
 * is checked at every switch away from the thread.
 */
#include "sched.h"
#include "../arch/cpu.h"
#include "../arch/x86.h"
#include "../mm/mm.h"
#include "../sys/syscall.h"
#include "../sys/proc.h"
#include "../fs/vfs.h"

/* Linux include/uapi/linux/sched.h */
#define CLONE_VM	     0x100
#define CLONE_FS	     0x200
#define CLONE_FILES	     0x400
#define CLONE_SIGHAND	     0x800
#define CLONE_VFORK	     0x4000
#define CLONE_THREAD	     0x10000
#define CLONE_SYSVSEM	     0x40000
#define CLONE_SETTLS	     0x80000
#define CLONE_PARENT_SETTID  0x100000
#define CLONE_CHILD_CLEARTID 0x200000
#define CLONE_DETACHED	     0x400000
#define CLONE_CHILD_SETTID   0x1000000
#define CLONE_REQUIRED	     (CLONE_VM | CLONE_THREAD | CLONE_SIGHAND)
#define CLONE_ACCEPTED                                                            \
	(CLONE_REQUIRED | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_SETTLS | \
	 CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_CHILD_SETTID)
#define CSIGNAL 0xff

static struct {
	int next_tid;
} th = {2};

static long do_clone(uint64_t flags, uint64_t sp, uint64_t ptid, uint64_t ctid, uint64_t tls)
{
	if ((flags & CLONE_REQUIRED) != CLONE_REQUIRED) {
		kprintf("ingot: clone without CLONE_VM|CLONE_THREAD (fork, vfork, spawn) is not supported\n");
		return -ENOSYS;
	}
	if (flags & ~(uint64_t)(CLONE_ACCEPTED | CSIGNAL))
		return -EINVAL;
	if ((flags & CLONE_SETTLS) && tls >= USER_TOP)
		return -EPERM;
	/* The child enters ring 3 by iretq, which faults in ring 0 on a
	 * non-canonical stack pointer (real CPUs; TCG lets it through). Linux
	 * ends the process with SIGSEGV there; so do we, before any of it
	 * (tests/security/clone_wild_stack.c, found by tests/fuzz). */
	if (sp >= 0x0000800000000000UL && sp < 0xffff800000000000UL) {
		kprintf("ingot: program fault: SIGSEGV: clone with a non-canonical stack pointer 0x%lx\n",
			sp);
		proc_exit(128 + 11);
	}
	struct thread *parent = thread_current();
	struct thread *t = kzalloc(sizeof *t);
	void *kstack = page_alloc_n(KSTACK_PAGES);
	void *fpu = kmalloc(cpu.fpu_size + 64);
	if (!t || !kstack || !fpu) {
		kfree(t);
		kfree(fpu);
		if (kstack)
			page_free_n(kstack, KSTACK_PAGES);
		return -EAGAIN;
	}
	t->tid = th.next_tid++;
	t->kstack = kstack;
	t->kstack_top = (uint64_t)kstack + KSTACK_PAGES * PAGE_SIZE;
	*(uint64_t *)kstack = KSTACK_CANARY;
	t->fpu_alloc = fpu;
	t->fpu = (void *)(((uint64_t)fpu + 63) & ~63UL);
	/* XSAVE writes only XSTATE_BV of the header; XRSTOR faults in ring 0
	 * on anything left in its other 56 bytes, and kmalloc's memory may
	 * hold a program's bytes (tests/security/clone_fpu_header.c). */
	memset(t->fpu, 0, cpu.fpu_size);
	fpu_save(t->fpu); /* the parent's live registers */
	t->fs_base = (flags & CLONE_SETTLS) ? tls : rdmsr(MSR_FS_BASE);
	t->gs_base = rdmsr(MSR_GS_BASE);
	t->sigmask = parent->sigmask;
	t->altstack.flags = 2; /* SS_DISABLE */

	struct trapframe *tf = (struct trapframe *)(t->kstack_top - sizeof *tf);
	*tf = *parent->tf;
	tf->rax = 0;
	if (sp)
		tf->rsp = sp;
	t->tf = tf;
	uint64_t *ksp = (uint64_t *)tf;
	*--ksp = (uint64_t)trap_return; /* switch_to's ret */
	for (int r = 0; r < 6; r++)
		*--ksp = 0; /* rbp rbx r12-r15 */
	t->ksp = (uint64_t)ksp;

	int tid = t->tid;
	if ((flags & CLONE_PARENT_SETTID) && copy_to_user((void *)ptid, &tid, sizeof tid))
		goto fault;
	if ((flags & CLONE_CHILD_SETTID) && copy_to_user((void *)ctid, &tid, sizeof tid))
		goto fault;
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_tid = ctid;
	t->state = T_BLOCKED; /* not yet queued */
	sched_add_thread(t);
	sched_make_runnable(t);
	return tid;
fault:
	page_free_n(kstack, KSTACK_PAGES);
	kfree(fpu);
	kfree(t);
	return -EFAULT;
}

long sys_clone(long flags, long sp, long ptid, long ctid, long tls, long f)
{
	return do_clone((uint64_t)flags, (uint64_t)sp, (uint64_t)ptid, (uint64_t)ctid,
			(uint64_t)tls);
}

/* struct clone_args (include/uapi/linux/sched.h), CLONE_ARGS_SIZE_VER0 = 64. */
struct clone_args_u {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

long sys_clone3(long uargs, long size, long c, long d, long e, long f)
{
	struct clone_args_u a;
	memset(&a, 0, sizeof a);
	if (size < 64 || size > 4096)
		return -EINVAL;
	if (copy_from_user(&a, (const void *)uargs, MIN((size_t)size, sizeof a)))
		return -EFAULT;
	if (a.exit_signal > CSIGNAL || a.set_tid || a.set_tid_size || (a.flags & CSIGNAL))
		return -EINVAL;
	if ((a.stack == 0) != (a.stack_size == 0))
		return -EINVAL;
	uint64_t sp = a.stack ? a.stack + a.stack_size : 0;
	return do_clone(a.flags, sp, a.parent_tid, a.child_tid, a.tls);
}

/* One thread ends: clear_child_tid gets 0 and a futex wake (pthread_join
 * waits on it); the last thread to go ends the program. */
__attribute__((noreturn)) void thread_exit(int status)
{
	struct thread *t = thread_current();
	fd_release_held(&t->held);
	if (t->clear_tid) {
		uint32_t zero = 0;
		if (copy_to_user((void *)t->clear_tid, &zero, sizeof zero) == 0)
			futex_wake(t->clear_tid, 1, ~0U);
	}
	if (sched_thread_count() == 1)
		proc_exit(status);
	wait_cancel(t);
	sched_remove_thread(t);
	schedule();
	panic("sched: a dead thread ran again");
}

struct held_files *held_current(void)
{
	struct thread *t = thread_current();
	return t ? &t->held : NULL;
}

void held_file_closed(struct file *f)
{
	struct thread *me = thread_current();
	for (struct thread *t = thread_first(); t; t = t->all_next) {
		if (t == me)
			continue;
		for (int i = 0; i < t->held.n; i++) {
			if (t->held.f[i] == f) {
				t->held.closed = true;
				if (t->state == T_BLOCKED)
					waitq_wake_thread(t);
				break;
			}
		}
	}
}

long sys_exit(long status, long b, long c, long d, long e, long f)
{
	thread_exit((int)(status & 0xff));
}

long sys_exit_group(long status, long b, long c, long d, long e, long f)
{
	proc_exit((int)(status & 0xff));
}

long sys_set_tid_address(long uaddr, long b, long c, long d, long e, long f)
{
	thread_current()->clear_tid = (uint64_t)uaddr;
	return thread_current()->tid;
}

long sys_gettid(long a, long b, long c, long d, long e, long f)
{
	return thread_current()->tid;
}

long sys_sched_yield(long a, long b, long c, long d, long e, long f)
{
	sched_yield_cpu();
	return 0;
}
