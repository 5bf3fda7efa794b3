/*
 * blob.S — the built vDSO (build/vdso/vdso.so) inside the kernel image,
 * page-aligned and padded to whole pages so the pages mapped into the
 * program (elf/vdso.c) hold nothing else of the kernel's.
 */
	.section .rodata.vdso, "a"
	.balign 4096
	.globl vdso_image_start, vdso_image_end
vdso_image_start:
	.incbin VDSO_SO
vdso_image_end:
	.balign 4096
	.section .note.GNU-stack, "", @progbits
