/* vdso.c — the vDSO as a program sees it: found through
 * getauxval(AT_SYSINFO_EHDR), its symbols resolved by reading its ELF
 * dynamic symbol table (hash table, version LINUX_2.6) as glibc, musl and
 * Go do; its clocks agree with the syscalls (a syscall read lies between
 * two vDSO reads) and never go back; a clock it does not serve reaches the
 * syscall; its code cannot be written. Prints only facts that hold on any
 * Linux machine.
 * With the argument "native" (kernel/tests/check.sh, the Ingot kernel
 * only): /proc/self/maps names [vdso] and [vvar], the clock page cannot be
 * written either, and mprotect cannot make either page writable.
 * With "libc N": N calls each of libc's clock_gettime, gettimeofday and
 * time between two marker lines (check.sh counts the syscalls between
 * them under ingot.trace=1), then the clock_gettime ns per call through
 * libc, the vDSO and the syscall (bench reads the figures). */
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

typedef int (*gettime_fn)(clockid_t, struct timespec *);
typedef int (*gettimeofday_fn)(struct timeval *, void *);
typedef time_t (*time_fn)(time_t *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static struct {
	uintptr_t bias;
	const Elf64_Sym *sym;
	const char *str;
	const Elf64_Half *versym;
	const Elf64_Verdef *verdef;
	size_t nsym;
} vd;

static int fails;
static void check(const char *what, int ok) {
	printf("%s: %s\n", what, ok ? "yes" : "no");
	fails += !ok;
}

/* Number of dynamic symbols from DT_GNU_HASH: past the highest bucket's
 * chain end. */
static size_t gnu_hash_count(const uint32_t *h) {
	uint32_t nbuckets = h[0], symoffset = h[1], bloom = h[2];
	const uint32_t *buckets = h + 4 + bloom * 2, *chain = buckets + nbuckets;
	uint32_t last = 0;
	for (uint32_t i = 0; i < nbuckets; i++)
		if (buckets[i] > last)
			last = buckets[i];
	if (last < symoffset)
		return symoffset;
	while (!(chain[last - symoffset] & 1))
		last++;
	return last + 1;
}

static int vdso_parse(uintptr_t base) {
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_type != ET_DYN)
		return -1;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	const Elf64_Dyn *dyn = NULL;
	int loads = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && loads++ == 0)
			vd.bias = base + ph[i].p_offset - ph[i].p_vaddr;
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_W))
			return -2;   /* nothing in the vDSO may be writable */
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
	}
	if (!dyn || !loads)
		return -3;
	const uint32_t *hash = NULL, *gnu = NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		uintptr_t p = vd.bias + dyn->d_un.d_ptr;
		switch (dyn->d_tag) {
		case DT_SYMTAB: vd.sym = (const Elf64_Sym *)p; break;
		case DT_STRTAB: vd.str = (const char *)p; break;
		case DT_HASH: hash = (const uint32_t *)p; break;
		case DT_GNU_HASH: gnu = (const uint32_t *)p; break;
		case DT_VERSYM: vd.versym = (const Elf64_Half *)p; break;
		case DT_VERDEF: vd.verdef = (const Elf64_Verdef *)p; break;
		}
	}
	if (!vd.sym || !vd.str || (!hash && !gnu))
		return -4;
	vd.nsym = hash ? hash[1] : gnu_hash_count(gnu);
	return 0;
}

/* The version a symbol's versym entry names, or NULL. */
static const char *version_of(size_t i) {
	if (!vd.versym || !vd.verdef)
		return NULL;
	Elf64_Half want = vd.versym[i] & 0x7fff;
	for (const Elf64_Verdef *d = vd.verdef;; d = (const void *)((const char *)d + d->vd_next)) {
		if (!(d->vd_flags & VER_FLG_BASE) && d->vd_ndx == want) {
			const Elf64_Verdaux *a = (const void *)((const char *)d + d->vd_aux);
			return vd.str + a->vda_name;
		}
		if (!d->vd_next)
			return NULL;
	}
}

static void *vdso_sym(const char *name, const char *version) {
	for (size_t i = 0; i < vd.nsym; i++) {
		const Elf64_Sym *s = &vd.sym[i];
		if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || s->st_shndx == SHN_UNDEF ||
		    strcmp(vd.str + s->st_name, name))
			continue;
		const char *v = version_of(i);
		if (v && !strcmp(v, version))
			return (void *)(vd.bias + s->st_value);
	}
	return NULL;
}

