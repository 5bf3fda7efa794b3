/*
 * vdso.c — the virtual shared object mapped into every program ([vdso]).
 *
 * Ring-3 code, built as its own position-independent ELF shared object
 * (vdso.lds, Makefile) and embedded in the kernel image (blob.S); the
 * kernel maps it read+exec with the clock page ([vvar], vvar.h) one page
 * below it and passes its address as AT_SYSINFO_EHDR. Exports, as Linux's
 * x86-64 vDSO, at version LINUX_2.6: __vdso_clock_gettime,
 * __vdso_gettimeofday, __vdso_time, __vdso_getcpu, __vdso_clock_getres
 * (and the same names without the prefix, weak). Clocks the TSC serves
 * (REALTIME, MONOTONIC, BOOTTIME and their _COARSE/_RAW forms) are read
 * here with the kernel's own conversion; any other clock id (CPU-time
 * clocks, another thread's or process's clock) or unknown id
 * goes to the real syscall.
 * No data, no relocations, no libc: only the vvar page is read.
 */
#include "vvar.h"

#define CLOCK_REALTIME	       0
#define CLOCK_MONOTONIC	       1
#define CLOCK_MONOTONIC_RAW    4
#define CLOCK_REALTIME_COARSE  5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME	       7
#define NS		       1000000000ULL
#define SYS_clock_gettime      228
#define SYS_clock_getres       229

struct timespec_u {
	long sec, nsec;
};
struct timeval_u {
	long sec, usec;
};
struct timezone_u {
	int minuteswest, dsttime;
};

/* Defined by vdso.lds one page below the image: the kernel's vvar page. */
extern const struct vvar vvar_page __attribute__((visibility("hidden")));

static long syscall2(long nr, long a, long b)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
	return ret;
}

/* 1 for the clocks read here: 0 realtime, 1 monotonic. -1 otherwise. */
static int clock_kind(int id)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE: return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME: return 1;
	default: return -1;
	}
}

int __vdso_clock_gettime(int id, struct timespec_u *ts)
{
	int kind = clock_kind(id);
	if (kind < 0)
		return (int)syscall2(SYS_clock_gettime, id, (long)ts);
	uint64_t mono, real;
	vvar_read(&vvar_page, &mono, &real);
	uint64_t ns = kind ? mono : real;
	ts->sec = (long)(ns / NS);
	ts->nsec = (long)(ns % NS);
	return 0;
}

int __vdso_gettimeofday(struct timeval_u *tv, struct timezone_u *tz)
{
	if (tv) {
		uint64_t mono, real;
		vvar_read(&vvar_page, &mono, &real);
		tv->sec = (long)(real / NS);
		tv->usec = (long)(real % NS / 1000);
	}
	if (tz) {
		tz->minuteswest = 0; /* UTC, no DST: as the syscall */
		tz->dsttime = 0;
	}
	return 0;
}

long __vdso_time(long *t)
{
	uint64_t mono, real;
	vvar_read(&vvar_page, &mono, &real);
	long sec = (long)(real / NS);
	if (t)
		*t = sec;
	return sec;
}

/* One CPU runs the program: always CPU 0, node 0, as the syscall says. */
long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused)
{
	(void)unused;
	if (cpu)
		*cpu = 0;
	if (node)
		*node = 0;
	return 0;
}

int __vdso_clock_getres(int id, struct timespec_u *res)
{
	if (clock_kind(id) < 0)
		return (int)syscall2(SYS_clock_getres, id, (long)res);
	if (res) {
		res->sec = 0; /* TSC-based: nanosecond resolution, as the syscall */
		res->nsec = 1;
	}
	return 0;
}

int clock_gettime(int, struct timespec_u *) __attribute__((weak, alias("__vdso_clock_gettime")));
int gettimeofday(struct timeval_u *, struct timezone_u *)
	__attribute__((weak, alias("__vdso_gettimeofday")));
long time(long *) __attribute__((weak, alias("__vdso_time")));
long getcpu(unsigned *, unsigned *, void *) __attribute__((weak, alias("__vdso_getcpu")));
int clock_getres(int, struct timespec_u *) __attribute__((weak, alias("__vdso_clock_getres")));
