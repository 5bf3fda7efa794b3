/*
 * stage2.S — the loader proper, at 0x8000, entered by mbr.S in 16-bit real
 * mode with %dl = the boot drive and the header sector at 0x7e00.
 *
 * It does what QEMU's -kernel PVH path does, from the disk:
 *   1. A20 on (BIOS int 15h AX=2401h, then port 0x92).
 *   2. The memory map from BIOS int 15h EAX=E820h, written straight into
 *      hvm_memmap_entry slots (same 24-byte layout: addr, size, type, 0).
 *   3. The kernel ELF64: the first 4 KiB (ELF header, program headers);
 *      each PT_LOAD read from the disk to its p_paddr (>= 1 MiB, inside
 *      one E820 RAM range) and its
 *      p_memsz - p_filesz tail zeroed; each PT_NOTE scanned for the PVH
 *      entry, Xen's XEN_ELFNOTE_PHYS32_ENTRY (name "Xen", type 18).
 *   4. The rootfs cpio at the top of the highest E820 RAM range below
 *      4 GiB that holds it above the kernel, 4 KiB-aligned.
 *   5. struct hvm_start_info (Xen PVH ABI, arch-x86/hvm/start_info.h,
 *      version 1): magic 0x336ec578, the command line (read in place from
 *      the header sector), one module (the rootfs), the memory map.
 *   6. 32-bit protected mode, paging off, flat 4 GiB segments, interrupts
 *      off, %ebx = start_info, jump to the PVH entry: the PVH boot ABI.
 *
 * Step 3 is elf.S; the disk reads above 1 MiB (unreal mode, a bounce
 * buffer) are bios_disk.S. Errors: one "ingot: loader: ..." line on COM1,
 * exit status 126 through isa-debug-exit (when present), else halt
 * (fail, below).
 */
#include "layout.h"

#define HVM_START_MAGIC 0x336ec578
#define E820_SMAP 0x534d4150	/* "SMAP" */

	.code16
	.section .text
	.globl _start
_start:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $STACK_TOP, %sp
	sti
	cld
	mov %dl, drive
	cmpl $HDR_VERSION, HEADER + HDR_OFF_VERSION
	jne bad_version

	call a20_on
	call read_e820
	call load_kernel
	call load_rootfs
	call build_start_info
	jmp enter_kernel

/* 1. A20: the BIOS way, then the "fast A20" port (never bit 0: reset). */
a20_on:
	mov $0x2401, %ax
	int $0x15
	in $0x92, %al
	test $2, %al
	jnz 1f
	or $2, %al
	and $0xfe, %al
	out %al, $0x92
1:	ret

/* 2. E820 -> MEMMAP[], count in memmap_count. Empty entries are skipped. */
read_e820:
	mov $MEMMAP, %di
	xor %ebx, %ebx
	xor %bp, %bp
1:	movl $1, %es:20(%di)		/* ACPI 3.0 attributes: "valid" if the BIOS fills only 20 bytes */
	mov $0xe820, %eax
	mov $24, %ecx
	mov $E820_SMAP, %edx
	int $0x15
	jc 3f
	cmp $E820_SMAP, %eax
	jne 3f
	movl $0, 20(%di)		/* hvm_memmap_entry.reserved */
	mov 8(%di), %eax
	or 12(%di), %eax
	jz 2f
	add $24, %di
	inc %bp
	cmp $MEMMAP_MAX, %bp
	jae 3f
2:	test %ebx, %ebx
	jnz 1b
3:	movzwl %bp, %eax
	mov %eax, memmap_count
	test %eax, %eax
	jz no_e820
	ret

/* 4. The rootfs: the highest 4 KiB-aligned place at the top of a RAM range. */
load_rootfs:
	cmpl $0, HEADER + HDR_OFF_ROOTFS_BYTES + 4
	jne no_room
	mov $MEMMAP, %si
	mov memmap_count, %ecx
