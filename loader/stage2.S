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
 * Reading above 1 MiB from real mode — unreal mode with a bounce buffer:
 * int 13h AH=42h reads up to 64 sectors into 1000:0000 (below 1 MiB, where
 * real-mode BIOS calls can write), then a copy with 32-bit addresses
 * (addr32 rep movs) moves them to their place. Those addresses need DS and
 * ES with a 4 GiB limit: enter_unreal loads them in protected mode and
 * returns to real mode, where the CPU keeps the cached limit. A BIOS may
 * reset the limits inside any call (SeaBIOS switches modes for its
 * drivers), so every copy re-enters unreal mode first, with interrupts
 * off until the copy is done. The alternative, switching to protected
 * mode for each copy and back for each BIOS call, needs a 16-bit
 * protected-mode segment and more code for no gain here.
 *
 * Trust: the disk is the image the user chose to boot, but its numbers
 * are still checked (ELF magic and class, segments above 1 MiB that fit
 * in 32 bits and in the file) so a damaged disk stops with a line on COM1
 * rather than overwriting the loader. Errors: one "ingot: loader: ..."
 * line on COM1, exit status 126 through isa-debug-exit (when present),
 * else halt.
 */
#include "layout.h"

#define CODE_SEL 0x08
#define DATA_SEL 0x10
#define PT_LOAD 1
#define PT_NOTE 4
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define HVM_START_MAGIC 0x336ec578
#define E820_SMAP 0x534d4150	/* "SMAP" */
#define E820_RAM 1

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

/* 3. The kernel. */
load_kernel:
	mov HEADER + HDR_OFF_KERNEL_LBA, %eax
	mov %eax, rr_lba
	movl $0, rr_off
	cmpl $0, HEADER + HDR_OFF_KERNEL_BYTES + 4
	jne bad_elf
	mov HEADER + HDR_OFF_KERNEL_BYTES, %eax
	cmp $4096, %eax
	jbe 1f
	mov $4096, %eax
1:	mov %eax, rr_len
	movl $ELFBUF, rr_dst
	call read_range
	cmpl $0x464c457f, ELFBUF	/* "\177ELF" */
	jne bad_elf
	cmpb $2, ELFBUF + 4		/* ELFCLASS64 */
	jne bad_elf
	cmpw $62, ELFBUF + 18		/* EM_X86_64 */
	jne bad_elf
	cmpl $0, ELFBUF + 0x24		/* e_phoff, high half */
	jne bad_elf
	movzwl ELFBUF + 0x36, %eax	/* e_phentsize */
	cmp $56, %eax
	jb bad_elf
	mov %eax, phentsize
	movzwl ELFBUF + 0x38, %ecx	/* e_phnum */
	mov %ecx, phleft
	imul %ecx, %eax
	add ELFBUF + 0x20, %eax
	jc bad_elf
	cmp $4096, %eax			/* all program headers in the first 4 KiB */
	ja bad_elf
	mov ELFBUF + 0x20, %eax
	add $ELFBUF, %eax
	mov %eax, phdr
next_phdr:
	cmpl $0, phleft
	je phdrs_done
	decl phleft
	mov phdr, %si
	mov phentsize, %eax
	add %eax, phdr
	mov (%si), %eax			/* p_type */
	cmp $PT_LOAD, %eax
	je load_segment
	cmp $PT_NOTE, %eax
	je read_note
	jmp next_phdr
phdrs_done:
	cmpl $0, kernel_entry
	je no_entry
	ret

/* PT_LOAD at %si: p_offset 8, p_paddr 24, p_filesz 32, p_memsz 40. */
load_segment:
	mov 12(%si), %eax		/* every high half must be 0 */
	or 28(%si), %eax
	or 36(%si), %eax
	or 44(%si), %eax
	jnz bad_elf
	mov 32(%si), %ecx
	mov 40(%si), %edx
	cmp %edx, %ecx
	ja bad_elf
	mov 24(%si), %edi
	cmp $0x100000, %edi		/* below 1 MiB is the loader's */
	jb bad_elf
	mov %edi, %eax
	add %edx, %eax
	jc bad_elf
	call ram_covers
	jc no_ram
	cmp kernel_end, %eax
	jbe 1f
	mov %eax, kernel_end
