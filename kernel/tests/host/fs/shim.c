/*
 * shim.c — the kernel services fs/ and sys/sys_file*.c call, on the host.
 *
 * Heap is malloc; "user memory" is host memory, with addresses below 64 KiB
 * treated as unmapped so tests can provoke -EFAULT; console output is
 * captured in a buffer the tests inspect; /proc/self generators return
 * fixed text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "harness.h"
#include "../../../include/wait.h"

char console_buf[65536];
size_t console_len;

void *kmalloc(size_t n)
{
	return malloc(n ? n : 1);
}
void *kzalloc(size_t n)
{
	return calloc(1, n ? n : 1);
}
void *krealloc(void *p, size_t n)
{
	return realloc(p, n ? n : 1);
}
void kfree(void *p)
{
	free(p);
}
void *page_alloc(void)
{
	return calloc(1, 4096);
}
void page_free(void *p)
{
	free(p);
}

#define BAD_USER(p) ((uintptr_t)(p) < 65536)

int copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (n && BAD_USER(usrc))
		return -EFAULT;
	memcpy(dst, usrc, n);
	return 0;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
	if (n && BAD_USER(udst))
		return -EFAULT;
	memcpy(udst, src, n);
	return 0;
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
	if (BAD_USER(usrc))
		return -EFAULT;
	size_t len = strnlen(usrc, max);
	if (len >= max)
		return -ENAMETOOLONG;
	memcpy(dst, usrc, len + 1);
	return (long)len;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vprintf(fmt, ap);
	va_end(ap);
	return r;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "ingot: panic: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

const char *proc_exe_path(void)
{
	return "/bin/prog";
}

static size_t put_text(char *buf, size_t size, const char *text, size_t len)
{
	size_t n = len < size ? len : size;
	memcpy(buf, text, n);
	return n;
}

size_t net_if_inet6(char *buf, size_t size)
{
	return 0;
}
size_t proc_cmdline(char *buf, size_t size)
{
	return put_text(buf, size, "/bin/prog\0-v\0", 13);
}

/* Long enough to need more than one snapshot buffer doubling. */
size_t proc_maps(char *buf, size_t size)
{
	char line[128];
	size_t len = 0;
	for (int i = 0; i < 200; i++) {
		int k = snprintf(line, sizeof(line),
				 "%08x-%08x r-xp 00000000 00:00 0          /bin/prog\n",
				 0x400000 + i * 0x1000, 0x401000 + i * 0x1000);
		len += put_text(buf + len, size - len, line, (size_t)k);
		if (len == size)
			break;
	}
	return len;
}

size_t proc_meminfo(char *buf, size_t size)
{
	static const char t[] = "MemTotal:         262144 kB\nMemFree:          200000 kB\n";
	return put_text(buf, size, t, sizeof(t) - 1);
}

uint64_t time_monotonic_ns(void)
{
	return 1000;
}
uint64_t time_realtime_ns(void)
{
	return 1700000000123456789ull;
}

void console_write(const char *buf, size_t n)
{
	if (console_len + n > sizeof(console_buf))
		n = sizeof(console_buf) - console_len;
	memcpy(console_buf + console_len, buf, n);
	console_len += n;
}

void random_bytes(void *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((unsigned char *)buf)[i] = (unsigned char)rand();
}

/* wait.h: the host tests run one thread, so a wait could never end;
 * report "would block" the way O_NONBLOCK does. */
int waitq_wait(struct waitq *q, uint64_t deadline_ns)
{
	(void)q;
	(void)deadline_ns;
	if (shim_held.closed) { /* as sched/wait.c: a held file was closed */
		shim_held.closed = false;
		return -EBADF;
	}
	return -EAGAIN;
}
void waitq_wake_all(struct waitq *q)
{
	(void)q;
}
void waitq_wake_one(struct waitq *q)
{
	(void)q;
}
void poll_notify(void)
{
}

/* include/held.h: no holds (NULL) unless a test sets shim_holding; it then
 * plays the dispatcher and calls fd_release_held itself. A close of a held
 * file counts as waking "another thread" that holds it. */
struct held_files shim_held;
bool shim_holding;
int shim_closed_wakes;
struct held_files *held_current(void)
{
	return shim_holding ? &shim_held : NULL;
}
void held_file_closed(struct file *f)
{
	(void)f;
	shim_closed_wakes++;
	shim_held.closed = true;
}

/* sys/sys_epoll.c is not part of the fs host tests: no epoll sets to update. */
void epoll_file_closed(struct file *f)
{
	(void)f;
}

/* mm/filemap.c: no shared mappings in the host tests (maps stays 0). */
void filemap_flush(struct node *n, uint64_t off, uint64_t len)
{
}
void filemap_refresh(struct node *n, uint64_t off, uint64_t len)
{
}
void filemap_flush_all(void)
{
}