1:	cmpl $E820_RAM, 16(%si)
	jne 3f
	cmpl $0, 4(%si)			/* starts at or above 4 GiB */
	jne 3f
	mov (%si), %eax			/* start */
	mov 8(%si), %edx
	mov 12(%si), %ebx
	add %eax, %edx			/* end = start + size ... */
	adc $0, %ebx
	jz 2f
	mov $0xfffff000, %edx		/* ... capped below 4 GiB */
2:	sub HEADER + HDR_OFF_ROOTFS_BYTES, %edx
	jc 3f
	and $~0xfff, %edx
	cmp %eax, %edx
	jb 3f
	cmp kernel_end, %edx
	jb 3f
	cmp rootfs_addr, %edx
	jbe 3f
	mov %edx, rootfs_addr
3:	add $24, %si
	loop 1b
	cmpl $0, rootfs_addr
	je no_room
	mov HEADER + HDR_OFF_ROOTFS_LBA, %eax
	mov %eax, rr_lba
	movl $0, rr_off
	mov HEADER + HDR_OFF_ROOTFS_BYTES, %eax
	mov %eax, rr_len
	mov rootfs_addr, %eax
	mov %eax, rr_dst
	jmp read_range

/* 5. hvm_start_info at START_INFO, its module at MODLIST. */
build_start_info:
	mov $START_INFO, %di
	mov $(MEMMAP - START_INFO) / 2, %cx
	xor %ax, %ax
	rep stosw
	movl $HVM_START_MAGIC, START_INFO + 0
	movl $1, START_INFO + 4			/* version 1: has the memory map */
	movl $1, START_INFO + 12		/* nr_modules */
	movl $MODLIST, START_INFO + 16		/* modlist_paddr */
	movl $HEADER + HDR_OFF_CMDLINE, START_INFO + 24	/* cmdline_paddr */
	movl $MEMMAP, START_INFO + 40		/* memmap_paddr */
	mov memmap_count, %eax
	mov %eax, START_INFO + 48		/* memmap_entries */
	mov rootfs_addr, %eax
	mov %eax, MODLIST + 0			/* paddr */
	mov HEADER + HDR_OFF_ROOTFS_BYTES, %eax
	mov %eax, MODLIST + 8			/* size */
	ret

/* 6. Into the kernel: 32-bit protected mode, paging off, %ebx = start_info. */
enter_kernel:
	cli
	lgdtl gdtr
	mov %cr0, %eax
	or $1, %al
	mov %eax, %cr0
	ljmpl $CODE_SEL, $pm32
	.code32
pm32:
	mov $DATA_SEL, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	mov %ax, %ss
	mov $STACK_TOP, %esp
	mov $START_INFO, %ebx
	jmp *kernel_entry
	.code16

bad_version:
	mov $msg_version, %si
	jmp fail
no_e820:
	mov $msg_e820, %si
	jmp fail
no_room:
	mov $msg_room, %si
	jmp fail
	.globl fail
fail:
	mov $COM1, %dx
1:	lodsb
	test %al, %al
	jz 2f
	out %al, %dx
	jmp 1b
2:	mov $126, %al
	out %al, $DEBUG_EXIT
3:	cli
	hlt
	jmp 3b

msg_version:	.asciz "ingot: loader: unknown disk header version\r\n"
msg_e820:	.asciz "ingot: loader: the BIOS gave no E820 memory map\r\n"
msg_room:	.asciz "ingot: loader: no RAM below 4 GiB above the kernel for the rootfs: give the VM more memory\r\n"

	.balign 8
/* Flat 4 GiB segments (Intel SDM 3.4.5): 32-bit code, data. */
gdt:	.quad 0
	.quad 0x00cf9a000000ffff
	.quad 0x00cf92000000ffff
	.globl gdtr
gdtr:	.word gdtr - gdt - 1
	.long gdt

	.globl memmap_count
memmap_count:	.long 0
rootfs_addr:	.long 0
