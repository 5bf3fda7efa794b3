/*
 * sched.h — threads and the scheduler (sched.c, thread.c, wait.c,
 * futex.c, signal.c).
 *
 * Concurrency: one CPU. Kernel code runs with interrupts off (SYSCALL
 * masks IF; traps use interrupt gates), so a syscall is never preempted
 * and every structure here is guarded by "interrupts off". Interrupts are
 * taken only in ring 3 and in the idle loop's sti;hlt. On SMP each field
 * marked "irq-off" would need the run-queue lock instead, and current would
 * become per-CPU (GS base).
 */
#ifndef INGOT_SCHED_H
#define INGOT_SCHED_H
#include "../include/kernel.h"
#include "../include/wait.h"
#include "../include/held.h"

struct trapframe;

enum thread_state {
	T_RUNNING,  /* on the CPU */
	T_RUNNABLE, /* in the run queue */
	T_BLOCKED,  /* in waitq_wait: on a waitq and/or the timer list */
	T_DEAD,	    /* exited; its stack is freed by the next thread to run */
	T_IDLE,	    /* the idle thread, never queued */
};

struct sigstack {
	uint64_t sp;
	int32_t flags;
	int32_t pad;
	uint64_t size;
}; /* stack_t */

#define NSIG	      64
#define KSTACK_PAGES  4			    /* 16 KiB kernel stack per thread */
#define KSTACK_CANARY 0x5ca1ab1edeadc0deULL /* lowest word of a thread's kernel stack */

struct thread {
	int tid;
	enum thread_state state;
	uint64_t ksp; /* saved kernel rsp while switched out */
	void *kstack; /* KSTACK_PAGES pages, NULL for the boot thread */
	uint64_t kstack_top;
	struct trapframe *tf;	    /* user registers of the syscall or trap in progress */
	uint64_t fs_base, gs_base;  /* saved at switch: the program may wrfsbase */
	void *fpu, *fpu_alloc;	    /* vector state, saved at switch (64-aligned) */
	uint64_t clear_tid;	    /* CLONE_CHILD_CLEARTID / set_tid_address */
	uint64_t robust_list;	    /* set_robust_list, only reported back */
	uint64_t slice_end;	    /* preemptible after this (monotonic ns) */
	uint64_t cpu_ns, run_start; /* time on the CPU before / since the last switch in */
	struct thread *run_next;    /* run queue link */
	struct thread *all_next;    /* list of live threads */
	/* wait.c */
	struct waitq *wq; /* queue blocked on, or NULL */
	struct thread *wq_next;
	struct thread *timer_next; /* sleepers, sorted by deadline */
	uint64_t deadline;	   /* 0: not on the timer list */
	bool woken, timed_out;
	bool frame_rewritten; /* tf changed: return with iretq */
	/* futex.c */
	uint64_t futex_addr;
	uint32_t futex_bitset;
	/* signal.c: bit sig-1 */
	uint64_t sigmask, sigpending;
	uint64_t saved_mask; /* rt_sigsuspend's mask to restore */
	bool saved_mask_valid;
	int16_t sigcode[NSIG + 1]; /* si_code of each pending signal */
	struct sigstack altstack;
	struct held_files held; /* files the running syscall uses (held.h) */
};

/* sched.c */
void sched_init(uint64_t boot_kstack_top);
struct thread *thread_current(void);
struct thread *thread_first(void); /* iterate with ->all_next */
struct thread *thread_find(int tid);
void sched_make_runnable(struct thread *t); /* BLOCKED/new -> run queue */
void schedule(void);			    /* current is no longer RUNNING: run another */
void sched_yield_cpu(void);		    /* to the back of the run queue */
void sched_arm_timer(void);
void sched_timer_interrupt(struct trapframe *tf);
void sched_add_thread(struct thread *t);
void sched_remove_thread(struct thread *t); /* the caller then schedules as T_DEAD */
int sched_thread_count(void);
uint64_t sched_thread_cpu_ns(struct thread *t); /* CLOCK_THREAD_CPUTIME_ID */
uint64_t sched_process_cpu_ns(void);		/* all but the idle thread's time */

/* thread.c */
__attribute__((noreturn)) void thread_exit(int status);

/* wait.c (internal side of wait.h) */
void wait_cancel(struct thread *t);   /* off its waitq and timer list */
void wait_expire(uint64_t now);	      /* wake sleepers whose deadline passed */
uint64_t wait_next_deadline(void);    /* 0 if none */
uint64_t poll_generation(void);	      /* poll_notify calls so far */
uint64_t timerfd_next_deadline(void); /* sys/sys_timerfd.c; 0 if none armed */
/* Wakes up to max threads of q for which match(t, arg) holds (all if
 * match is NULL), oldest first; returns the number woken. */
int waitq_wake_match(struct waitq *q, int max, bool (*match)(struct thread *, uint64_t),
		     uint64_t arg);
void waitq_wake_thread(struct thread *t);

/* futex.c */
int futex_wake(uint64_t uaddr, int count, uint32_t bitset);

/* signal.c */
void signal_init(void);					       /* at boot, from sched_init */
bool signal_pending(struct thread *t);			       /* deliverable now */
uint64_t signal_pending_set(struct thread *t);		       /* sent, not yet delivered */
int signal_dequeue(struct thread *t, uint64_t set, int *code); /* signal number or 0 */
int signal_send(struct thread *t, int sig, int code);	       /* t NULL: the process */
/* On the way back to ring 3: builds a frame for one deliverable signal (or
 * applies its default action). nr/ret: the syscall being returned from
 * (nr < 0 for traps), for SA_RESTART. */
void signal_deliver(struct trapframe *tf, long nr);
long signal_wait_mask_begin(long usigmask, long sigsetsize); /* 0 or -errno */
void signal_wait_mask_end(long usigmask, long ret);
/* A synchronous fault: true if a handler now runs, false to report & exit. */
bool signal_fault(struct trapframe *tf, int sig, int code, uint64_t addr);
#endif