static long long ts_ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

static long long sys_ns(clockid_t id) {
	struct timespec t;
	syscall(SYS_clock_gettime, id, &t);
	return ts_ns(t);
}

static sigjmp_buf jump;
static void on_segv(int sig) { siglongjmp(jump, 1); }

/* 1 if writing a byte at p raised SIGSEGV. */
static int write_faults(volatile char *p) {
	struct sigaction sa = { .sa_handler = on_segv }, old;
	sigaction(SIGSEGV, &sa, &old);
	int faulted = 1;
	if (!sigsetjmp(jump, 1)) {
		*p = *p;
		faulted = 0;
	}
	sigaction(SIGSEGV, &old, NULL);
	return faulted;
}

static double per_call_ns(gettime_fn f, int n) {
	struct timespec t, a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < n; i++)
		f(CLOCK_MONOTONIC, &t);
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(ts_ns(b) - ts_ns(a)) / n;
}

static int raw_clock_gettime(clockid_t id, struct timespec *t) {
	return (int)syscall(SYS_clock_gettime, id, t);
}

/* The "libc N" mode: without a vDSO (ingot.vdso=0) its column says so. */
static int libc_loop(int n, gettime_fn gettime) {
	struct timespec t;
	struct timeval tv;
	printf("libc loop: start\n");
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		gettimeofday(&tv, NULL);
		time(NULL);
	}
	printf("libc loop: end\n");
	fflush(stdout);
	printf("ns/call: libc %.1f vdso ", per_call_ns(clock_gettime, n));
	if (gettime)
		printf("%.1f", per_call_ns(gettime, n));
	else
		printf("none");
	printf(" syscall %.1f\n", per_call_ns(raw_clock_gettime, n));
	return 0;
}

