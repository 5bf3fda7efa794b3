/*
 * trace.c — ingot.trace=1: one strace-style line per syscall, e.g.
 *   openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3
 *   read(3, 0x7ffd1000, 4096) = -1 EBADF
 * Each known call has a format string, one letter per argument:
 *   d decimal   x hex   p pointer (NULL or hex)   s string (path)
 *   f dirfd     o open flags   b buffer whose length is the next argument
 *   P mmap prot M mmap flags   A arch_prctl code
 * A leading '#' prints the result in hex (addresses). Calls without a
 * format print their first three arguments in hex.
 */
#include "syscall.h"
#include "../include/errno.h"

struct fmt {
	short nr;
	const char *args;
};

/* Numbers: Linux x86-64 (sysnames.h). */
static const struct fmt fmts[] = {
	{__NR_read, "dpd"},
	{__NR_write, "dbd"},
	{__NR_open, "so"},
	{__NR_close, "d"},
	{__NR_stat, "sp"},
	{__NR_fstat, "dp"},
	{__NR_lstat, "sp"},
	{__NR_lseek, "ddd"},
	{__NR_mmap, "#pdPMdx"},
	{__NR_mprotect, "pdP"},
	{__NR_munmap, "pd"},
	{__NR_brk, "#p"},
	{__NR_rt_sigaction, "dpp"},
	{__NR_rt_sigprocmask, "dpp"},
	{__NR_ioctl, "dxp"},
	{__NR_pread64, "dpdd"},
	{__NR_pwrite64, "dbdd"},
	{__NR_readv, "dpd"},
	{__NR_writev, "dpd"},
	{__NR_access, "sx"},
	{__NR_mremap, "#pddxp"},
	{__NR_madvise, "pdd"},
	{__NR_dup, "d"},
	{__NR_dup2, "dd"},
	{__NR_nanosleep, "pp"},
	{__NR_exit, "d"},
	{__NR_uname, "p"},
	{__NR_fcntl, "ddx"},
	{__NR_ftruncate, "dd"},
	{__NR_getcwd, "pd"},
	{__NR_chdir, "s"},
	{__NR_rename, "ss"},
	{__NR_mkdir, "sx"},
	{__NR_rmdir, "s"},
	{__NR_unlink, "s"},
	{__NR_readlink, "spd"},
	{__NR_arch_prctl, "Ap"},
	{__NR_getdents64, "dpd"},
	{__NR_set_tid_address, "p"},
	{__NR_clock_gettime, "dp"},
	{__NR_clock_nanosleep, "dxpp"},
	{__NR_exit_group, "d"},
	{__NR_openat, "fso"},
	{__NR_mkdirat, "fsx"},
	{__NR_newfstatat, "fspx"},
	{__NR_unlinkat, "fsx"},
	{__NR_renameat, "fsfs"},
	{__NR_readlinkat, "fspd"},
	{__NR_faccessat, "fsx"},
	{__NR_set_robust_list, "pd"},
	{__NR_dup3, "ddx"},
	{__NR_prlimit64, "ddpp"},
	{__NR_renameat2, "fsfsx"},
	{__NR_getrandom, "pdx"},
	{__NR_statx, "fsxxp"},
	{__NR_faccessat2, "fsxx"},
};

