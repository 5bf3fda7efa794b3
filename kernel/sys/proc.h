/* proc.h — the one program the kernel runs (proc.c). */
#ifndef INGOT_PROC_H
#define INGOT_PROC_H
#include "../include/kernel.h"

#define PROC_MAX_EXE 256

struct proc {
	char exe[PROC_MAX_EXE]; /* argv[0], absolute path in the image */
	const char *argv_blob;	/* /.ingot/argv contents (NUL-separated) */
	size_t argv_len;
	const char *env_blob; /* /.ingot/env contents */
	size_t env_len;
	uint64_t brk_start, brk_cur; /* program break: [brk_start, brk_cur) */
	uint64_t mmap_base;	     /* mmap placement ceiling (randomised) */
	uint64_t stack_top;
	bool aslr, trace, debug, vdso; /* kernel command line switches */
};
extern struct proc proc;

/* Loads argv[0] and enters it; returns only on failure (exit 127 printed). */
void proc_start(uint64_t entry_tsc);
__attribute__((noreturn)) void proc_exit(int status);
/* A random page-aligned offset below max (0 when ASLR is off). */
uint64_t proc_random_pages(uint64_t max);
#endif
