/*
 * proc.c — the single program: starting it, its /proc views, its exit.
 *
 * Start-up (docs/boot-protocol.md): argv comes from /.ingot/argv and the
 * environment from /.ingot/env (NUL-terminated strings); argv[0] is the
 * absolute path of the program, which is loaded (elf/load.c) into the low
 * half of the address space, given a stack (elf/stack.c) and entered in
 * ring 3. Address-space layout, randomised unless ingot.aslr=0:
 *   PIE base   0x555555554000 + up to 1 TiB      (Linux's ELF_ET_DYN_BASE)
 *   brk        just above the image + up to 32 MiB
 *   stack      top at USER_TOP - up to 16 GiB, 8 MiB region; its contents
 *              start a further 0-8 KiB below, 16-byte aligned (elf/stack.c)
 *   mmap       top-down from 128 MiB under the stack - up to 1 TiB;
 *              a dynamic program's ld.so sits at the top of this area,
 *              then [vvar] and [vdso] (elf/vdso.c, AT_SYSINFO_EHDR)
 * Failures to start print one "ingot: ..." line and exit 127.
 */
#include "proc.h"
#include "missing.h"
#include "../mm/mm.h"
#include "../elf/elf.h"
#include "../fs/vfs.h"
#include "../fs/fs.h"
#include "../arch/cpu.h"
#include "../arch/time.h"
#include "../arch/x86.h"
#include "../drivers/serial.h"

#define PIE_BASE      0x555555554000UL
#define STACK_SIZE    (8UL << 20)   /* RLIMIT_STACK default, 8 MiB */
#define STACK_GAP     (128UL << 20) /* between stack and mmap area */
#define MAX_ARGS      4096
#define INTERP_SPAN   (64UL << 20) /* room reserved for ld.so's image */
#define MMAP_RND_BITS 28	   /* pages; Linux x86-64's mmap_rnd_bits */

struct proc proc;

uint64_t proc_random_pages(uint64_t max_pages)
{
	if (!proc.aslr || max_pages == 0)
		return 0;
	uint64_t r;
	random_bytes(&r, sizeof r);
	return (r % max_pages) * PAGE_SIZE;
}

__attribute__((noreturn)) void proc_exit(int status)
{
	missing_report();
	filemap_flush_all(); /* MAP_SHARED stores into their files, */
	volume_sync_all();   /* and a volume's writes to its disk before QEMU ends */
	if (proc.debug)
		kprintf("ingot: exit status %d after %lu us\n", status & 0xff,
			time_monotonic_ns() / 1000);
	machine_exit(status);
}

__attribute__((noreturn)) static void fail(const char *what, const char *why)
{
	kprintf("ingot: %s: %s\n", what, why);
	proc_exit(INGOT_STATUS_NOT_RUN);
}

/* Splits a NUL-separated blob into a kmalloc'd NULL-terminated vector. */
static const char **split_blob(const char *blob, size_t len, int *count)
{
	int n = 0;
	for (size_t i = 0; i < len; i++)
		n += blob[i] == 0;
	if (len && blob[len - 1] != 0)
		n++; /* tolerate a missing final NUL */
	if (n > MAX_ARGS)
		fail(INGOT_ARGV_PATH, "too many arguments or environment strings");
	const char **v = kzalloc((n + 1) * sizeof *v);
	char *copy = kmalloc(len + 1);
	if (!v || !copy)
		fail(INGOT_ARGV_PATH, "out of memory");
	memcpy(copy, blob, len);
	copy[len] = 0;
	int k = 0;
	for (size_t i = 0; i < len && k < n; i += strlen(copy + i) + 1)
		v[k++] = copy + i;
	*count = k;
	return v;
}

static const char *errstr(int err)
{
	switch (-err) {
	case ENOENT: return "No such file or directory";
	case ENOTDIR: return "Not a directory";
	case EACCES: return "Permission denied";
	case ENOEXEC: return "not a static x86-64 ELF program";
	case ENOMEM: return "out of memory loading the program";
	case ELIBBAD: return "an ELF interpreter must not itself need one";
	default: return "cannot load";
	}
}

/* /.ingot/cwd (optional, one NUL-terminated absolute path): the directory
 * the program starts in, as a container's WORKDIR; without it, "/". */
