/*
 * main.c — kmain: the boot sequence once boot.S has reached 64-bit C.
 *
 *  1. console (COM1)             5. clocks (TSC, RTC, APIC timer)
 *  2. hvm_start_info: cmdline,    6. drop the boot identity map
 *     memmap, rootfs module       7. rootfs -> VFS, stdio fds
 *  3. physical pages, heap        8. load and enter the program
 *  4. GDT/TSS/IDT, CPU features, SYSCALL
 *
 * struct hvm_start_info and its memmap/modlist entries are defined by the
 * Xen PVH ABI (xen/include/public/arch-x86/hvm/start_info.h, version 1);
 * everything they point to is read through the direct map, which covers
 * the 4 GiB where QEMU puts them.
 */
#include "include/kernel.h"
#include "drivers/serial.h"
#include "arch/cpu.h"
#include "arch/time.h"
#include "mm/mm.h"
#include "fs/vfs.h"
#include "sys/proc.h"
#include "sys/missing.h"
#include "sched/sched.h"
#include "arch/x86.h"
#include "net/net.h"
#include "drivers/blk.h"

int syscall_count_implemented(void); /* sys/syscall.c */

#define HVM_START_MAGIC 0x336ec578
#define E820_RAM	1

struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	uint32_t memmap_entries, reserved;
};
struct hvm_modlist_entry {
	uint64_t paddr, size, cmdline_paddr, reserved;
};
struct hvm_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};

extern uint64_t boot_tsc;
extern char __kernel_start[], __kernel_end[];

static struct {
	uint64_t tsc_mem, tsc_cpu, tsc_clock, tsc_vfs; /* phase ends, for ingot.debug */
	char cmdline[1024];
	const void *rootfs;
	size_t rootfs_size;
	/* Syscalls and traps run on kstack; the page below it is unmapped
	 * once paging is final, so an overflow double-faults onto IST1 and is
	 * reported instead of silently corrupting memory. */
	uint8_t kstack_guard[4096] __attribute__((aligned(4096)));
	uint8_t kstack[65536] __attribute__((aligned(4096)));
} boot;

/* True if the space-separated word w appears in the command line. */
static bool cmdline_has(const char *w)
{
	size_t n = strlen(w);
	for (const char *p = boot.cmdline; *p;) {
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, w, n))
			return true;
		p += len;
	}
	return false;
}

static void memory_init(const struct hvm_start_info *si)
{
	if (si->version < 1 || si->memmap_entries == 0)
		panic("boot: no memory map in hvm_start_info (version %u)", si->version);
	const struct hvm_memmap_entry *mm = phys_to_virt(si->memmap_paddr);
	uint64_t hi = 0;
	for (uint32_t i = 0; i < si->memmap_entries; i++)
		if (mm[i].type == E820_RAM)
			hi = MAX(hi, MIN(mm[i].addr + mm[i].size, DIRECT_MAP_LIMIT));
	page_init(0, hi);
	for (uint32_t i = 0; i < si->memmap_entries; i++)
		if (mm[i].type == E820_RAM)
			page_add_free(mm[i].addr, MIN(mm[i].addr + mm[i].size, DIRECT_MAP_LIMIT));
	/* Keep: the first MiB (firmware, start_info), the kernel, the rootfs. */
	page_reserve(0, 0x100000);
	page_reserve(virt_to_phys(__kernel_start), virt_to_phys(__kernel_end));
	page_reserve((uint64_t)si - DIRECT_MAP_BASE, (uint64_t)si - DIRECT_MAP_BASE + sizeof *si);
	if (si->nr_modules > 0) {
		const struct hvm_modlist_entry *mod = phys_to_virt(si->modlist_paddr);
		if (mod->paddr + mod->size > DIRECT_MAP_LIMIT)
			panic("boot: rootfs module above 4 GiB");
		page_reserve(mod->paddr, mod->paddr + mod->size);
		boot.rootfs = phys_to_virt(mod->paddr);
		boot.rootfs_size = mod->size;
	}
}

/* ingot.crashtest=1: a deliberate kernel NULL write, to see the kernel
 * fault report and backtrace (kernel/tests/check.sh uses it);
 * ingot.crashtest=2: a write into kernel text, which W^X must stop;
 * ingot.crashtest=3: unbounded recursion on the syscall stack (guard page);
 * ingot.crashtest=4: a write to kernel text through its direct-map alias,
 * which must fault as well. */
