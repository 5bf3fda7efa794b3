/*
 * cpu.c — CPU feature discovery and setup.
 *
 * Reads CPUID once (Intel SDM vol. 2, CPUID) and turns on what programs
 * expect from Linux: x87/SSE (CR0.MP, CR4.OSFXSR/OSXMMEXCPT), AVX and
 * friends through XSAVE (CR4.OSXSAVE, XCR0 = supported x87|SSE|AVX, plus
 * the AVX-512 trio when all three are supported), FSGSBASE, SMEP/SMAP
 * to keep the kernel from running or touching user pages by accident, and
 * UMIP so SGDT/SIDT/SLDT/SMSW/STR fault in ring 3 (#GP, SIGSEGV) instead
 * of telling a program where the kernel's tables are. Linux emulates
 * SGDT/SIDT/SMSW with dummy values there; no program we run needs them.
 * The kernel itself is built -mgeneral-regs-only, so the program's vector
 * state only needs saving when threads switch or a signal frame is built
 * (fpu_save/fpu_restore: XSAVE with XCR0's features, else FXSAVE).
 * Finally the SYSCALL MSRs.
 */
#include "cpu.h"
#include "x86.h"

struct cpu_features cpu;

#define CR0_MP	       (1UL << 1)
#define CR0_EM	       (1UL << 2)
#define CR0_TS	       (1UL << 3)
#define CR0_NE	       (1UL << 5)
#define CR4_PGE	       (1UL << 7)
#define CR4_UMIP       (1UL << 11)
#define CR4_OSFXSR     (1UL << 9)
#define CR4_OSXMMEXCPT (1UL << 10)
#define CR4_FSGSBASE   (1UL << 16)
#define CR4_OSXSAVE    (1UL << 18)
#define CR4_SMEP       (1UL << 20)
#define CR4_SMAP       (1UL << 21)
/* RFLAGS bits cleared on SYSCALL: TF(8) IF(9) DF(10) NT(14) AC(18). */
#define SYSCALL_FMASK ((1UL << 8) | (1UL << 9) | (1UL << 10) | (1UL << 14) | (1UL << 18))

void cpu_init(void)
{
	uint32_t r[4];
	cpuid(0, 0, r);
	uint32_t max_leaf = r[0];
	memcpy(cpu.vendor, &r[1], 4);
	memcpy(cpu.vendor + 4, &r[3], 4);
	memcpy(cpu.vendor + 8, &r[2], 4);
	cpuid(1, 0, r);
	cpu.hwcap = r[3];
	cpu.xsave = r[2] >> 26 & 1;
	cpu.avx = r[2] >> 28 & 1;
	cpu.rdrand = r[2] >> 30 & 1;
	cpu.x2apic = r[2] >> 21 & 1;
	if (max_leaf >= 7) {
		cpuid(7, 0, r);
		cpu.fsgsbase = r[1] & 1;
		cpu.smep = r[1] >> 7 & 1;
		cpu.rdseed = r[1] >> 18 & 1;
		cpu.smap = r[1] >> 20 & 1;
		cpu.umip = r[2] >> 2 & 1;
	}

	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_PGE;
	if (cpu.xsave)
		cr4 |= CR4_OSXSAVE;
	if (cpu.fsgsbase)
		cr4 |= CR4_FSGSBASE;
	if (cpu.smep)
		cr4 |= CR4_SMEP;
	if (cpu.smap)
		cr4 |= CR4_SMAP;
	if (cpu.umip)
		cr4 |= CR4_UMIP;
	write_cr4(cr4);
	/* SAFETY: fninit only resets x87 state, which nothing uses yet. */
	__asm__ volatile("fninit");
	if (cpu.xsave) {
		cpuid(0xd, 0, r);	    /* EAX: XCR0 bits the CPU supports */
		uint64_t xcr0 = r[0] & 0x7; /* x87, SSE, AVX */
		if ((r[0] & 0xe0) == 0xe0)
			xcr0 |= 0xe0; /* opmask, ZMM_Hi256, Hi16_ZMM */
		cpu.xcr0 = xcr0;
		/* SAFETY: xcr0 only has supported bits, x87+SSE always set. */
		__asm__ volatile("xsetbv" ::"c"(0), "a"((uint32_t)xcr0),
				 "d"((uint32_t)(xcr0 >> 32)));
		cpuid(0xd, 0, r); /* EBX: XSAVE area size for the features now in XCR0 */
		cpu.fpu_size = r[1];
	} else {
		cpu.fpu_size = 512;
	}
	/* SAFETY: ldmxcsr with the reset default (all exceptions masked). */
	uint32_t mxcsr = 0x1f80;
	__asm__ volatile("ldmxcsr %0" ::"m"(mxcsr));
	/* MXCSR_MASK is at byte 28 of an FXSAVE image; 0 means 0xffbf. */
	static uint8_t fx[512] __attribute__((aligned(64)));
	/* SAFETY: fxsave writes exactly 512 bytes to the aligned buffer. */
	__asm__ volatile("fxsave64 %0" : "=m"(fx));
	memcpy(&cpu.mxcsr_mask, fx + 28, 4);
	if (!cpu.mxcsr_mask)
		cpu.mxcsr_mask = 0xffbf;

	/* SYSCALL: STAR[47:32] = kernel CS (SS = +8), STAR[63:48] = 0x18 base
	 * for SYSRET (see gdt.c). EFER.SCE was set by boot.S. */
	wrmsr(MSR_STAR, (0x18ULL << 48) | ((uint64_t)SEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* SYSCALL from compatibility mode (AMD, QEMU) enters at CSTAR. gdt.c
	 * leaves no 32-bit code segment to get there; still, never rip 0. */
	wrmsr(MSR_CSTAR, (uint64_t)syscall_compat_entry);
	wrmsr(MSR_FMASK, SYSCALL_FMASK);
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_GS_BASE, 0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

/* SAFETY (the three below): area is cpu.fpu_size bytes, 64-byte aligned,
 * owned by the caller; XSAVE/XRSTOR with EDX:EAX = XCR0 touch only the
 * enabled components. fpu_restore's image was written by fpu_save or
 * sanitised (signal.c) so its header is valid and xrstor cannot fault;
 * fpu_save's area must start zeroed, as XSAVE leaves header bytes 8-63. */
void fpu_save(void *area)
{
	if (cpu.xsave)
		__asm__ volatile("xsave64 (%0)" ::"r"(area), "a"((uint32_t)cpu.xcr0),
				 "d"((uint32_t)(cpu.xcr0 >> 32))
				 : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" ::"r"(area) : "memory");
}

void fpu_restore(const void *area)
{
	if (cpu.xsave)
		__asm__ volatile("xrstor64 (%0)" ::"r"(area), "a"((uint32_t)cpu.xcr0),
				 "d"((uint32_t)(cpu.xcr0 >> 32))
				 : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" ::"r"(area) : "memory");
}

void fpu_init_state(void *area)
{
	memset(area, 0, cpu.fpu_size);
	uint16_t fcw = 0x37f; /* x87 control word after fninit */
	uint32_t mxcsr = 0x1f80;
	memcpy((uint8_t *)area + 0, &fcw, 2);
	memcpy((uint8_t *)area + 24, &mxcsr, 4);
	/* XSAVE header (byte 512) all zero: every component in its init state
	 * except what XSTATE_BV names; x87 and SSE carry the values above. */
	if (cpu.xsave)
		((uint8_t *)area)[512] = 3;
}