static void start_in_cwd(void)
{
	const void *data;
	size_t size;
	if (vfs_read_file(INGOT_CWD_PATH, &data, &size) || size == 0)
		return;
	char dir[PROC_MAX_EXE];
	size_t n = strnlen(data, size);
	if (n == 0 || n >= sizeof dir || ((const char *)data)[0] != '/')
		fail(INGOT_CWD_PATH, "must be one absolute path");
	memcpy(dir, data, n);
	dir[n] = '\0';
	struct node *node;
	if (namei(NULL, dir, LOOKUP_FOLLOW | LOOKUP_DIR, &node))
		fail(dir, "the working directory is not a folder in the image");
	namei_set_cwd(node);
}

void proc_start(uint64_t entry_tsc)
{
	const void *data;
	size_t size;
	int argc = 0, envc = 0;
	if (vfs_read_file(INGOT_ARGV_PATH, &data, &size) || size == 0)
		fail(INGOT_ARGV_PATH, "missing or empty (no program to run)");
	const char **argv = split_blob(data, size, &argc);
	const char **envp = (const char *[]){NULL};
	if (vfs_read_file(INGOT_ENV_PATH, &data, &size) == 0)
		envp = split_blob(data, size, &envc);
	if (argc == 0 || argv[0][0] != '/')
		fail(INGOT_ARGV_PATH, "argv[0] must be an absolute path");
	start_in_cwd();
	if (strlen(argv[0]) >= PROC_MAX_EXE)
		fail(argv[0], "path too long");
	memcpy(proc.exe, argv[0], strlen(argv[0]) + 1);

	int err = vfs_read_file(proc.exe, &data, &size);
	if (err)
		fail(proc.exe, errstr(err));
	static struct elf_image img, interp;
	err = elf_load(data, size, PIE_BASE + proc_random_pages(1UL << MMAP_RND_BITS),
		       ELF_IMAGE_LIMIT, proc.exe, true, &img);
	if (err)
		fail(proc.exe, errstr(err));

	proc.brk_start = proc.brk_cur = img.end + proc_random_pages(1UL << 13);
	proc.stack_top = USER_TOP - proc_random_pages(1UL << 22);
	uint64_t stack_lo = proc.stack_top - STACK_SIZE;
	if (vma_add(stack_lo, proc.stack_top, PROT_READ | PROT_WRITE, VMA_STACK, "[stack]"))
		fail(proc.exe, "out of memory for the stack");
	proc.mmap_base = stack_lo - STACK_GAP - proc_random_pages(1UL << MMAP_RND_BITS);

	/* A dynamic program: its ELF interpreter (ld.so) goes at the top of
	 * the mmap area and runs first; mmap continues below it. */
	uint64_t entry = img.entry, interp_base = 0;
	if (img.interp[0]) {
		if (vfs_read_file(img.interp, &data, &size))
			fail(proc.exe,
			     "its ELF interpreter is not in the image (dynamically linked "
			     "programs need their ld.so and libraries in the rootfs)");
		interp_base = proc.mmap_base - INTERP_SPAN;
		err = elf_load(data, size, interp_base, proc.mmap_base, img.interp, false, &interp);
		if (err)
			fail(img.interp, errstr(err));
		interp_base = interp.bias;
		entry = interp.entry;
		proc.mmap_base = PAGE_ALIGN_DOWN(interp_base) - PAGE_SIZE * 16;
	}

	/* ingot.vdso=0 (as Linux's vdso=0): no vDSO, no AT_SYSINFO_EHDR, so
	 * every clock read is a syscall (for comparing the two). */
	uint64_t vdso = 0;
	if (proc.vdso && !(vdso = vdso_map(proc.mmap_base)))
		fail(proc.exe, "out of memory for the vDSO");

	uint8_t rnd[16];
	random_bytes(rnd, sizeof rnd);
	const uint64_t auxv[] = {
		AT_PHDR,	 img.phdr,    AT_PHENT,	 img.phent,
		AT_PHNUM,	 img.phnum,   AT_PAGESZ, PAGE_SIZE,
		AT_BASE,	 interp_base, AT_FLAGS,	 0,
		AT_ENTRY,	 img.entry,   AT_UID,	 0,
		AT_EUID,	 0,	      AT_GID,	 0,
		AT_EGID,	 0,	      AT_SECURE, 0,
		AT_HWCAP,	 cpu.hwcap,   AT_HWCAP2, cpu.fsgsbase ? 2 : 0, /* HWCAP2_FSGSBASE */
		AT_CLKTCK,	 100,					       /* USER_HZ */
		AT_SYSINFO_EHDR, vdso, /* last: left out without a vDSO */
	};
	struct stack_spec spec = {argc, envc,	  argv,	   envp, auxv, ARRAY_SIZE(auxv) / 2 - !vdso,
				  rnd,	proc.exe, "x86_64"};
	size_t need = 4096; /* auxv, pointers, random bytes, platform string */
	for (int i = 0; i < argc; i++)
		need += strlen(argv[i]) + 1 + 8;
	for (int i = 0; i < envc; i++)
		need += strlen(envp[i]) + 1 + 8;
	need = PAGE_ALIGN_UP(need + STACK_RANDOM_SPAN);
	if (need > STACK_SIZE / 4)
		fail(proc.exe, "argument list too long");
	uint8_t *img_stack = kzalloc(need);
	if (!img_stack)
		fail(proc.exe, "out of memory for the stack");
	/* The contents start a random distance below the region's top, so the
	 * stack keeps entropy below the page (ASLR off: right at the top). */
	uint64_t r = 0;
	if (proc.aslr)
		random_bytes(&r, sizeof r);
	uint64_t top = stack_random_top(proc.stack_top, r);
	size_t used = need - (proc.stack_top - top);
	uint64_t sp = stack_build(img_stack, used, top, &spec);
	if (!sp || copy_to_user((void *)(proc.stack_top - need), img_stack, used))
		fail(proc.exe, "cannot build the initial stack");
	kfree(img_stack);

	if (proc.debug) {
		uint64_t cycles = rdtsc() - entry_tsc;
		kprintf("ingot: boot: %lu TSC cycles, %lu us from kernel entry to first user instruction"
			" (TSC %lu MHz)\n",
			cycles, tsc_to_ns(cycles) / 1000, time_tsc_hz() / 1000000);
	}
	enter_user(entry, sp);
}

