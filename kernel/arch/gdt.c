/*
 * gdt.c — GDT, TSS and IDT.
 *
 * GDT layout (the SYSRET rules fix the user part: with STAR[63:48] = 0x18,
 * 64-bit SYSRET loads SS = 0x18+8 and CS = 0x18+16, both with RPL 3):
 *   0x00 null, 0x08 kernel code, 0x10 kernel data, 0x18 null, 0x20 user
 *   data, 0x28 user code 64-bit, 0x30 TSS (16 bytes).
 * 0x18 is where a 32-bit user code segment would go (only the 32-bit
 * SYSRET we never execute uses it). It is left null on purpose: a program
 * that far-jumps to it takes #GP (SIGSEGV) instead of reaching
 * compatibility mode, where SYSCALL enters the kernel through CSTAR.
 * The TSS gives RSP0 (kernel stack for traps from ring 3) and IST1, a
 * separate stack for double faults so a kernel stack overflow still gets
 * reported. The IDT points every vector at its trap.S stub; vector 3
 * (int3) is callable from ring 3 so breakpoints report SIGTRAP.
 */
#include "cpu.h"
#include "../mm/mm.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3, iomap_base;
} __attribute__((packed));

struct idt_entry {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, reserved;
} __attribute__((packed));

struct table_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern char trap_stub_base[];

static struct {
	uint64_t gdt[8];
	struct tss tss;
	struct idt_entry idt[256];
	uint8_t df_stack[8192] __attribute__((aligned(16)));
} desc;

static void set_gate(int vec, int ist, int dpl)
{
	uint64_t off = (uint64_t)trap_stub_base + 16 * vec;
	desc.idt[vec] = (struct idt_entry){
		.off_lo = off & 0xffff,
		.sel = SEL_KCODE,
		.ist = ist,
		.type = 0x8e | (dpl << 5), /* present, 64-bit interrupt gate */
		.off_mid = (off >> 16) & 0xffff,
		.off_hi = off >> 32,
	};
}

void gdt_init(uint64_t kstack_top)
{
	/* Descriptor encodings: Intel SDM vol. 3, 3.4.5 (L bit 53, D bit 54,
	 * DPL bits 45-46, type 0xa code / 0x2 data). */
	desc.gdt[1] = 0x00af9a000000ffffULL; /* kernel code, L */
	desc.gdt[2] = 0x00cf92000000ffffULL; /* kernel data */
	desc.gdt[3] = 0;		     /* no 32-bit user code */
	desc.gdt[4] = 0x00cff2000000ffffULL; /* user data */
	desc.gdt[5] = 0x00affa000000ffffULL; /* user code 64 */
	uint64_t base = (uint64_t)&desc.tss, limit = sizeof desc.tss - 1;
	desc.gdt[6] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		      (0x89ULL << 40) | /* present, 64-bit TSS available */
		      (((base >> 24) & 0xff) << 56);
	desc.gdt[7] = base >> 32;
	desc.tss.rsp[0] = kstack_top;
	desc.tss.ist[0] = (uint64_t)desc.df_stack + sizeof desc.df_stack;
	desc.tss.iomap_base = sizeof desc.tss; /* no I/O bitmap */

	for (int v = 0; v < 256; v++)
		set_gate(v, v == 8 ? 1 : 0, v == 3 ? 3 : 0);

	struct table_ptr g = {sizeof desc.gdt - 1, (uint64_t)desc.gdt};
	struct table_ptr i = {sizeof desc.idt - 1, (uint64_t)desc.idt};
	/* SAFETY: the new GDT keeps 0x08/0x10 meaning what boot.S set up, so
	 * reloading CS via lretq and the data selectors is seamless; the TSS
	 * descriptor is fresh (busy bit clear) so ltr cannot fault. */
	__asm__ volatile("lgdt %0\n\t"
			 "lidt %1\n\t"
			 "pushq $0x08\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov $0x10, %%ax\n\t"
			 "mov %%ax, %%ds\n\t"
			 "mov %%ax, %%es\n\t"
			 "mov %%ax, %%ss\n\t"
			 "mov $0x30, %%ax\n\t"
			 "ltr %%ax" ::"m"(g),
			 "m"(i)
			 : "rax", "memory");
}

void tss_set_rsp0(uint64_t rsp0)
{
	desc.tss.rsp[0] = rsp0;
}