1:	mov 8(%si), %eax
	mov %eax, rr_off
	add %ecx, %eax
	jc bad_elf
	cmp HEADER + HDR_OFF_KERNEL_BYTES, %eax
	ja bad_elf
	mov %ecx, rr_len
	mov %edi, rr_dst
	add %ecx, %edi
	mov %edi, bss_dst
	sub %ecx, %edx
	mov %edx, bss_len
	call read_range
	mov bss_dst, %edi
	mov bss_len, %ecx
	call zero
	jmp next_phdr

/* CF clear if [%edi, %eax) lies inside one E820 RAM range (a segment
 * outside RAM would vanish and the kernel die without a word). Keeps
 * every register. */
ram_covers:
	pushal
	mov $MEMMAP, %si
	mov memmap_count, %ecx
1:	cmpl $E820_RAM, 16(%si)
	jne 2f
	cmpl $0, 4(%si)
	jne 2f
	mov (%si), %edx
	cmp %edx, %edi
	jb 2f
	cmpl $0, 12(%si)		/* 4 GiB or more: covers the rest of 32-bit space */
	jne 3f
	mov 8(%si), %ebx
	add %edx, %ebx
	jc 3f
	cmp %ebx, %eax
	ja 2f
3:	popal				/* leaves the flags alone */
	clc
	ret
2:	add $24, %si
	loop 1b
	popal
	stc
	ret

/* PT_NOTE at %si: read it (at most 4 KiB) and look for the PVH entry. */
read_note:
	mov 12(%si), %eax
	or 36(%si), %eax
	jnz next_phdr
	mov 32(%si), %ecx
	cmp $4096, %ecx
	ja next_phdr
	mov 8(%si), %eax
	mov %eax, rr_off
	add %ecx, %eax
	jc bad_elf
	cmp HEADER + HDR_OFF_KERNEL_BYTES, %eax
	ja bad_elf
	mov %ecx, rr_len
	mov %ecx, note_end
	addl $NOTEBUF, note_end
	movl $NOTEBUF, rr_dst
	call read_range
	mov $NOTEBUF, %esi
	/* Elf64_Nhdr: namesz, descsz, type; name and desc each padded to 4. */
1:	lea 12(%esi), %eax
	cmp note_end, %eax
	ja next_phdr
	mov (%esi), %eax
	mov 4(%esi), %ecx
	cmp $4096, %eax
	ja next_phdr
	cmp $4096, %ecx
	ja next_phdr
	lea 3(%eax), %ebx
	and $~3, %ebx			/* padded name size */
	cmpl $XEN_ELFNOTE_PHYS32_ENTRY, 8(%esi)
	jne 2f
	cmp $4, %eax
	jne 2f
	cmpl $0x006e6558, 12(%esi)	/* "Xen\0" */
	jne 2f
	cmp $4, %ecx
	jb 2f
	lea 16(%esi,%ebx), %eax		/* end of the entry's low 32 bits */
	cmp note_end, %eax
	ja next_phdr
	mov 12(%esi,%ebx), %eax
	mov %eax, kernel_entry
	jmp next_phdr
2:	add $3, %ecx
	and $~3, %ecx
	lea 12(%esi,%ebx), %esi
	add %ecx, %esi
	jmp 1b

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

/*
 * Reads rr_len bytes at byte rr_off of the file that starts at LBA rr_lba
 * to physical rr_dst, BOUNCE_SECTORS at a time through the bounce buffer.
 * Clobbers every general register.
 */
read_range:
1:	cmpl $0, rr_len
	je 9f
	mov rr_off, %eax
	mov %eax, %ebx
	shr $9, %eax
	add rr_lba, %eax
	mov %eax, dap_lba
	and $511, %ebx			/* bytes to skip in the first sector */
	mov rr_len, %ecx
	add %ebx, %ecx
	add $511, %ecx
	shr $9, %ecx			/* sectors still needed */
	cmp $BOUNCE_SECTORS, %ecx
	jbe 2f
	mov $BOUNCE_SECTORS, %ecx
