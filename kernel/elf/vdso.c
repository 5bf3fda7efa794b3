/*
 * vdso.c — mapping the vDSO (vdso/vdso.c) and its clock page into the
 * program.
 *
 * The vDSO's pages are the image embedded in the kernel (vdso/blob.S), the
 * clock page is arch/time.c's vvar page; both are mapped, never copied,
 * at the top of the mmap area (randomised with it, fixed under
 * ingot.aslr=0), as Linux's get_unmapped_area places them:
 *   [vvar]  one page, read-only           (VMA_VVAR)
 *   [vdso]  the image, read+exec          (VMA_VDSO)
 * Neither is ever writable from ring 3: mprotect refuses PROT_WRITE on
 * both (and PROT_EXEC on [vvar]) with EACCES, munmap and MAP_FIXED drop
 * the mapping without freeing the kernel's frames (mm/vma.c), mremap
 * refuses them (sys/sys_mm.c).
 */
#include "elf.h"
#include "../mm/mm.h"
#include "../arch/time.h"

extern const uint8_t vdso_image_start[], vdso_image_end[];

uint64_t vdso_map(uint64_t below)
{
	uint64_t len = PAGE_ALIGN_UP((uint64_t)(vdso_image_end - vdso_image_start));
	if (len == 0 || memcmp(vdso_image_start, "\177ELF", 4))
		return 0;
	uint64_t at = vma_find_free(PAGE_SIZE + len, below);
	if (!at)
		return 0;
	uint64_t code = at + PAGE_SIZE;
	if (vma_add(at, code, PROT_READ, VMA_VVAR, "[vvar]"))
		return 0;
	if (vma_add(code, code + len, PROT_READ | PROT_EXEC, VMA_VDSO, "[vdso]") ||
	    vm_map_page(at, time_vvar_phys(), PROT_READ))
		goto fail;
	for (uint64_t off = 0; off < len; off += PAGE_SIZE)
		if (vm_map_page(code + off, virt_to_phys(vdso_image_start + off),
				PROT_READ | PROT_EXEC))
			goto fail;
	return code;
fail:
	vma_remove(at, code + len); /* whole regions: nothing to split */
	return 0;
}
