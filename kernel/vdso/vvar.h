/*
 * vvar.h — the clock parameters the kernel shares with the vDSO.
 *
 * One page, kernel-owned (arch/time.c), mapped read-only into the program
 * as [vvar] right below [vdso]. It is the one copy of the TSC-to-ns
 * conversion: the kernel's own clocks read it too, so a clock read in the
 * vDSO and one by syscall use the same numbers:
 *   monotonic ns = (rdtsc - tsc0) * mult >> 32
 *   realtime ns  = boot_wall_ns + monotonic ns
 * A writer makes seq odd, changes the fields, then makes it even again; a
 * reader retries while seq is odd or changed under it.
 */
#ifndef INGOT_VVAR_H
#define INGOT_VVAR_H
#include <stdint.h>

struct vvar {
	volatile uint32_t seq;
	uint32_t version;		/* VVAR_VERSION: layout of this struct */
	volatile uint64_t tsc0;		/* TSC at kernel entry */
	volatile uint64_t mult;		/* 2^32 * 1e9 / TSC Hz */
	volatile uint64_t boot_wall_ns; /* CLOCK_REALTIME at tsc0 */
};
#define VVAR_VERSION 1
#define VVAR_SIZE    4096

static inline uint64_t vvar_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Monotonic and realtime ns from one consistent snapshot. */
static inline void vvar_read(const struct vvar *v, uint64_t *mono, uint64_t *real)
{
	uint32_t s;
	uint64_t m, wall;
	do {
		while ((s = v->seq) & 1)
			__asm__ volatile("pause");
		__asm__ volatile("" ::: "memory");
		m = (uint64_t)(((unsigned __int128)(vvar_rdtsc() - v->tsc0) * v->mult) >> 32);
		wall = v->boot_wall_ns;
		__asm__ volatile("" ::: "memory");
	} while (v->seq != s);
	*mono = m;
	*real = wall + m;
}
#endif
