/*
 * boot.S — PVH entry: 32-bit protected mode to 64-bit long mode.
 *
 * The hypervisor enters pvh_start in 32-bit flat protected mode, paging off,
 * %ebx = physical address of struct hvm_start_info (Xen arch-x86/hvm/
 * start_info.h; the PVH ABI in xen/docs/misc/pvh.pandoc). We:
 *   1. zero .bss (page tables and stacks live there),
 *   2. build 2 MiB mappings of physical 0..4 GiB, used three ways by one
 *      set of page directories: identity (only until kmain drops it),
 *      the direct map at 0xffff800000000000, and the kernel image window
 *      at 0xffffffff80000000 (first GiB only),
 *   3. enable PAE, EFER.LME/NXE/SCE, paging + write protect,
 *   4. far-jump into 64-bit code, then to the higher half, and call
 *      kmain(start_info_phys) on the boot stack.
 * Everything here runs before any C code; addresses of symbols are their
 * link (virtual) addresses, so 32-bit code subtracts KERNEL_VMA.
 */
#define KERNEL_VMA 0xffffffff80000000
#define PHYS(x) ((x) - KERNEL_VMA)

/* ELF note read by QEMU/Xen: XEN_ELFNOTE_PHYS32_ENTRY = 18 (xen/include/
 * public/elfnote.h). QEMU reads the descriptor as a 64-bit value. */
	.section .note.Xen, "a"
	.balign 4
	.long 4			/* namesz: "Xen\0" */
	.long 8			/* descsz */
	.long 18		/* type: XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.balign 4
	.quad PHYS(pvh_start)

	.section .boot.text, "ax"
	.code32
	.globl pvh_start
pvh_start:
	cli
	cld
	mov %ebx, %esi			/* keep start_info across the setup */

	/* 1. zero .bss */
	mov $PHYS(__bss_start), %edi
	mov $PHYS(__bss_end), %ecx
	sub %edi, %ecx
	xor %eax, %eax
	rep stosb

	/* Record TSC at entry (for ingot.debug boot timing). */
	rdtsc
	mov %eax, PHYS(boot_tsc)
	mov %edx, PHYS(boot_tsc) + 4
	mov %esi, PHYS(boot_start_info)

	/* 2. 2048 PD entries: 2 MiB pages, present|write|PS (Intel SDM 4.5) */
	mov $PHYS(boot_pd), %edi
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax
	mov %eax, (%edi,%ecx,8)
	movl $0, 4(%edi,%ecx,8)
	inc %ecx
	cmp $2048, %ecx
	jb 1b

	/* PDPT for the low/direct map: 4 entries -> 4 PDs (present|write). */
	mov $PHYS(boot_pdpt_low), %edi
	mov $PHYS(boot_pd) + 3, %eax
	mov %eax, 0(%edi)
	add $4096, %eax
	mov %eax, 8(%edi)
	add $4096, %eax
	mov %eax, 16(%edi)
	add $4096, %eax
	mov %eax, 24(%edi)

	/* PDPT for the top 2 GiB: entry 510 -> first PD (phys 0..1 GiB). */
	mov $PHYS(boot_pdpt_high), %edi
	mov $PHYS(boot_pd) + 3, %eax
	mov %eax, 510*8(%edi)

	/* PML4: [0] identity, [256] direct map, [511] kernel image. */
	mov $PHYS(boot_pml4), %edi
	mov $PHYS(boot_pdpt_low) + 3, %eax
	mov %eax, 0(%edi)
	mov %eax, 256*8(%edi)
	mov $PHYS(boot_pdpt_high) + 3, %eax
	mov %eax, 511*8(%edi)

	/* 3. CR4.PAE (bit 5), CR3, EFER (MSR 0xc0000080): SCE bit 0, LME bit 8,
	 * NXE bit 11. CR0: PG bit 31, WP bit 16, PE bit 0, MP bit 1. */
	mov %cr4, %eax
	or $0x20, %eax
	mov %eax, %cr4
	mov $PHYS(boot_pml4), %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx
	rdmsr
	or $0x901, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80010003, %eax
	and $~0x0c, %eax		/* clear EM (bit 2) and TS (bit 3) */
	mov %eax, %cr0

	/* 4. Long mode is active but we still run 32-bit code; load a GDT with
	 * a 64-bit code segment and far-jump to it. */
	lgdt PHYS(boot_gdtr)
	ljmp $0x08, $PHYS(long_mode_low)

	.code64
long_mode_low:
	movabs $long_mode_high, %rax
	jmp *%rax

	.text
long_mode_high:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	/* Re-load the GDTR with its higher-half address so dropping the
	 * identity map later does not orphan it. */
	movabs $boot_gdtr_high, %rax
	lgdt (%rax)
	movabs $boot_stack_top, %rsp
	xor %ebp, %ebp			/* terminates frame-pointer backtraces */
	mov boot_start_info(%rip), %edi
	call kmain
2:	hlt
	jmp 2b

	.section .data
	.balign 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code, DPL 0 */
	.quad 0x00cf92000000ffff	/* 0x10: data, DPL 0 */
boot_gdt_end:
	.balign 16
boot_gdtr:
	.word boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)
	.balign 16
boot_gdtr_high:
	.word boot_gdt_end - boot_gdt - 1
	.quad boot_gdt

	.globl boot_tsc, boot_start_info
	.balign 8
boot_tsc:	.quad 0
boot_start_info: .quad 0

	.section .bss
	.balign 4096
	.globl boot_pml4, boot_pdpt_high, boot_pd, boot_stack_top
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4 * 4096
boot_stack:	.skip 32768
boot_stack_top:
