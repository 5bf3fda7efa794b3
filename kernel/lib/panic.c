/*
 * panic.c — kernel panics and symbolised backtraces.
 *
 * The symbol table comes from a two-pass link (see Makefile): the first
 * link uses an empty table, `nm -n` of it is turned into build/ksyms.S
 * by tools/gen-ksyms.sh, and the second link places that table in the
 * .ksyms section, which sits after all code so code addresses do not move.
 * Backtraces follow the %rbp chain (the kernel is built with frame pointers;
 * boot.S zeroes %rbp to end the chain).
 */
#include "../include/kernel.h"
#include "../drivers/serial.h"
#include "../mm/mm.h"
#include "ksyms.h"

/* From the generated build/ksyms.S: sorted addresses and name offsets. */
extern const uint64_t ksyms_count;
extern const uint64_t ksyms_addrs[];
extern const uint32_t ksyms_offs[];
extern const char ksyms_strs[];
extern const char __kernel_start[], __text_end[];

static struct {
	int depth; /* nested panics: a panic inside panic stops at once */
} panic_state;

const char *ksym_lookup(uint64_t addr, uint64_t *off)
{
	uint64_t lo = 0, hi = ksyms_count;
	if (hi == 0 || addr < ksyms_addrs[0] || addr >= (uint64_t)__text_end)
		return NULL;
	while (hi - lo > 1) { /* last symbol with address <= addr */
		uint64_t mid = (lo + hi) / 2;
		if (ksyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*off = addr - ksyms_addrs[lo];
	return ksyms_strs + ksyms_offs[lo];
}

static void print_frame(int n, uint64_t addr)
{
	uint64_t off = 0;
	const char *name = ksym_lookup(addr, &off);
	if (name)
		kprintf("ingot:   #%d 0x%lx %s+0x%lx\n", n, addr, name, off);
	else
		kprintf("ingot:   #%d 0x%lx ?\n", n, addr);
}

void backtrace_from(uint64_t rip, uint64_t rbp)
{
	kprintf("ingot: kernel backtrace:\n");
	int n = 0;
	print_frame(n++, rip);
	/* A valid frame is 8-aligned and inside the kernel image or direct map. */
	while (rbp && n < 32 && (rbp & 7) == 0 && rbp >= DIRECT_MAP_BASE) {
		uint64_t *frame = (uint64_t *)rbp;
		uint64_t ret = frame[1];
		if (ret < (uint64_t)__kernel_start || ret >= (uint64_t)__text_end)
			break;
		print_frame(n++, ret - 1); /* -1: point into the call */
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}

__attribute__((noreturn)) void panic(const char *fmt, ...)
{
	__asm__ volatile("cli"); /* SAFETY: no interrupts while dying */
	if (panic_state.depth++ == 0) {
		char msg[256];
		va_list ap;
		va_start(ap, fmt);
		kvsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		kprintf("ingot: panic: %s\n", msg);
		/* Start at panic's caller: its return address and saved rbp. */
		uint64_t *fp = __builtin_frame_address(0);
		backtrace_from(fp[1] - 1, fp[0]);
	}
	machine_exit(126);
}
