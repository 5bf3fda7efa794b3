/* ksyms.h — kernel symbol lookup and backtraces (panic.c). */
#ifndef INGOT_KSYMS_H
#define INGOT_KSYMS_H
#include "../include/kernel.h"
/* Name of the kernel function containing addr and the offset into it. */
const char *ksym_lookup(uint64_t addr, uint64_t *off);
/* Prints "  #n addr name+off" lines walking the frame-pointer chain. */
void backtrace_from(uint64_t rip, uint64_t rbp);
#endif