static const struct {
	int v;
	const char *name;
} errnames[] = {
	{EPERM, "EPERM"},
	{ENOENT, "ENOENT"},
	{ESRCH, "ESRCH"},
	{EINTR, "EINTR"},
	{EIO, "EIO"},
	{E2BIG, "E2BIG"},
	{ENOEXEC, "ENOEXEC"},
	{EBADF, "EBADF"},
	{EAGAIN, "EAGAIN"},
	{ENOMEM, "ENOMEM"},
	{EACCES, "EACCES"},
	{EFAULT, "EFAULT"},
	{EBUSY, "EBUSY"},
	{EEXIST, "EEXIST"},
	{EXDEV, "EXDEV"},
	{ENODEV, "ENODEV"},
	{ENOTDIR, "ENOTDIR"},
	{EISDIR, "EISDIR"},
	{EINVAL, "EINVAL"},
	{EMFILE, "EMFILE"},
	{ENOTTY, "ENOTTY"},
	{ENOSPC, "ENOSPC"},
	{ESPIPE, "ESPIPE"},
	{EROFS, "EROFS"},
	{EPIPE, "EPIPE"},
	{ERANGE, "ERANGE"},
	{ENAMETOOLONG, "ENAMETOOLONG"},
	{ENOSYS, "ENOSYS"},
	{ENOTEMPTY, "ENOTEMPTY"},
	{ELOOP, "ELOOP"},
	{EOVERFLOW, "EOVERFLOW"},
	{EOPNOTSUPP, "EOPNOTSUPP"},
	{ETIMEDOUT, "ETIMEDOUT"},
	{EAFNOSUPPORT, "EAFNOSUPPORT"},
	{ENXIO, "ENXIO"},
	{ECHILD, "ECHILD"},
	{ENFILE, "ENFILE"},
	{EFBIG, "EFBIG"},
	{EMLINK, "EMLINK"},
	{ENODATA, "ENODATA"},
	{ENOTSOCK, "ENOTSOCK"},
	{ENOPROTOOPT, "ENOPROTOOPT"},
	{EADDRINUSE, "EADDRINUSE"},
	{ECONNREFUSED, "ECONNREFUSED"},
	{ECONNRESET, "ECONNRESET"},
	{ENOTCONN, "ENOTCONN"},
	{EISCONN, "EISCONN"},
	{EINPROGRESS, "EINPROGRESS"},
	{EALREADY, "EALREADY"},
	{EMSGSIZE, "EMSGSIZE"},
	{ENOBUFS, "ENOBUFS"},
	{EDOM, "EDOM"},
};

struct line {
	char buf[400];
	int n;
};

