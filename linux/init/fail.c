/*
 * Messages from init and the panic path. Until /dev/console is open, file
 * descriptor 2 does not exist (the kernel found no /dev/console in the cpio),
 * so when a write to stderr fails we poke the text into COM1 directly: a
 * failure to mount /dev must still be visible to the user.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/io.h>
#include <unistd.h>

#include "ingot-init.h"

#define COM1 INGOT_CONSOLE_PORT

static void write_com1(const char *s, size_t n)
{
	if (ioperm(COM1, 8, 1) != 0)
		return;
	for (size_t i = 0; i < n; i++)
		outb((unsigned char)s[i], COM1);
}

static void vsay(const char *prefix, const char *fmt, va_list ap)
{
	char line[512];
	int n = snprintf(line, sizeof line, INGOT_DIAG_PREFIX "%s", prefix);
	if (n < 0)
		return;
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	if (m < 0)
		return;
	size_t len = strlen(line);
	line[len++] = '\n';
	if (write(2, line, len) != (ssize_t)len)
		write_com1(line, len);
}

void ingot_say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
}

_Noreturn void ingot_panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay("panic: ", fmt, ap);
	va_end(ap);
	report_exit(INGOT_EXIT_PANIC);
}
