/*
 * load.c — loading a static x86-64 ELF program, and symbolising its
 * addresses for fault reports.
 *
 * Accepts ET_EXEC (linked at its final address, normally 0x400000) and
 * ET_DYN (static-PIE, or a dynamic program or ELF interpreter: placed at
 * pie_base; it relocates itself). A program's PT_INTERP path is handed
 * back so proc.c can load the interpreter (ld.so) as a second image.
 * Every field of the file is checked against its size before use: the
 * rootfs is as hostile as a guest pointer. Segments are copied eagerly
 * into fresh pages with the segment's protection (W^X holds as long as the
 * linker kept code and data in separate pages, as ld's -z separate-code
 * default does); the bss is the zero tail of those pages plus demand-zero
 * pages. The file stays in memory (it lives in the rootfs), so .symtab can
 * be read later to name the function a fault happened in (only for
 * addresses inside the program's executable segments).
 * Structures: System V gABI, "ELF Header" and "Program Header".
 */
#include "elf.h"
#include "../mm/mm.h"

typedef struct {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} Ehdr;
typedef struct {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
} Phdr;
typedef struct {
	uint32_t name, type;
	uint64_t flags, addr, offset, size;
	uint32_t link, info;
	uint64_t addralign, entsize;
} Shdr;
typedef struct {
	uint32_t name;
	uint8_t info, other;
	uint16_t shndx;
	uint64_t value, size;
} Sym;

#define ET_EXEC	   2
#define ET_DYN	   3
#define EM_X86_64  62
#define PT_LOAD	   1
#define PT_INTERP  3
#define PT_PHDR	   6
#define PF_X	   1
#define PF_W	   2
#define PF_R	   4
#define SHT_SYMTAB 2

static struct {
	const uint8_t *data; /* the loaded program file, for symbols */
	size_t size;
	uint64_t bias;
	uint64_t text_lo, text_hi; /* its executable segments, load addresses */
} loaded;