static void add(struct line *l, const char *fmt, ...)
{
	if (l->n >= (int)sizeof l->buf - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	l->n += kvsnprintf(l->buf + l->n, sizeof l->buf - l->n, fmt, ap);
	va_end(ap);
	if (l->n > (int)sizeof l->buf - 1)
		l->n = sizeof l->buf - 1;
}

/* Quoted, escaped, at most max bytes of user memory. */
static void add_quoted(struct line *l, const void *u, long len, bool nul_ends)
{
	char tmp[48];
	long max = MIN(len, 40L);
	if (max < 0 || copy_from_user(tmp, u, nul_ends ? 1 : (size_t)max)) {
		add(l, "%p", u);
		return;
	}
	if (nul_ends) {
		long n = strncpy_from_user(tmp, u, sizeof tmp);
		max = n < 0 ? (long)sizeof tmp - 1 : n;
		len = n < 0 ? max + 1 : n;
	}
	add(l, "\"");
	for (long i = 0; i < max; i++) {
		char c = tmp[i];
		if (c == '\n')
			add(l, "\\n");
		else if (c == '\t')
			add(l, "\\t");
		else if (c == '"' || c == '\\')
			add(l, "\\%c", c);
		else if (c < 32 || c > 126)
			add(l, "\\x%02x", (uint8_t)c);
		else
			add(l, "%c", c);
	}
	add(l, len > max ? "\"..." : "\"");
}

static void add_flags(struct line *l, long v, const char *const *names, int n)
{
	bool any = false;
	for (int b = 0; b < n; b++) {
		if (names[b] && (v >> b & 1)) {
			add(l, "%s%s", any ? "|" : "", names[b]);
			v &= ~(1L << b);
			any = true;
		}
	}
	if (v)
		add(l, "%s0x%lx", any ? "|" : "", v);
	else if (!any)
		add(l, "0");
}

static void add_arg(struct line *l, char kind, const long *a, int i)
{
	static const char *const prot[] = {"PROT_READ", "PROT_WRITE", "PROT_EXEC"};
	static const char *const mapf[] = {"MAP_SHARED",
					   "MAP_PRIVATE",
					   0,
					   0,
					   "MAP_FIXED",
					   "MAP_ANONYMOUS",
					   0,
					   0,
					   "MAP_GROWSDOWN",
					   0,
					   0,
					   0,
					   0,
					   0,
					   "MAP_NORESERVE",
					   "MAP_POPULATE",
					   0,
					   "MAP_STACK"};
	static const char *const openf[] = {0,
					    0,
					    0,
					    0,
					    0,
					    0,
					    "O_CREAT",
					    "O_EXCL",
					    "O_NOCTTY",
					    "O_TRUNC",
					    "O_APPEND",
					    "O_NONBLOCK",
					    0,
					    0,
					    0,
					    0,
					    "O_DIRECTORY",
					    "O_NOFOLLOW",
					    0,
					    "O_CLOEXEC"};
	long v = a[i];
	switch (kind) {
	case 'd': /* a negative int arrives zero-extended in the 64-bit register */
		add(l, "%ld", (v >> 31) == 1 ? (long)(int)v : v);
		break;
	case 'x': add(l, "0x%lx", v); break;
	case 'p':
		if (v)
			add(l, "0x%lx", v);
		else
			add(l, "NULL");
		break;
	case 's': add_quoted(l, (const void *)v, 4096, true); break;
	case 'b': add_quoted(l, (const void *)v, a[i + 1], false); break;
	case 'f':
		if ((int)v == -100)
			add(l, "AT_FDCWD");
		else
			add(l, "%d", (int)v);
		break;
	case 'P':
		if (v == 0)
			add(l, "PROT_NONE");
		else
			add_flags(l, v, prot, 3);
		break;
	case 'M': add_flags(l, v, mapf, ARRAY_SIZE(mapf)); break;
	case 'A':
		if (v >= 0x1001 && v <= 0x1004) {
			static const char *const codes[] = {"ARCH_SET_GS", "ARCH_SET_FS",
							    "ARCH_GET_FS", "ARCH_GET_GS"};
			add(l, "%s", codes[v - 0x1001]);
		} else {
			add(l, "0x%lx", v);
		}
		break;
	case 'o': {
		static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
		add(l, "%s", acc[v & 3]);
		if (v & ~3L) {
			add(l, "|");
			add_flags(l, v & ~3L, openf, ARRAY_SIZE(openf));
		}
		break;
	}
	}
}

static void format_call(struct line *l, long nr, const long a[6], bool *hex)
{
	const char *name = syscall_name(nr);
	if (name)
		add(l, "%s(", name);
	else
		add(l, "syscall_%ld(", nr);
	const char *spec = "xxx";
	for (size_t k = 0; k < ARRAY_SIZE(fmts); k++)
		if (fmts[k].nr == nr)
			spec = fmts[k].args;
	*hex = spec[0] == '#';
	if (*hex)
		spec++;
	for (int i = 0; spec[i] && i < 6; i++) {
		if (i)
			add(l, ", ");
		add_arg(l, spec[i], a, i);
	}
	add(l, ")");
}

void trace_syscall_start(long nr, const long a[6])
{
	struct line l = {.n = 0};
	bool hex;
	format_call(&l, nr, a, &hex);
	add(&l, " = ?\n");
	console_write(l.buf, l.n);
}

void trace_syscall(long nr, const long a[6], long ret)
{
	struct line l = {.n = 0};
	bool hex;
	format_call(&l, nr, a, &hex);
	if (ret < 0 && ret > -4096) {
		const char *en = NULL;
		for (size_t k = 0; k < ARRAY_SIZE(errnames); k++)
			if (errnames[k].v == -ret)
				en = errnames[k].name;
		if (en)
			add(&l, " = -1 %s\n", en);
		else
			add(&l, " = -1 errno %ld\n", -ret);
	} else if (hex) {
		add(&l, " = 0x%lx\n", ret);
	} else {
		add(&l, " = %ld\n", ret);
	}
	console_write(l.buf, l.n);
}
