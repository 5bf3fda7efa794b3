/* cpu.h — descriptor tables, CPU features, traps and the syscall entry. */
#ifndef INGOT_CPU_H
#define INGOT_CPU_H
#include "../include/kernel.h"

/* Selectors (gdt.c layout; SYSRET derives user CS/SS from STAR[63:48]). */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x23
#define SEL_UCODE 0x2b
#define SEL_TSS 0x30

/* Register frame pushed by trap.S for interrupts, faults and syscalls. */
struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;        /* vector = SYSCALL_VECTOR for syscalls */
	uint64_t rip, cs, rflags, rsp, ss;
};
#define SYSCALL_VECTOR 0x1000
#define TIMER_VECTOR 0x20
#define SPURIOUS_VECTOR 0xff

struct cpu_features {
	bool xsave, avx, rdrand, rdseed, smep, smap, fsgsbase, x2apic;
	uint32_t hwcap;                /* CPUID.1:EDX, what AT_HWCAP carries */
	uint64_t xcr0;
	char vendor[13];
};
extern struct cpu_features cpu;

void gdt_init(uint64_t kstack_top);    /* GDT, TSS, IDT */
void cpu_init(void);                   /* features, CR0/CR4/XCR0, syscall MSRs */
void trap_handler(struct trapframe *tf);
void syscall_dispatch(struct trapframe *tf);
/* trap.S */
extern uint64_t syscall_kstack_top;
void syscall_entry(void);
__attribute__((noreturn)) void enter_user(uint64_t rip, uint64_t rsp);
#endif
