/*
 * bios_disk.S — reading the disk to any address below 4 GiB from real mode.
 *
 * BIOS disk calls need real mode and write only below 1 MiB, but a 16 MB
 * vmlinux goes to 16 MiB: unreal mode with a bounce buffer. int 13h
 * AH=42h (EDD extended read) reads up to BOUNCE_SECTORS sectors into
 * 1000:0000, then a copy with 32-bit addresses (addr32 rep movs) moves
 * them to their place. Those addresses need DS and ES with a 4 GiB limit:
 * enter_unreal loads them in protected mode and returns to real mode,
 * where the CPU keeps the cached limit. A BIOS may reset the limits inside
 * any call (SeaBIOS switches modes for its drivers), so every copy
 * re-enters unreal mode first, with interrupts off until the copy is done.
 * The alternative, switching to protected mode for each copy and back for
 * each BIOS call, needs a 16-bit protected-mode segment and more code for
 * no gain here.
 *
 * In: drive (set by stage2.S from %dl). read_range takes its arguments in
 * rr_lba, rr_off, rr_len, rr_dst.
 */
#include "layout.h"

	.code16
	.section .text
	.globl read_range, zero, drive, rr_lba, rr_off, rr_len, rr_dst

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

read_error:
	mov $msg_read, %si
	jmp fail

msg_read:	.asciz "ingot: loader: cannot read the disk\r\n"

	.balign 4
dap:	.byte 16, 0
dap_count:	.word 0
dap_off:	.word 0
dap_seg:	.word BOUNCE_SEG
dap_lba:	.long 0, 0

drive:		.long 0
rr_lba:		.long 0
rr_off:		.long 0
rr_len:		.long 0
rr_dst:		.long 0
