/*
 * kernel.h — the services every part of the Ingot kernel may call.
 *
 * This header is the seam between the kernel core (boot, memory, traps,
 * syscalls, ELF loading: owned by boot/ mm/ arch/ sys/ elf/ lib/) and the
 * file system side (fs/, sys/sys_file.c). Anything declared here is
 * implemented exactly once; host unit tests (kernel/tests/host/) provide
 * their own definitions of the allocation and logging functions.
 *
 * Error rule (see STYLE): a fault caused by the guest program returns a
 * negative Linux errno (-EFAULT, -EINVAL, ...); a broken kernel invariant
 * calls panic("subsys: what").
 */
#ifndef INGOT_KERNEL_H
#define INGOT_KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include "errno.h"
#include "ingot/abi.h" /* the host <-> guest contract */

typedef long ssize_t;
typedef int64_t off_t;

#define PAGE_SIZE	   4096UL
#define PAGE_ALIGN_UP(x)   (((uint64_t)(x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_ALIGN_DOWN(x) ((uint64_t)(x) & ~(PAGE_SIZE - 1))
#define ARRAY_SIZE(a)	   (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)	   ((a) < (b) ? (a) : (b))
#define MAX(a, b)	   ((a) > (b) ? (a) : (b))

/* lib/string.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/* lib/printf.c — kprintf writes to the console (COM1). Supports
 * %d %i %u %x %lx %ld %lu %llx %p %s %c %% with width, '0' and '-' flags. */
int kprintf(const char *fmt, ...);
int ksnprintf(char *buf, size_t size, const char *fmt, ...);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* Prints "ingot: panic: <msg>", a symbolised backtrace, exits with 126. */
__attribute__((noreturn)) void panic(const char *fmt, ...);

/* mm/heap.c — kernel heap. kmalloc returns 16-byte aligned memory or NULL. */
void *kmalloc(size_t n);
void *kzalloc(size_t n);
void *krealloc(void *p, size_t n);
void kfree(void *p);

/* mm/page.c — physical pages, returned as kernel-accessible pointers,
 * zero-filled. page_alloc returns NULL when memory is exhausted. */
void *page_alloc(void);
void page_free(void *page);

/*
 * mm/uaccess.c — every pointer from the program is hostile. These check
 * that [uaddr, uaddr+n) is canonical user space, does not wrap, and is
 * mapped with the needed permission, then copy. They return 0 or -EFAULT.
 */
int copy_from_user(void *dst, const void *usrc, size_t n);
int copy_to_user(void *udst, const void *src, size_t n);
/* Copies a NUL-terminated string of at most max-1 bytes plus NUL.
 * Returns its length, -EFAULT, or -ENAMETOOLONG if it does not fit. */
long strncpy_from_user(char *dst, const char *usrc, size_t max);

/* The running program, for /proc/self (implemented by the core, sys/proc.c). */
const char *proc_exe_path(void); /* absolute path in the image */
/* Fills buf with argv strings each NUL-terminated; returns bytes written. */
size_t proc_cmdline(char *buf, size_t size);
/* Fills buf with Linux /proc/self/maps text; returns bytes written. */
size_t proc_maps(char *buf, size_t size);
/* Fills buf with /proc/meminfo text; returns bytes written. */
size_t proc_meminfo(char *buf, size_t size);

/* Time (arch/time.c): nanoseconds since boot, and wall-clock ns since epoch. */
uint64_t time_monotonic_ns(void);
uint64_t time_realtime_ns(void);

/* Console output used by /dev/console and fds 1/2 (drivers/serial.c). */
void console_write(const char *buf, size_t n);

/* Randomness (lib/random.c): fills buf; from RDRAND/RDSEED when present,
 * else a TSC-seeded ChaCha/xorshift generator. */
void random_bytes(void *buf, size_t n);
/* Mixes n bytes of outside entropy (virtio-rng) into random_bytes()'s state. */
void random_mix(const void *buf, size_t n);

/* Syscall handlers all have this shape (Linux x86-64 argument order). */
typedef long (*syscall_fn)(long, long, long, long, long, long);

#endif
