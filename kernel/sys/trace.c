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

struct fmt { short nr; const char *args; };

/* Numbers: Linux x86-64 (sysnames.h). */
static const struct fmt fmts[] = {
	{ 0, "dpd" }, { 1, "dbd" }, { 2, "so" }, { 3, "d" }, { 4, "sp" }, { 5, "dp" },
	{ 6, "sp" }, { 8, "ddd" }, { 9, "#pdPMdx" }, { 10, "pdP" }, { 11, "pd" },
	{ 12, "#p" }, { 13, "dpp" }, { 14, "dpp" }, { 16, "dxp" }, { 17, "dpdd" },
	{ 18, "dbdd" }, { 19, "dpd" }, { 20, "dpd" }, { 21, "sx" }, { 25, "#pddxp" },
	{ 28, "pdd" }, { 32, "d" }, { 33, "dd" }, { 35, "pp" }, { 60, "d" }, { 63, "p" },
	{ 72, "ddx" }, { 77, "dd" }, { 79, "pd" }, { 80, "s" }, { 82, "ss" }, { 83, "sx" },
	{ 84, "s" }, { 87, "s" }, { 89, "spd" }, { 158, "Ap" }, { 217, "dpd" },
	{ 218, "p" }, { 228, "dp" }, { 230, "dxpp" }, { 231, "d" }, { 257, "fso" },
	{ 258, "fsx" }, { 262, "fspx" }, { 263, "fsx" }, { 264, "fsfs" }, { 267, "fspd" },
	{ 269, "fsx" }, { 273, "pd" }, { 292, "ddx" }, { 302, "ddpp" }, { 316, "fsfsx" },
	{ 318, "pdx" }, { 332, "fsxxp" }, { 439, "fsxx" },
};

