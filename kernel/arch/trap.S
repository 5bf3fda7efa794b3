/*
 * trap.S — interrupt/exception stubs, the SYSCALL entry and user entry.
 *
 * Every entry builds a struct trapframe (cpu.h) on the kernel stack:
 * hardware part (rip, cs, rflags, rsp, ss), then error code and vector,
 * then the 15 general registers. Exceptions without a CPU error code push
 * 0 so the layout is uniform. Vectors with an error code: 8, 10-14, 17,
 * 21, 29, 30 (Intel SDM vol. 3, table 6-1).
 *
 * SYSCALL (Intel SDM vol. 2, SYSCALL): rcx = user rip, r11 = user rflags,
 * rsp unchanged, IF etc. masked by FMASK. We switch to syscall_kstack_top,
 * the running thread's kernel stack (sched.c updates it on every switch;
 * one CPU: no swapgs/per-CPU data needed) and build the same frame.
 * SYSRET would #GP in ring 0 on a non-canonical rcx; syscall.c makes sure
 * the saved rip is a user address before we get here. When the dispatcher
 * returns non-zero the frame was rewritten (signal delivery, rt_sigreturn)
 * and every register must come back exactly: leave through trap_return's
 * iretq instead, which also restores rcx and r11.
 *
 * Kernel stacks of threads: switch_to (below) saves the callee-saved
 * registers and rsp of one thread and resumes another where it saved its
 * own. A new thread's stack is prepared (sched/thread.c) so its first
 * switch "returns" into trap_return with its user trapframe above.
 */
#define PUSH_REGS \
	push %rax; push %rbx; push %rcx; push %rdx; push %rsi; push %rdi; push %rbp; \
	push %r8; push %r9; push %r10; push %r11; push %r12; push %r13; push %r14; push %r15
#define POP_REGS \
	pop %r15; pop %r14; pop %r13; pop %r12; pop %r11; pop %r10; pop %r9; pop %r8; \
	pop %rbp; pop %rdi; pop %rsi; pop %rdx; pop %rcx; pop %rbx; pop %rax

	.text
	.balign 16
trap_common:
	PUSH_REGS
	cld
	mov %rsp, %rdi
	xor %ebp, %ebp
	call trap_handler
	.globl trap_return
trap_return:
	POP_REGS
	add $16, %rsp
	iretq

/* One stub per vector, each 16-byte aligned so trap_stubs[] can be built. */
	.balign 16
	.globl trap_stub_base
trap_stub_base:
	vec = 0
	.rept 256
	.balign 16
	.if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	push $0
	.endif
	push $vec
	jmp trap_common
	vec = vec + 1
	.endr

	.balign 16
	.globl syscall_entry
syscall_entry:
	mov %rsp, syscall_user_rsp(%rip)
	mov syscall_kstack_top(%rip), %rsp
	push $0x23			/* ss: SEL_UDATA */
	push syscall_user_rsp(%rip)
	push %r11			/* rflags */
	push $0x2b			/* cs: SEL_UCODE */
	push %rcx			/* rip */
	push $0				/* error */
	push $0x1000			/* vector: SYSCALL_VECTOR */
	PUSH_REGS
	cld
	mov %rsp, %rdi
	xor %ebp, %ebp
	call syscall_dispatch
	test %eax, %eax
	jnz trap_return
	POP_REGS
	add $16, %rsp
	pop %rcx			/* rip */
	add $8, %rsp
	pop %r11			/* rflags */
	pop %rsp			/* user rsp; IF is still clear here */
	sysretq

/* SYSCALL from a 32-bit code segment (CSTAR): same frame as above, then
 * syscall_compat ends the program; it never returns here. */
	.balign 16
	.globl syscall_compat_entry
syscall_compat_entry:
	mov %rsp, syscall_user_rsp(%rip)
	mov syscall_kstack_top(%rip), %rsp
	push $0x23
	push syscall_user_rsp(%rip)
	push %r11
	push $0x2b
	push %rcx
	push $0
	push $0x1000
	PUSH_REGS
	cld
	mov %rsp, %rdi
	xor %ebp, %ebp
	call syscall_compat
	ud2

/* enter_user(rip, rsp): first entry to ring 3 via iretq with IF set and all
 * other registers zeroed, as the SysV process entry expects (rdx = 0 means
 * "no atexit function"). */
	.globl enter_user
enter_user:
	push $0x23			/* ss */
	push %rsi			/* rsp */
	push $0x202			/* rflags: IF | reserved bit 1 */
	push $0x2b			/* cs */
	push %rdi			/* rip */
	xor %eax, %eax
	xor %ebx, %ebx
	xor %ecx, %ecx
	xor %edx, %edx
	xor %esi, %esi
	xor %edi, %edi
	xor %ebp, %ebp
	xor %r8, %r8
	xor %r9, %r9
	xor %r10, %r10
	xor %r11, %r11
	xor %r12, %r12
	xor %r13, %r13
	xor %r14, %r14
	xor %r15, %r15
	mov %ax, %ds
	mov %ax, %es
	iretq

/* switch_to(uint64_t *save_rsp, uint64_t rsp): System V callee-saved
 * registers go on the old stack, its rsp into *save_rsp; then the same
 * in reverse from the new stack. Called with interrupts off. */
	.globl switch_to
switch_to:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, (%rdi)
	mov %rsi, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

	.data
	.balign 8
	.globl syscall_kstack_top
syscall_kstack_top:	.quad 0
syscall_user_rsp:	.quad 0
