/*
 * sched.c — the scheduler: round robin over one run queue, preemption by
 * the LAPIC timer, and an idle thread that halts the CPU.
 *
 * A thread runs until it blocks (waitq_wait), yields, exits, or its 10 ms
 * slice ends while another thread is runnable: the timer interrupt from
 * ring 3 then puts it at the back of the queue. The timer is one-shot and
 * armed for the nearest event only (a sleeper's deadline, the end of the
 * slice when someone is waiting for the CPU): an idle program takes no
 * interrupts at all, so the host sees ~0% CPU.
 *
 * A switch saves the outgoing thread's FS/GS base and vector state,
 * points the TSS and the SYSCALL path at the incoming thread's kernel
 * stack, restores its state and swaps kernel stacks (switch_to, trap.S).
 * The kernel is not preemptible: everything here runs with interrupts off
 * (see sched.h); SMP would need a lock around the run queue and per-CPU
 * current/idle.
 */
#include "sched.h"
#include "../arch/cpu.h"
#include "../arch/time.h"
#include "../arch/x86.h"
#include "../mm/mm.h"

#define SLICE_NS   10000000ULL /* 10 ms, Linux's CFS ballpark for HZ=100 */
#define IDLE_STACK 16384

static struct {
	struct thread *current;
	struct thread *run_head, *run_tail; /* irq-off */
	struct thread *all;		    /* live threads, irq-off */
	struct thread *dead;		    /* exited, stacks to free */
	struct thread boot, idle;
	int nthreads;
	uint8_t idle_stack[IDLE_STACK] __attribute__((aligned(16)));
} sched;

struct thread *thread_current(void)
{
	return sched.current;
}
struct thread *thread_first(void)
{
	return sched.all;
}
int sched_thread_count(void)
{
	return sched.nthreads;
}

struct thread *thread_find(int tid)
{
	for (struct thread *t = sched.all; t; t = t->all_next)
		if (t->tid == tid)
			return t;
	return NULL;
}

uint64_t sched_thread_cpu_ns(struct thread *t)
{
	return t->cpu_ns + (t == sched.current ? time_monotonic_ns() - t->run_start : 0);
}

/* Everything since boot that the idle thread did not spend halted
 * (kernel and user time alike, as utime+stime). */
uint64_t sched_process_cpu_ns(void)
{
	return time_monotonic_ns() - sched_thread_cpu_ns(&sched.idle);
}

void sched_add_thread(struct thread *t)
{
	t->all_next = sched.all;
	sched.all = t;
	sched.nthreads++;
}

void sched_remove_thread(struct thread *t)
{
	for (struct thread **p = &sched.all; *p; p = &(*p)->all_next)
		if (*p == t) {
			*p = t->all_next;
			sched.nthreads--;
			break;
		}
	t->state = T_DEAD;
	t->run_next = sched.dead;
	sched.dead = t;
}

static void runq_push(struct thread *t)
{
	t->run_next = NULL;
	if (sched.run_tail)
		sched.run_tail->run_next = t;
	else
		sched.run_head = t;
	sched.run_tail = t;
}

static struct thread *runq_pop(void)
{
	struct thread *t = sched.run_head;
	if (t) {
		sched.run_head = t->run_next;
		if (!sched.run_head)
			sched.run_tail = NULL;
	}
	return t;
}

/* Arms the one-shot timer for the nearest event: a sleeper's deadline, or
 * the end of the running thread's slice if another thread waits to run. */
void sched_arm_timer(void)
{
	uint64_t next = wait_next_deadline();
	struct thread *cur = sched.current;
	if (sched.run_head && cur->state == T_RUNNING && (!next || cur->slice_end < next))
		next = cur->slice_end;
	time_timer_arm(next);
}

void sched_make_runnable(struct thread *t)
{
	if (t->state == T_RUNNABLE || t->state == T_RUNNING || t->state == T_DEAD)
		return;
	t->state = T_RUNNABLE;
	runq_push(t);
	if (sched.current->state == T_RUNNING)
		sched_arm_timer(); /* make sure the running thread's slice ends */
}