static bool in_file(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

static int seg_prot(uint32_t f)
{
	return (f & PF_R ? PROT_READ : 0) | (f & PF_W ? PROT_WRITE : 0) |
	       (f & PF_X ? PROT_EXEC : 0);
}

static int map_segment(const uint8_t *data, const Phdr *ph, uint64_t bias, const char *name,
		       uint64_t *prev_end)
{
	uint64_t va = ph->vaddr + bias;
	uint64_t start = PAGE_ALIGN_DOWN(va), end = PAGE_ALIGN_UP(va + ph->memsz);
	uint64_t vstart = MAX(start, *prev_end); /* a page shared with the previous segment */
	if (vstart < end) {
		int err = vma_add(vstart, end, seg_prot(ph->flags), VMA_IMAGE, name);
		if (err)
			return err;
	}
	uint64_t file_end = va + ph->filesz;
	for (uint64_t p = start; p < end; p += PAGE_SIZE) {
		uint64_t pa = vm_lookup(p, NULL);
		if (!pa) {
			void *pg = page_alloc();
			if (!pg)
				return -ENOMEM;
			pa = virt_to_phys(pg);
			if (vm_map_page(p, pa, seg_prot(ph->flags)))
				return -ENOMEM;
		}
		uint64_t a = MAX(p, va), b = MIN(p + PAGE_SIZE, file_end);
		if (a < b)
			memcpy((uint8_t *)phys_to_virt(PAGE_ALIGN_DOWN(pa)) + (a - p),
			       data + ph->offset + (a - va), b - a);
	}
	*prev_end = MAX(*prev_end, end);
	return 0;
}

int elf_load(const void *file, size_t size, uint64_t pie_base, uint64_t limit, const char *name,
	     bool main, struct elf_image *out)
{
	const uint8_t *data = file;
	const Ehdr *eh = file;
	if (size < sizeof *eh || memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != 2 ||
	    eh->ident[5] != 1 || eh->machine != EM_X86_64 ||
	    (eh->type != ET_EXEC && eh->type != ET_DYN) || eh->phentsize != sizeof(Phdr) ||
	    !in_file(eh->phoff, (uint64_t)eh->phnum * sizeof(Phdr), size))
		return -ENOEXEC;
	const Phdr *ph = (const Phdr *)(data + eh->phoff);
	uint64_t lo = UINT64_MAX, hi = 0;
	out->interp[0] = 0;
	for (int i = 0; i < eh->phnum; i++) {
		if (ph[i].type == PT_INTERP) {
			if (!main)
				return -ELIBBAD;
			if (!in_file(ph[i].offset, ph[i].filesz, size) || ph[i].filesz < 2 ||
			    ph[i].filesz > sizeof out->interp ||
			    data[ph[i].offset + ph[i].filesz - 1])
				return -ENOEXEC;
			memcpy(out->interp, data + ph[i].offset, ph[i].filesz);
		}
		if (ph[i].type != PT_LOAD)
			continue;
		if (!in_file(ph[i].offset, ph[i].filesz, size) || ph[i].filesz > ph[i].memsz ||
		    ph[i].vaddr + ph[i].memsz < ph[i].vaddr)
			return -ENOEXEC;
		lo = MIN(lo, PAGE_ALIGN_DOWN(ph[i].vaddr));
		hi = MAX(hi, ph[i].vaddr + ph[i].memsz);
	}
	if (lo >= hi)
		return -ENOEXEC;
	uint64_t bias = eh->type == ET_DYN ? pie_base - lo : 0;
	if (hi + bias > limit || lo + bias < PAGE_SIZE * 16)
		return -ENOEXEC; /* keep the top of user space for mmap and stack */

	uint64_t prev_end = 0;
	out->entry = eh->entry + bias;
	out->phdr = 0;
	out->phent = sizeof(Phdr);
	out->phnum = eh->phnum;
	out->bias = bias;
	for (int i = 0; i < eh->phnum; i++) {
		if (ph[i].type == PT_LOAD) {
			int err = map_segment(data, &ph[i], bias, name, &prev_end);
			if (err)
				return err;
			if (ph[i].offset <= eh->phoff && eh->phoff < ph[i].offset + ph[i].filesz)
				out->phdr = ph[i].vaddr + (eh->phoff - ph[i].offset) + bias;
		}
	}
	for (int i = 0; i < eh->phnum; i++)
		if (ph[i].type == PT_PHDR)
			out->phdr = ph[i].vaddr + bias;
	out->end = prev_end;
	if (main) {
		loaded.data = data;
		loaded.size = size;
		loaded.bias = bias;
		loaded.text_lo = UINT64_MAX;
		loaded.text_hi = 0;
		for (int i = 0; i < eh->phnum; i++) {
			if (ph[i].type != PT_LOAD || !(ph[i].flags & PF_X))
				continue;
			loaded.text_lo = MIN(loaded.text_lo, ph[i].vaddr + bias);
			loaded.text_hi = MAX(loaded.text_hi, ph[i].vaddr + ph[i].memsz + bias);
		}
	}
	return 0;
}

/* Only addresses in the program's own code get a name: anywhere else
 * (libraries, the heap, the stack, garbage) the nearest symbol below would
 * be a lie with a huge offset. */
void elf_symbolize(uint64_t addr, char *buf, size_t bufsize)
{
	buf[0] = 0;
	const Ehdr *eh = (const Ehdr *)loaded.data;
	if (addr < loaded.text_lo || addr >= loaded.text_hi)
		return;
	if (!eh || eh->shentsize != sizeof(Shdr) ||
	    !in_file(eh->shoff, (uint64_t)eh->shnum * sizeof(Shdr), loaded.size))
		return;
	const Shdr *sh = (const Shdr *)(loaded.data + eh->shoff);
	uint64_t target = addr - loaded.bias;
	for (int i = 0; i < eh->shnum; i++) {
		if (sh[i].type != SHT_SYMTAB || sh[i].link >= eh->shnum)
			continue;
		const Shdr *st = &sh[sh[i].link];
		if (!in_file(sh[i].offset, sh[i].size, loaded.size) ||
		    !in_file(st->offset, st->size, loaded.size))
			return;
		const Sym *syms = (const Sym *)(loaded.data + sh[i].offset);
		const Sym *best = NULL;
		for (size_t k = 0; k < sh[i].size / sizeof(Sym); k++) {
			const Sym *s = &syms[k];
			if ((s->info & 0xf) != 2 || s->value > target) /* STT_FUNC */
				continue;
			if (s->size ? target < s->value + s->size
				    : (!best || s->value > best->value))
				if (!best || s->value >= best->value)
					best = s;
		}
		if (best && best->name < st->size) {
			const char *name = (const char *)loaded.data + st->offset + best->name;
			ksnprintf(buf, bufsize, "<%.*s+0x%lx>",
				  (int)strnlen(name, st->size - best->name), name,
				  target - best->value);
		}
		return;
	}
}
