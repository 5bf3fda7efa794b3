/*
 * harness.h — the tiny test harness for the fs host tests: checks that
 * count passes and failures, a cpio newc archive builder, and short
 * wrappers that call the sys_* handlers the way the syscall table would.
 */
#ifndef FS_TEST_HARNESS_H
#define FS_TEST_HARNESS_H
#include "../../../fs/fs.h"

extern int t_pass, t_fail;
#include "../../../include/held.h"
extern struct held_files shim_held; /* shim.c: the "running thread's" holds */
extern bool shim_holding;
extern int shim_closed_wakes;
extern char console_buf[65536];
extern size_t console_len;

#define CHECK(c)                                                            \
	do {                                                                \
		if (c)                                                      \
			t_pass++;                                           \
		else {                                                      \
			t_fail++;                                           \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
		}                                                           \
	} while (0)
#define EQ(a, b)                                                                                \
	do {                                                                                    \
		long _a = (long)(a), _b = (long)(b);                                            \
		if (_a == _b)                                                                   \
			t_pass++;                                                               \
		else {                                                                          \
			t_fail++;                                                               \
			printf("FAIL %s:%d: %s is %ld, expected %ld\n", __FILE__, __LINE__, #a, \
			       _a, _b);                                                         \
		}                                                                               \
	} while (0)
#define STREQ(a, b)                                                                               \
	do {                                                                                      \
		const char *_a = (a), *_b = (b);                                                  \
		if (_a && strcmp(_a, _b) == 0)                                                    \
			t_pass++;                                                                 \
		else {                                                                            \
			t_fail++;                                                                 \
			printf("FAIL %s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
			       #a, _a ? _a : "(null)", _b);                                       \
		}                                                                                 \
	} while (0)

/* cpio newc archive under construction. */
struct arc {
	char *buf;
	size_t len, cap;
};
void arc_add(struct arc *a, const char *name, uint32_t mode, const char *data, size_t len);
void arc_file(struct arc *a, const char *name, const char *text);
void arc_end(struct arc *a);
void std_image(struct arc *a);	/* the image most tests use */
void setup_with(struct arc *a); /* reset, vfs_init (must succeed), stdio */
void setup(void);		/* setup_with(std_image) */

/* Syscall wrappers: arguments in Linux order, pointers cast to long. */
#define L(x) ((long)(x))
static inline long x_open(const char *p, long fl, long mode)
{
	return sys_open(L(p), fl, mode, 0, 0, 0);
}
static inline long x_openat(long d, const char *p, long fl, long mode)
{
	return sys_openat(d, L(p), fl, mode, 0, 0);
}
static inline long x_close(long fd)
{
	return sys_close(fd, 0, 0, 0, 0, 0);
}
static inline long x_read(long fd, void *b, long n)
{
	return sys_read(fd, L(b), n, 0, 0, 0);
}
static inline long x_write(long fd, const void *b, long n)
{
	return sys_write(fd, L(b), n, 0, 0, 0);
}
static inline long x_pread(long fd, void *b, long n, long off)
{
	return sys_pread64(fd, L(b), n, off, 0, 0);
}
static inline long x_pwrite(long fd, const void *b, long n, long off)
{
	return sys_pwrite64(fd, L(b), n, off, 0, 0);
}
static inline long x_lseek(long fd, long off, long wh)
{
	return sys_lseek(fd, off, wh, 0, 0, 0);
}
static inline long x_stat(const char *p, struct linux_stat *st)
{
	return sys_stat(L(p), L(st), 0, 0, 0, 0);
}
static inline long x_lstat(const char *p, struct linux_stat *st)
{
	return sys_lstat(L(p), L(st), 0, 0, 0, 0);
}
static inline long x_fstat(long fd, struct linux_stat *st)
{
	return sys_fstat(fd, L(st), 0, 0, 0, 0);
}
static inline long x_mkdir(const char *p, long mode)
{
	return sys_mkdir(L(p), mode, 0, 0, 0, 0);
}
static inline long x_rmdir(const char *p)
{
	return sys_rmdir(L(p), 0, 0, 0, 0, 0);
}
static inline long x_unlink(const char *p)
{
	return sys_unlink(L(p), 0, 0, 0, 0, 0);
}
static inline long x_rename(const char *a, const char *b)
{
	return sys_rename(L(a), L(b), 0, 0, 0, 0);
}
static inline long x_chdir(const char *p)
{
	return sys_chdir(L(p), 0, 0, 0, 0, 0);
}
static inline long x_access(const char *p, long m)
{
	return sys_access(L(p), m, 0, 0, 0, 0);
}
static inline long x_readlink(const char *p, char *b, long n)
{
	return sys_readlink(L(p), L(b), n, 0, 0, 0);
}
static inline long x_fcntl(long fd, long cmd, long arg)
{
	return sys_fcntl(fd, cmd, arg, 0, 0, 0);
}
static inline long x_ioctl(long fd, long req, void *arg)
{
	return sys_ioctl(fd, req, L(arg), 0, 0, 0);
}
static inline long x_getdents(long fd, void *b, long n)
{
	return sys_getdents64(fd, L(b), n, 0, 0, 0);
}

/* Reads a whole file through the syscalls into buf (NUL-terminated). */
long slurp(const char *path, char *buf, size_t size);

void test_cpio(void);
void test_namei(void);
void test_tmp(void);
void test_fd(void);
void test_stat(void);
void test_dev_proc(void);
void test_attr(void);
void test_copy(void);
void test_random(void);
void test_ext2(void);
void test_ext2_sync(void);
#endif
