/* cpu.h — descriptor tables, CPU features, traps and the syscall entry. */
#ifndef INGOT_CPU_H
#define INGOT_CPU_H
#include "../include/kernel.h"

/* Selectors (gdt.c layout; SYSRET derives user CS/SS from STAR[63:48]). */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x23
#define SEL_UCODE 0x2b
#define SEL_TSS	  0x30

/* Register frame pushed by trap.S for interrupts, faults and syscalls. */
struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error; /* vector = SYSCALL_VECTOR for syscalls */
	uint64_t rip, cs, rflags, rsp, ss;
};
#define SYSCALL_VECTOR	0x1000
#define TIMER_VECTOR	0x20
#define SPURIOUS_VECTOR 0xff

struct cpu_features {
	bool xsave, avx, rdrand, rdseed, smep, smap, umip, fsgsbase, x2apic;
	uint32_t hwcap; /* CPUID.1:EDX, what AT_HWCAP carries */
	uint64_t xcr0;
	uint32_t fpu_size;   /* XSAVE area for xcr0 (CPUID 0xd EBX), or 512 (FXSAVE) */
	uint32_t mxcsr_mask; /* MXCSR bits the CPU accepts (FXSAVE image, SDM 10.5.1.2) */
	char vendor[13];
};
extern struct cpu_features cpu;

void gdt_init(uint64_t kstack_top); /* GDT, TSS, IDT */
void cpu_init(void);		    /* features, CR0/CR4/XCR0, syscall MSRs */
void trap_handler(struct trapframe *tf);
/* Returns non-zero when tf was rewritten and must leave through iretq. */
int syscall_dispatch(struct trapframe *tf);
void tss_set_rsp0(uint64_t rsp0); /* gdt.c: kernel stack for traps from ring 3 */
/* Vector state (x87/SSE/AVX...) of the program: the kernel never touches
 * it, so it only moves at thread switches and signal frames. area is
 * cpu.fpu_size bytes, 64-byte aligned. */
void fpu_save(void *area);
void fpu_restore(const void *area);
void fpu_init_state(void *area); /* the reset state (fninit, MXCSR 0x1f80) */
/* trap.S */
extern uint64_t syscall_kstack_top;
void syscall_entry(void);
void syscall_compat_entry(void); /* CSTAR: ends the program (trap.c) */
__attribute__((noreturn)) void syscall_compat(struct trapframe *tf);
void trap_return(void); /* pops a trapframe, iretq */
void switch_to(uint64_t *save_rsp, uint64_t rsp);
__attribute__((noreturn)) void enter_user(uint64_t rip, uint64_t rsp);
#endif
