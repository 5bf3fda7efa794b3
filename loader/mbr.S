/*
 * mbr.S — the boot sector (LBA 0), loaded by the BIOS at 0x7c00 and run in
 * 16-bit real mode with %dl = the boot drive.
 *
 * It only finds stage 2: checks for the int 13h extensions (EDD, AH=41h),
 * reads the header sector (LBA 1) to 0x7e00 with an extended read
 * (AH=42h), checks its magic, reads stage 2 from the LBA and sector count
 * the header gives to 0x8000, and jumps there with %dl still the drive.
 * Bytes 446..509 are the partition table, which the disk writer fills in;
 * this code must end before it. Errors print one line on COM1 and stop.
 */
#include "layout.h"

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
	ljmp $0, $1f			/* some BIOSes enter at 07c0:0000 */
1:	sti
	cld
	mov %dl, drive

	/* EDD present? (Phoenix EDD 3.0: AH=41h, BX=55AAh -> BX=AA55h, CF=0) */
	mov $0x41, %ah
	mov $0x55aa, %bx
	int $0x13
	jc no_edd
	cmp $0xaa55, %bx
	jne no_edd

	/* The header sector -> 0x7e00. */
	movw $1, dap_count
	movw $HEADER, dap_off
	movl $1, dap_lba
	call read
	cmpl $HDR_MAGIC_LO, HEADER + HDR_OFF_MAGIC
	jne bad_header
	cmpl $HDR_MAGIC_HI, HEADER + HDR_OFF_MAGIC + 4
	jne bad_header

	/* Stage 2 -> 0x8000. */
	mov HEADER + HDR_OFF_LOADER_SECTORS, %ax
	test %ax, %ax
	jz bad_header
	cmp $STAGE2_MAX_SECTORS, %ax
	ja bad_header
	mov %ax, dap_count
	movw $STAGE2, dap_off
	mov HEADER + HDR_OFF_LOADER_LBA, %eax
	mov %eax, dap_lba
	call read
	mov drive, %dl
	ljmp $0, $STAGE2

/* Reads dap_count sectors at dap_lba to 0000:dap_off, or stops. */
read:
	mov $dap, %si
	mov drive, %dl
	mov $0x42, %ah
	int $0x13
	jc read_error
	ret

no_edd:
	mov $msg_edd, %si
	jmp fail
read_error:
	mov $msg_read, %si
	jmp fail
bad_header:
	mov $msg_header, %si
fail:
	mov $COM1, %dx
1:	lodsb
	test %al, %al
	jz 2f
	out %al, %dx
	jmp 1b
2:	mov $126, %al			/* ends QEMU when isa-debug-exit is there */
	out %al, $DEBUG_EXIT
3:	cli
	hlt
	jmp 3b

msg_edd:	.asciz "ingot: loader: the BIOS has no int 13h extensions\r\n"
msg_read:	.asciz "ingot: loader: cannot read the disk\r\n"
msg_header:	.asciz "ingot: loader: no Ingot header at LBA 1\r\n"

drive:	.byte 0
	.balign 4
dap:	.byte 16, 0			/* size, reserved */
dap_count:	.word 0
dap_off:	.word 0
dap_seg:	.word 0
dap_lba:	.long 0, 0

	.org 446			/* fails to assemble if the code is too long */
	.fill 64, 1, 0			/* partition table: the disk writer's */
	.org 510
	.byte 0x55, 0xaa
