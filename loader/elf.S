/*
 * elf.S — step 3 of stage 2 (see stage2.S): the kernel ELF64 from the disk.
 *
 * load_kernel reads the first 4 KiB (the ELF header and every program
 * header must be there), then for each program header: PT_LOAD is read
 * from the file to p_paddr and its p_memsz - p_filesz tail zeroed;
 * PT_NOTE (at most 4 KiB) is scanned for the PVH entry, the note named
 * "Xen" of type XEN_ELFNOTE_PHYS32_ENTRY (18, xen/include/public/
 * elfnote.h), whose descriptor's low 32 bits are the entry (QEMU and
 * Linux write it as 8 bytes). Offsets are the ELF64 ones (System V gABI):
 * e_phoff 0x20, e_phentsize 0x36, e_phnum 0x38; p_type 0, p_offset 8,
 * p_paddr 24, p_filesz 32, p_memsz 40.
 *
 * Trust: the disk is the image the user chose to boot, but its numbers
 * are still checked (ELF magic, class and machine; segments at or above
 * 1 MiB, inside one E820 RAM range, within 32 bits and within the file)
 * so a damaged disk stops with a line on COM1 rather than overwriting the
 * loader or vanishing into unbacked addresses.
 * Out: kernel_entry, kernel_end (the highest p_paddr + p_memsz).
 */
#include "layout.h"

#define PT_LOAD 1
#define PT_NOTE 4
#define XEN_ELFNOTE_PHYS32_ENTRY 18

	.code16
	.section .text
	.globl load_kernel, kernel_entry, kernel_end
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

bad_elf:
	mov $msg_elf, %si
	jmp fail
no_entry:
	mov $msg_entry, %si
	jmp fail
no_ram:
	mov $msg_ram, %si
	jmp fail

msg_elf:	.asciz "ingot: loader: the kernel is not a valid x86-64 ELF below 4 GiB\r\n"
msg_entry:	.asciz "ingot: loader: the kernel has no PVH entry note (Xen, type 18)\r\n"
msg_ram:	.asciz "ingot: loader: the kernel does not fit in this VM's RAM: give it more memory\r\n"

	.balign 4
bss_dst:	.long 0
bss_len:	.long 0
phdr:		.long 0
phentsize:	.long 0
phleft:		.long 0
note_end:	.long 0
kernel_entry:	.long 0
kernel_end:	.long 0