const char *proc_exe_path(void)
{
	return proc.exe;
}

size_t proc_cmdline(char *buf, size_t size)
{
	const void *data;
	size_t len;
	if (vfs_read_file(INGOT_ARGV_PATH, &data, &len))
		return 0;
	len = MIN(len, size);
	memcpy(buf, data, len);
	return len;
}

size_t proc_maps(char *buf, size_t size)
{
	size_t n = 0;
	static char path[256]; /* one CPU: nothing else runs while this fills */
	for (struct vma *v = vma_first(); v && n < size; v = v->next) {
		char line[160 + sizeof path];
		/* A shared file mapping: 's', its file offset, inode and path. */
		int k = ksnprintf(line, sizeof line, "%08lx-%08lx %c%c%c%c %08lx 00:00 %lu",
				  v->start, v->end, v->prot & PROT_READ ? 'r' : '-',
				  v->prot & PROT_WRITE ? 'w' : '-', v->prot & PROT_EXEC ? 'x' : '-',
				  v->file ? 's' : 'p', v->file ? v->off : 0,
				  v->file ? v->file->ino : 0);
		const char *name = v->name;
		if (v->file)
			name = node_path(v->file, path, sizeof path) >= 0 ? path : "(deleted)";
		if (name) {
			while (k < 73 && k < (int)sizeof line - 1)
				line[k++] = ' ';
			k += ksnprintf(line + k, sizeof line - k, "%s", name);
		}
		k = MIN(k, (int)sizeof line - 2);
		line[k++] = '\n';
		size_t c = MIN((size_t)k, size - n);
		memcpy(buf + n, line, c);
		n += c;
	}
	return n;
}

size_t proc_meminfo(char *buf, size_t size)
{
	uint64_t total = page_total_count() * 4, free = page_free_count() * 4;
	int n = ksnprintf(buf, size,
			  "MemTotal:       %8lu kB\nMemFree:        %8lu kB\n"
			  "MemAvailable:   %8lu kB\n",
			  total, free, free);
	return MIN((size_t)n, size);
}