__attribute__((noinline)) static void crash_test_inner(volatile int *p)
{
	*p = 1;
}
static volatile uintptr_t crash_address = 8; /* unmapped: the NULL page */
__attribute__((noinline)) static void crash_test(void)
{
	crash_test_inner((volatile int *)crash_address);
	__asm__ volatile(""); /* keep this frame: no tail call */
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
__attribute__((noinline)) static int crash_recurse(volatile int depth)
{
	volatile char pad[512];
	pad[0] = (char)depth;
	return crash_recurse(depth + 1) + pad[0];
}
#pragma GCC diagnostic pop

void kmain(uint32_t start_info_phys)
{
	serial_init();
	const struct hvm_start_info *si = phys_to_virt(start_info_phys);
	if (si->magic != HVM_START_MAGIC)
		panic("boot: bad hvm_start_info magic 0x%x", si->magic);
	if (si->cmdline_paddr) {
		const char *c = phys_to_virt(si->cmdline_paddr);
		size_t n = strnlen(c, sizeof boot.cmdline - 1);
		memcpy(boot.cmdline, c, n);
	}
	proc.aslr = !cmdline_has(INGOT_CMDLINE_NO_ASLR);
	proc.trace = cmdline_has(INGOT_CMDLINE_TRACE);
	proc.debug = cmdline_has(INGOT_CMDLINE_DEBUG);
	proc.vdso = !cmdline_has(INGOT_CMDLINE_NO_VDSO);
	if (cmdline_has(INGOT_CMDLINE_MISSING))
		missing_enable();

	memory_init(si);
	boot.tsc_mem = rdtsc();
	uint64_t kstack_top = (uint64_t)boot.kstack + sizeof boot.kstack;
	syscall_kstack_top = kstack_top;
	gdt_init(kstack_top);
	cpu_init();
	sched_init(kstack_top); /* thread 1 runs on boot.kstack */
	boot.tsc_cpu = rdtsc();
	time_init(boot_tsc);
	boot.tsc_clock = rdtsc();
	vm_init();
	vm_kernel_unmap((uint64_t)boot.kstack_guard);
	if (cmdline_has("ingot.crashtest=2"))
		crash_address = (uintptr_t)kmain;
	if (cmdline_has("ingot.crashtest=4"))
		crash_address = (uintptr_t)phys_to_virt(virt_to_phys(kmain));
	if (cmdline_has("ingot.crashtest=1") || cmdline_has("ingot.crashtest=2") ||
	    cmdline_has("ingot.crashtest=4"))
		crash_test();
	if (cmdline_has("ingot.crashtest=3")) {
		/* SAFETY: moves to the syscall stack for good; we never return. */
		__asm__ volatile("mov %0, %%rsp" ::"r"(syscall_kstack_top) : "memory");
		crash_recurse(0);
	}
	if (proc.debug)
		kprintf("ingot: %s cpu, %lu MiB free, TSC %lu MHz, smep=%d smap=%d umip=%d avx=%d xcr0=0x%lx\n",
			cpu.vendor, page_free_count() / 256, time_tsc_hz() / 1000000, cpu.smep,
			cpu.smap, cpu.umip, cpu.avx, cpu.xcr0);

	if (!boot.rootfs) {
		kprintf("ingot: no rootfs (pass the image with -initrd)\n");
		proc_exit(127);
	}
	int err = vfs_init(boot.rootfs, boot.rootfs_size);
	if (err) {
		kprintf("ingot: rootfs: cannot read the cpio archive (error %d)\n", -err);
		proc_exit(127);
	}
	vfs_set_tmp_limit(page_total_count() * PAGE_SIZE / 2); /* tmpfs's default size */
	fd_init_stdio();
	net_init(boot.cmdline);		 /* probes every virtio device: network, entropy, block */
	host_signal_init();		 /* ingot stop's SIGTERM, on COM3 */
	vfs_mount_volumes(boot.cmdline); /* needs the block devices: docs/volumes.md */
	if (cmdline_has(INGOT_CMDLINE_BLKTEST))
		blk_selftest();
	boot.tsc_vfs = rdtsc();
	if (proc.debug)
		kprintf("ingot: %d syscalls; boot phases (us): memory %lu, cpu %lu, clocks %lu, rootfs %lu\n",
			syscall_count_implemented(), tsc_to_ns(boot.tsc_mem - boot_tsc) / 1000,
			tsc_to_ns(boot.tsc_cpu - boot.tsc_mem) / 1000,
			tsc_to_ns(boot.tsc_clock - boot.tsc_cpu) / 1000,
			tsc_to_ns(boot.tsc_vfs - boot.tsc_clock) / 1000);
	proc_start(boot_tsc);
	panic("main: proc_start returned");
}
