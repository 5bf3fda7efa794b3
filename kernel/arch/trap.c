/*
 * trap.c — what happens on an exception or interrupt.
 *
 * From ring 3: a page fault inside a region the program may access is a
 * demand-zero fault and is resolved; anything else is a program fault,
 * reported with registers and the program's symbol, then the program exits
 * with 128 + signal like a shell would show it. From ring 0: a kernel bug;
 * print registers and a symbolised backtrace, exit 126.
 */
#include "cpu.h"
#include "time.h"
#include "x86.h"
#include "../drivers/virtio.h"
#include "../mm/mm.h"
#include "../lib/ksyms.h"
#include "../drivers/serial.h"
#include "../sys/proc.h"
#include "../elf/elf.h"
#include "../sched/sched.h"

/* Intel SDM vol. 3, table 6-1. */
static const char *const vector_names[32] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor overrun",
	"invalid TSS",
	"segment not present",
	"stack fault",
	"general protection",
	"page fault",
	"reserved",
	"x87 FP error",
	"alignment check",
	"machine check",
	"SIMD FP exception",
	"virtualization",
	"control protection",
};

/* Linux signal numbers (asm-generic/signal.h). */
#define SIGILL	4
#define SIGTRAP 5
#define SIGBUS	7
#define SIGFPE	8
#define SIGSEGV 11

static int signal_for(uint64_t vec)
{
	switch (vec) {
	case 0:
	case 16:
	case 19: return SIGFPE;
	case 1:
	case 3: return SIGTRAP;
	case 6: return SIGILL;
	case 17: return SIGBUS;
	default: return SIGSEGV;
	}
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGILL: return "SIGILL";
	case SIGTRAP: return "SIGTRAP";
	case SIGBUS: return "SIGBUS";
	case SIGFPE: return "SIGFPE";
	default: return "SIGSEGV";
	}
}

static void dump_regs(const struct trapframe *tf)
{
	kprintf("ingot:   rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n", tf->rax, tf->rbx, tf->rcx,
		tf->rdx);
	kprintf("ingot:   rsi=%016lx rdi=%016lx rbp=%016lx rsp=%016lx\n", tf->rsi, tf->rdi, tf->rbp,
		tf->rsp);
	kprintf("ingot:   r8 =%016lx r9 =%016lx r10=%016lx r11=%016lx\n", tf->r8, tf->r9, tf->r10,
		tf->r11);
	kprintf("ingot:   r12=%016lx r13=%016lx r14=%016lx r15=%016lx\n", tf->r12, tf->r13, tf->r14,
		tf->r15);
	kprintf("ingot:   rip=%016lx rflags=%016lx cs=%lx ss=%lx fs_base=%lx\n", tf->rip,
		tf->rflags, tf->cs, tf->ss, rdmsr(MSR_FS_BASE));
}

/* Page-fault error code bits (SDM 4.7): P, W/R, U/S, RSVD, I/D, PK. */
static const char *pf_reason(uint64_t err, uint64_t addr)
{
	if (err & 16)
		return (err & 1) ? "execute of a non-executable page"
				 : "execute of an unmapped address";
	if (err & 2)
		return (err & 1) ? "write to a read-only page" : "write to an unmapped address";
	return (err & 1) ? "read of a protected page" : "read of an unmapped address";
}

/* Says which region a faulting address is in, or what it is next to. */
static void describe_address(uint64_t addr)
{
	struct vma *v = vma_find(addr);
	if (v) {
		kprintf("ingot: 0x%lx is in %s (%c%c%c)\n", addr,
			v->name ? v->name : "an anonymous mapping", v->prot & PROT_READ ? 'r' : '-',
			v->prot & PROT_WRITE ? 'w' : '-', v->prot & PROT_EXEC ? 'x' : '-');
		return;
	}
	for (v = vma_first(); v; v = v->next)
		if (v->kind == VMA_STACK && addr < v->start && addr + (1UL << 20) >= v->start)
			kprintf("ingot: 0x%lx is just below the stack: stack overflow? (8 MiB limit)\n",
				addr);
}

/* si_code for a fault (include/uapi/asm-generic/siginfo.h): SEGV_MAPERR 1 /
 * SEGV_ACCERR 2 for page faults, SI_KERNEL for #GP, FPE_INTDIV, ILL_ILLOPN,
 * BUS_ADRALN, TRAP_BRKPT. */