/* The "native" checks: [vvar] and [vdso] as /proc/self/maps names them. */
static void native_checks(uintptr_t base) {
	FILE *f = fopen("/proc/self/maps", "r");
	char line[256];
	uintptr_t vdso_lo = 0, vvar_lo = 0, vvar_hi = 0, lo, hi;
	char perms[8];
	while (f && fgets(line, sizeof line, f)) {
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3)
			continue;
		if (strstr(line, "[vdso]")) {
			vdso_lo = lo;
			check("maps: [vdso] is r-x", !strcmp(perms, "r-xp"));
		}
		if (strstr(line, "[vvar]")) {
			vvar_lo = lo, vvar_hi = hi;
			check("maps: [vvar] is r--", !strcmp(perms, "r--p"));
		}
	}
	if (f)
		fclose(f);
	check("maps: [vdso] at AT_SYSINFO_EHDR", vdso_lo == base);
	check("maps: [vvar] right below [vdso]", vvar_lo && vvar_hi == base);
	if (!vvar_lo)
		return;
	check("write to [vvar] faults", write_faults((char *)vvar_lo));
	errno = 0;
	check("mprotect [vdso] writable: EACCES",
	      mprotect((void *)base, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) == -1 && errno == EACCES);
	errno = 0;
	check("mprotect [vvar] writable: EACCES",
	      mprotect((void *)vvar_lo, 4096, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
	check("write to [vdso] still faults", write_faults((char *)base));
}

int main(int argc, char **argv) {
	uintptr_t base = getauxval(AT_SYSINFO_EHDR);
	if (argc >= 3 && !strcmp(argv[1], "libc"))
		return libc_loop(atoi(argv[2]), base && vdso_parse(base) == 0 ?
				 vdso_sym("__vdso_clock_gettime", "LINUX_2.6") : NULL);
	check("AT_SYSINFO_EHDR present", base != 0);
	if (!base)
		return 1;
	check("vDSO ELF parsed", vdso_parse(base) == 0);
	gettime_fn gettime = vdso_sym("__vdso_clock_gettime", "LINUX_2.6");
	gettimeofday_fn gtod = vdso_sym("__vdso_gettimeofday", "LINUX_2.6");
	time_fn vtime = vdso_sym("__vdso_time", "LINUX_2.6");
	getcpu_fn getcpu = vdso_sym("__vdso_getcpu", "LINUX_2.6");
	gettime_fn getres = vdso_sym("__vdso_clock_getres", "LINUX_2.6");
	check("__vdso_clock_gettime@LINUX_2.6", gettime != NULL);
	check("__vdso_gettimeofday@LINUX_2.6", gtod != NULL);
	check("__vdso_time@LINUX_2.6", vtime != NULL);
	check("__vdso_getcpu@LINUX_2.6", getcpu != NULL);
	check("__vdso_clock_getres@LINUX_2.6", getres != NULL);
	check("no such version", vdso_sym("__vdso_clock_gettime", "LINUX_9.9") == NULL);
	if (!gettime || !gtod || !vtime || !getcpu || !getres)
		return 1;

	/* A syscall read lies between two vDSO reads of the same clock (1 ms
	 * of slack for a coarse clock's tick). */
	static const struct { clockid_t id; const char *name; } clocks[] = {
		{ CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" },
		{ CLOCK_BOOTTIME, "BOOTTIME" }, { CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" },
		{ CLOCK_REALTIME_COARSE, "REALTIME_COARSE" },
		{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" },
	};
	for (size_t c = 0; c < sizeof clocks / sizeof clocks[0]; c++) {
		struct timespec a, b;
		int ra = gettime(clocks[c].id, &a);
		long long s = sys_ns(clocks[c].id);
		int rb = gettime(clocks[c].id, &b);
		char what[80];
		snprintf(what, sizeof what, "%s: vdso, syscall, vdso in order", clocks[c].name);
		check(what, ra == 0 && rb == 0 && ts_ns(a) <= s + 1000000 && s <= ts_ns(b) + 1000000 &&
			    a.tv_nsec >= 0 && a.tv_nsec < 1000000000);
	}
	struct timespec prev, now;
	int back = 0;
	gettime(CLOCK_MONOTONIC, &prev);
	for (int i = 0; i < 200000; i++) {
		gettime(CLOCK_MONOTONIC, &now);
		back += ts_ns(now) < ts_ns(prev);
		prev = now;
	}
	check("MONOTONIC never goes back over 200000 reads", back == 0);

	struct timeval v1, v2, sv;
	gtod(&v1, NULL);
	syscall(SYS_gettimeofday, &sv, NULL);
	gtod(&v2, NULL);
	long long u1 = v1.tv_sec * 1000000LL + v1.tv_usec, us = sv.tv_sec * 1000000LL + sv.tv_usec,
		  u2 = v2.tv_sec * 1000000LL + v2.tv_usec;
	check("gettimeofday: vdso, syscall, vdso in order", u1 <= us && us <= u2);
	struct { int minuteswest, dsttime; } tz = { -1, -1 };
	check("gettimeofday fills the timezone", gtod(NULL, &tz) == 0 && tz.minuteswest != -1);
	time_t t1 = vtime(NULL), ts = (time_t)syscall(SYS_time, NULL), t2, t3 = vtime(&t2);
	check("time: vdso, syscall, vdso in order", t1 <= ts && ts <= t3 && t2 == t3);
	unsigned cpu = 99999, node = 99999;
	check("getcpu", getcpu(&cpu, &node, NULL) == 0 && cpu < 4096 && node < 1024);

	struct timespec r1, r2;
	check("getres agrees with the syscall",
	      getres(CLOCK_MONOTONIC, &r1) == 0 && syscall(SYS_clock_getres, CLOCK_MONOTONIC, &r2) == 0 &&
		      ts_ns(r1) == ts_ns(r2) && getres(CLOCK_REALTIME, NULL) == 0);
	struct timespec cpu_t = { -1, -1 };
	check("PROCESS_CPUTIME_ID through the vDSO",
	      gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_t) == 0 && cpu_t.tv_sec >= 0 &&
		      cpu_t.tv_nsec >= 0 && ts_ns(cpu_t) > 0);
	check("an unknown clock: -EINVAL", gettime(12345, &now) == -EINVAL);
	check("getres of an unknown clock: -EINVAL", getres(12345, &now) == -EINVAL);
	check("write to the vDSO's code faults", write_faults((char *)base));
	check("still readable after", memcmp((void *)base, ELFMAG, SELFMAG) == 0);

	if (argc >= 2 && !strcmp(argv[1], "native"))
		native_checks(base);
	return fails != 0;
}