/* Frees the stacks of exited threads other than the one we run on. */
static void reap(void)
{
	struct thread **p = &sched.dead;
	while (*p) {
		struct thread *t = *p;
		if (t == sched.current) {
			p = &t->run_next;
			continue;
		}
		*p = t->run_next;
		if (t->kstack)
			page_free_n(t->kstack, KSTACK_PAGES);
		kfree(t->fpu_alloc);
		if (t != &sched.boot) /* thread 1 is static, on the boot stack */
			kfree(t);
	}
}

static void switch_thread(struct thread *next)
{
	struct thread *prev = sched.current;
	if (next == prev) {
		if (prev != &sched.idle)
			prev->state = T_RUNNING;
		return;
	}
	if (prev->kstack && *(uint64_t *)prev->kstack != KSTACK_CANARY)
		panic("sched: thread %d overflowed its kernel stack", prev->tid);
	uint64_t now = time_monotonic_ns();
	prev->cpu_ns += now - prev->run_start;
	next->run_start = now;
	if (prev != &sched.idle && prev->state != T_DEAD) {
		fpu_save(prev->fpu);
		prev->fs_base = rdmsr(MSR_FS_BASE);
		prev->gs_base = rdmsr(MSR_GS_BASE);
	}
	if (next != &sched.idle) {
		next->state = T_RUNNING;
		next->slice_end = now + SLICE_NS;
		tss_set_rsp0(next->kstack_top);
		syscall_kstack_top = next->kstack_top;
		wrmsr(MSR_FS_BASE, next->fs_base);
		wrmsr(MSR_GS_BASE, next->gs_base);
		fpu_restore(next->fpu);
	}
	sched.current = next;
	sched_arm_timer();
	switch_to(&prev->ksp, next->ksp);
	/* prev runs again here, switched back to by someone */
	reap();
}

void schedule(void)
{
	struct thread *next = runq_pop();
	if (!next)
		next = sched.current->state == T_RUNNING ? sched.current : &sched.idle;
	switch_thread(next);
}

void sched_yield_cpu(void)
{
	struct thread *cur = sched.current;
	if (!sched.run_head || cur == &sched.idle)
		return;
	cur->state = T_RUNNABLE;
	runq_push(cur);
	schedule();
}

/* The timer fired: wake expired sleepers; from ring 3, preempt a thread
 * whose slice is over if another is runnable. In the idle loop (ring 0)
 * the loop itself picks up whoever was woken. */
void sched_timer_interrupt(struct trapframe *tf)
{
	uint64_t now = time_monotonic_ns();
	wait_expire(now);
	struct thread *cur = sched.current;
	if ((tf->cs & 3) == 3 && sched.run_head && now >= cur->slice_end)
		sched_yield_cpu();
	else
		sched_arm_timer();
}

/* The idle thread: runs whoever became runnable, else halts with
 * interrupts on until the timer or a device interrupt. */
static void idle_loop(void)
{
	for (;;) {
		if (sched.run_head) {
			schedule();
			continue;
		}
		if (!time_has_timer()) {
			wait_expire(time_monotonic_ns()); /* no APIC timer: poll */
			continue;
		}
		/* SAFETY: sti;hlt is atomic w.r.t. the interrupt shadow, so a
		 * wake-up cannot slip in between the check above and the halt. */
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	}
}

/* Thread 1 is the boot flow itself (proc_start enters ring 3 on the boot
 * kernel stack); the idle thread starts in idle_loop on its own stack. */
void sched_init(uint64_t boot_kstack_top)
{
	struct thread *b = &sched.boot;
	b->tid = 1;
	b->state = T_RUNNING;
	b->kstack_top = boot_kstack_top;
	b->altstack.flags = 2; /* SS_DISABLE */
	b->fpu_alloc = kmalloc(cpu.fpu_size + 64);
	if (!b->fpu_alloc)
		panic("sched: no memory for the vector state");
	b->fpu = (void *)(((uint64_t)b->fpu_alloc + 63) & ~63UL);
	fpu_init_state(b->fpu);
	signal_init();
	sched_add_thread(b);
	sched.current = b;

	struct thread *i = &sched.idle;
	i->state = T_IDLE;
	uint64_t *sp = (uint64_t *)(sched.idle_stack + IDLE_STACK);
	*--sp = 0;		     /* alignment: as if called */
	*--sp = (uint64_t)idle_loop; /* switch_to's ret */
	for (int r = 0; r < 6; r++)
		*--sp = 0; /* rbp rbx r12-r15 */
	i->ksp = (uint64_t)sp;
}