2:	mov %cx, dap_count
	push %ebx
	push %ecx
	mov $dap, %si
	mov drive, %dl
	mov $0x42, %ah
	int $0x13
	pop %ecx
	pop %ebx
	jc read_error
	shl $9, %ecx
	sub %ebx, %ecx			/* bytes this read brought */
	cmp rr_len, %ecx
	jbe 3f
	mov rr_len, %ecx
3:	add %ecx, rr_off
	sub %ecx, rr_len
	mov $BOUNCE, %esi
	add %ebx, %esi
	mov rr_dst, %edi
	add %ecx, rr_dst
	call copy
	jmp 1b
9:	ret

/* Copies %ecx bytes from physical %esi to physical %edi. */
copy:
	call enter_unreal
	mov %ecx, %edx
	shr $2, %ecx
	addr32 rep movsl
	mov %edx, %ecx
	and $3, %ecx
	addr32 rep movsb
	sti
	ret

/* Zeroes %ecx bytes at physical %edi. */
zero:
	call enter_unreal
	xor %eax, %eax
	mov %ecx, %edx
	shr $2, %ecx
	addr32 rep stosl
	mov %edx, %ecx
	and $3, %ecx
	addr32 rep stosb
	sti
	ret

/*
 * DS and ES with base 0 and a 4 GiB limit, back in real mode (the CPU
 * keeps a segment's cached limit until the register is loaded again in
 * protected mode). Returns with interrupts off. Clobbers %eax, %bx.
 */
enter_unreal:
	cli
	push %ds
	push %es
	lgdtl gdtr
	mov %cr0, %eax
	or $1, %al
	mov %eax, %cr0
	jmp 1f				/* flush the prefetch queue (386/486) */
1:	mov $DATA_SEL, %bx
	mov %bx, %ds
	mov %bx, %es
	and $0xfe, %al
	mov %eax, %cr0
	jmp 2f
2:	pop %es				/* real-mode selectors (0), limits stay 4 GiB */
	pop %ds
	ret

bad_version:
	mov $msg_version, %si
	jmp fail
no_e820:
	mov $msg_e820, %si
	jmp fail
bad_elf:
	mov $msg_elf, %si
	jmp fail
no_entry:
	mov $msg_entry, %si
	jmp fail
no_room:
	mov $msg_room, %si
	jmp fail
no_ram:
	mov $msg_ram, %si
	jmp fail
read_error:
	mov $msg_read, %si
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
msg_elf:	.asciz "ingot: loader: the kernel is not a valid x86-64 ELF below 4 GiB\r\n"
msg_entry:	.asciz "ingot: loader: the kernel has no PVH entry note (Xen, type 18)\r\n"
msg_ram:	.asciz "ingot: loader: the kernel does not fit in this VM's RAM: give it more memory\r\n"
msg_room:	.asciz "ingot: loader: no RAM below 4 GiB above the kernel for the rootfs: give the VM more memory\r\n"
msg_read:	.asciz "ingot: loader: cannot read the disk\r\n"

	.balign 8
/* Flat 4 GiB segments (Intel SDM 3.4.5): 32-bit code, data. */
gdt:	.quad 0
	.quad 0x00cf9a000000ffff
	.quad 0x00cf92000000ffff
gdtr:	.word gdtr - gdt - 1
	.long gdt

	.balign 4
dap:	.byte 16, 0
dap_count:	.word 0
dap_off:	.word 0
dap_seg:	.word BOUNCE_SEG
dap_lba:	.long 0, 0

drive:		.long 0
memmap_count:	.long 0
rr_lba:		.long 0
rr_off:		.long 0
rr_len:		.long 0
rr_dst:		.long 0
bss_dst:	.long 0
bss_len:	.long 0
phdr:		.long 0
phentsize:	.long 0
phleft:		.long 0
note_end:	.long 0
kernel_entry:	.long 0
kernel_end:	.long 0
rootfs_addr:	.long 0