static const struct { int v; const char *name; } errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" }, { EINTR, "EINTR" },
	{ EIO, "EIO" }, { E2BIG, "E2BIG" }, { ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" },
	{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { EXDEV, "EXDEV" }, { ENODEV, "ENODEV" },
	{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" }, { EMFILE, "EMFILE" },
	{ ENOTTY, "ENOTTY" }, { ENOSPC, "ENOSPC" }, { ESPIPE, "ESPIPE" }, { EROFS, "EROFS" },
	{ EPIPE, "EPIPE" }, { ERANGE, "ERANGE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
	{ ENOSYS, "ENOSYS" }, { ENOTEMPTY, "ENOTEMPTY" }, { ELOOP, "ELOOP" },
	{ EOVERFLOW, "EOVERFLOW" }, { EOPNOTSUPP, "EOPNOTSUPP" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { ENXIO, "ENXIO" }, { ECHILD, "ECHILD" },
	{ ENFILE, "ENFILE" }, { EFBIG, "EFBIG" }, { EMLINK, "EMLINK" }, { ENODATA, "ENODATA" },
	{ ENOTSOCK, "ENOTSOCK" }, { ENOPROTOOPT, "ENOPROTOOPT" }, { EADDRINUSE, "EADDRINUSE" },
	{ ECONNREFUSED, "ECONNREFUSED" }, { ECONNRESET, "ECONNRESET" }, { ENOTCONN, "ENOTCONN" },
	{ EISCONN, "EISCONN" }, { EINPROGRESS, "EINPROGRESS" }, { EALREADY, "EALREADY" },
	{ EMSGSIZE, "EMSGSIZE" }, { ENOBUFS, "ENOBUFS" }, { EDOM, "EDOM" },
};

struct line { char buf[400]; int n; };

static void add(struct line *l, const char *fmt, ...) {
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
static void add_quoted(struct line *l, const void *u, long len, bool nul_ends) {
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
		if (c == '\n') add(l, "\\n");
		else if (c == '\t') add(l, "\\t");
		else if (c == '"' || c == '\\') add(l, "\\%c", c);
		else if (c < 32 || c > 126) add(l, "\\x%02x", (uint8_t)c);
		else add(l, "%c", c);
	}
	add(l, len > max ? "\"..." : "\"");
}

static void add_flags(struct line *l, long v, const char *const *names, int n) {
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

static void add_arg(struct line *l, char kind, const long *a, int i) {
	static const char *const prot[] = { "PROT_READ", "PROT_WRITE", "PROT_EXEC" };
	static const char *const mapf[] = { "MAP_SHARED", "MAP_PRIVATE", 0, 0, "MAP_FIXED",
		"MAP_ANONYMOUS", 0, 0, "MAP_GROWSDOWN", 0, 0, 0, 0, 0, "MAP_NORESERVE",
		"MAP_POPULATE", 0, "MAP_STACK" };
	static const char *const openf[] = { 0, 0, 0, 0, 0, 0, "O_CREAT", "O_EXCL", "O_NOCTTY",
		"O_TRUNC", "O_APPEND", "O_NONBLOCK", 0, 0, 0, 0, "O_DIRECTORY", "O_NOFOLLOW",
		0, "O_CLOEXEC" };
	long v = a[i];
	switch (kind) {
	case 'd':   /* a negative int arrives zero-extended in the 64-bit register */
		add(l, "%ld", (v >> 31) == 1 ? (long)(int)v : v);
		break;
	case 'x': add(l, "0x%lx", v); break;
	case 'p': if (v) add(l, "0x%lx", v); else add(l, "NULL"); break;
	case 's': add_quoted(l, (const void *)v, 4096, true); break;
	case 'b': add_quoted(l, (const void *)v, a[i + 1], false); break;
	case 'f': if ((int)v == -100) add(l, "AT_FDCWD"); else add(l, "%d", (int)v); break;
	case 'P': if (v == 0) add(l, "PROT_NONE"); else add_flags(l, v, prot, 3); break;
	case 'M': add_flags(l, v, mapf, ARRAY_SIZE(mapf)); break;
	case 'A':
		if (v >= 0x1001 && v <= 0x1004) {
			static const char *const codes[] = { "ARCH_SET_GS", "ARCH_SET_FS", "ARCH_GET_FS", "ARCH_GET_GS" };
			add(l, "%s", codes[v - 0x1001]);
		} else {
			add(l, "0x%lx", v);
		}
		break;
	case 'o': {
		static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
		add(l, "%s", acc[v & 3]);
		if (v & ~3L) { add(l, "|"); add_flags(l, v & ~3L, openf, ARRAY_SIZE(openf)); }
		break;
	}
	}
}

static void format_call(struct line *l, long nr, const long a[6], bool *hex) {
	const char *name = syscall_name(nr);
	if (name) add(l, "%s(", name);
	else add(l, "syscall_%ld(", nr);
	const char *spec = "xxx";
	for (size_t k = 0; k < ARRAY_SIZE(fmts); k++)
		if (fmts[k].nr == nr)
			spec = fmts[k].args;
	*hex = spec[0] == '#';
	if (*hex)
		spec++;
	for (int i = 0; spec[i] && i < 6; i++) {
		if (i) add(l, ", ");
		add_arg(l, spec[i], a, i);
	}
	add(l, ")");
}

void trace_syscall_start(long nr, const long a[6]) {
	struct line l = { .n = 0 };
	bool hex;
	format_call(&l, nr, a, &hex);
	add(&l, " = ?\n");
	console_write(l.buf, l.n);
}

void trace_syscall(long nr, const long a[6], long ret) {
	struct line l = { .n = 0 };
	bool hex;
	format_call(&l, nr, a, &hex);
	if (ret < 0 && ret > -4096) {
		const char *en = NULL;
		for (size_t k = 0; k < ARRAY_SIZE(errnames); k++)
			if (errnames[k].v == -ret)
				en = errnames[k].name;
		if (en) add(&l, " = -1 %s\n", en);
		else add(&l, " = -1 errno %ld\n", -ret);
	} else if (hex) {
		add(&l, " = 0x%lx\n", ret);
	} else {
		add(&l, " = %ld\n", ret);
	}
	console_write(l.buf, l.n);
}
