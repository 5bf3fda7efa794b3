/* elf.h — the ELF program loader (load.c), initial stack (stack.c) and
 * program symbol lookup for fault reports (symbols.c). */
#ifndef INGOT_ELF_H
#define INGOT_ELF_H
#include "../include/kernel.h"

struct elf_image {
	uint64_t entry; /* e_entry + bias */
	uint64_t phdr;	/* user address of the program headers */
	uint64_t phent, phnum;
	uint64_t bias;	  /* load bias (0 for ET_EXEC) */
	uint64_t end;	  /* highest mapped address, page aligned */
	char interp[256]; /* PT_INTERP path, "" if none */
};

/* Maps the PT_LOAD segments of the ELF at [data, data+size), an ET_DYN
 * file at pie_base, below limit, naming its regions name. Returns 0,
 * -ENOEXEC (not a loadable x86-64 ELF) or -ENOMEM. With main set, the file
 * is the program (its symbols name fault addresses) and PT_INTERP is
 * returned in out->interp; otherwise a PT_INTERP is refused (-ELIBBAD). */
int elf_load(const void *data, size_t size, uint64_t pie_base, uint64_t limit, const char *name,
	     bool main, struct elf_image *out);
/* Programs end below this; mmap and the stack live above (proc.c). */
#define ELF_IMAGE_LIMIT 0x700000000000UL

/* Maps [vvar] and [vdso] (vdso.c) in the free space just below below;
 * returns the vDSO's address (AT_SYSINFO_EHDR), or 0 with nothing mapped. */
uint64_t vdso_map(uint64_t below);

/* Writes "sym+0xoff" for a program address, or "" if unknown. */
void elf_symbolize(uint64_t addr, char *buf, size_t size);

/* Auxiliary vector types (Linux include/uapi/linux/auxvec.h). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_SYSINFO_EHDR 33
#define AT_RANDOM	25
#define AT_HWCAP2	26
#define AT_EXECFN	31
#define AT_MINSIGSTKSZ	51

/* What stack_build lays out (SysV x86-64 ABI, 3.4.1 "Initial Stack"). */
struct stack_spec {
	int argc, envc;
	const char *const *argv;
	const char *const *envp;
	const uint64_t *auxv;	 /* (type, value) pairs, no AT_NULL/RANDOM/EXECFN/PLATFORM */
	int nauxv;		 /* number of pairs */
	const uint8_t *random16; /* AT_RANDOM bytes */
	const char *execfn;
	const char *platform;
};
/* Builds the stack image into mem, which will appear at user addresses
 * [top - size, top). Returns the initial rsp, or 0 if it does not fit. */
uint64_t stack_build(uint8_t *mem, size_t size, uint64_t top, const struct stack_spec *s);
/* Where the stack's contents start below the (page-aligned) region top:
 * r picks one of the 512 16-byte-aligned spots in the 8 KiB below it, as
 * Linux's arch_align_stack, so the stack keeps entropy below the page. */
#define STACK_RANDOM_SPAN 8192UL
uint64_t stack_random_top(uint64_t top, uint64_t r);
#endif