static int code_for(const struct trapframe *tf, int sig)
{
	switch (sig) {
	case SIGSEGV: return tf->vector == 14 ? ((tf->error & 1) ? 2 : 1) : 0x80;
	case SIGILL: return 2;
	default: return 1;
	}
}

/* A fault in the program: its handler runs if it installed one, else the
 * fault is reported and the program ends as Linux's default action would. */
static void program_fault(struct trapframe *tf, uint64_t cr2)
{
	int sig = signal_for(tf->vector);
	uint64_t addr = tf->vector == 14 ? cr2 : tf->rip;
	if (signal_fault(tf, sig, code_for(tf, sig), addr))
		return;
	char sym[160] = "";
	elf_symbolize(tf->rip, sym, sizeof sym);
	kprintf("ingot: program fault: %s (vector %lu %s) at rip=0x%lx%s%s cr2=0x%lx err=0x%lx\n",
		signal_name(sig), tf->vector, vector_names[tf->vector], tf->rip, sym[0] ? " " : "",
		sym, cr2, tf->error);
	if (tf->vector == 14) {
		kprintf("ingot: %s 0x%lx%s\n", pf_reason(tf->error, cr2), cr2,
			cr2 < PAGE_SIZE ? " (NULL pointer dereference)" : "");
		describe_address(cr2);
	}
	dump_regs(tf);
	proc_exit(128 + sig);
}

__attribute__((noreturn)) static void kernel_fault(struct trapframe *tf, uint64_t cr2)
{
	const char *name = tf->vector < 32 ? vector_names[tf->vector] : "interrupt";
	kprintf("ingot: panic: kernel fault: vector %lu (%s) at rip=0x%lx cr2=0x%lx err=0x%lx\n",
		tf->vector, name ? name : "reserved", tf->rip, cr2, tf->error);
	if (tf->vector == 8)
		kprintf("ingot: (a double fault in the kernel is most likely a kernel stack overflow)\n");
	dump_regs(tf);
	backtrace_from(tf->rip, tf->rbp);
	machine_exit(INGOT_STATUS_INIT_FAILED);
}

static void dispatch(struct trapframe *tf, bool user)
{
	if (tf->vector == TIMER_VECTOR) {
		time_timer_interrupt();
		sched_timer_interrupt(tf);
		return;
	}
	if (tf->vector >= 32 && irq_dispatch(tf->vector))
		return; /* a device's (drivers/virtio_irq.c) */
	if (tf->vector == SPURIOUS_VECTOR || tf->vector >= 32)
		return; /* spurious or stray device interrupt: ignore */
	uint64_t cr2 = tf->vector == 14 ? read_cr2() : 0;
	if (user && tf->vector == 14 && vm_handle_fault(cr2, tf->error & 2, tf->error & 16))
		return;
	if (tf->vector >= 22 || !vector_names[tf->vector])
		kernel_fault(tf, cr2);
	if (user) {
		program_fault(tf, cr2);
		return;
	}
	kernel_fault(tf, cr2);
}

/* SYSCALL from compatibility mode: there is no 32-bit ABI, so the program
 * dies of SIGSEGV as if the instruction had faulted. */
void syscall_compat(struct trapframe *tf)
{
	kprintf("ingot: program fault: SIGSEGV: syscall from 32-bit mode at rip=0x%lx\n", tf->rip);
	proc_exit(128 + SIGSEGV);
}

/* From ring 3 the frame is the running thread's user state: a signal may
 * be delivered on the way back (sched/signal.c). */
void trap_handler(struct trapframe *tf)
{
	bool user = (tf->cs & 3) == 3;
	if (user)
		thread_current()->tf = tf;
	dispatch(tf, user);
	if (!user)
		return;
	signal_deliver(tf, -1);
	/* A handler address is the program's to choose: IRETQ to a
	 * non-canonical rip faults in ring 0 on real CPUs (syscall.c checks
	 * the same for SYSRET). */
	if (tf->rip >= USER_TOP) {
		kprintf("ingot: program fault: SIGSEGV: signal handler at non-user rip=0x%lx\n",
			tf->rip);
		proc_exit(128 + SIGSEGV);
	}
}
