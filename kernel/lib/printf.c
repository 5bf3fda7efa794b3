/*
 * printf.c — kprintf/ksnprintf: a small formatter for kernel messages.
 *
 * Supports %d %i %u %x %X %o %p %s %c %% with l/ll/z length modifiers,
 * width, '0' and '-' flags, and precision for %s. Output goes through a
 * bounded buffer; kprintf formats into a stack buffer then console_write.
 */
#include "../include/kernel.h"

struct out {
	char *buf;
	size_t size, len; /* len counts all chars, even those not stored */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, uint64_t v, int base, bool upper, bool neg, int width, bool zero,
		    bool left)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int len = n + (neg ? 1 : 0);
	if (!left && !zero)
		for (; width > len; width--)
			put(o, ' ');
	if (neg)
		put(o, '-');
	if (!left && zero)
		for (; width > len; width--)
			put(o, '0');
	while (n)
		put(o, tmp[--n]);
	if (left)
		for (; width > len; width--)
			put(o, ' ');
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		bool zero = false, left = false;
		for (;; fmt++) {
			if (*fmt == '0')
				zero = true;
			else if (*fmt == '-')
				left = true;
			else
				break;
		}
		int width = 0, prec = -1;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		int lng = 0;
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		uint64_t u;
		int64_t s;
		switch (*fmt) {
		case 'd':
		case 'i':
			s = lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, s < 0 ? -(uint64_t)s : (uint64_t)s, 10, false, s < 0, width,
				zero, left);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			u = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			put_num(&o, u,
				*fmt == 'u'   ? 10
				: *fmt == 'o' ? 8
					      : 16,
				*fmt == 'X', false, width, zero, left);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (uint64_t)va_arg(ap, void *), 16, false, false, width, zero,
				left);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			size_t n = prec >= 0 ? strnlen(str, prec) : strlen(str);
			if (!left)
				for (int w = width; w > (int)n; w--)
					put(&o, ' ');
			for (size_t i = 0; i < n; i++)
				put(&o, str[i]);
			if (left)
				for (int w = width; w > (int)n; w--)
					put(&o, ' ');
			break;
		}
		case 'c': put(&o, (char)va_arg(ap, int)); break;
		case '%': put(&o, '%'); break;
		case 0: fmt--; break;
		default: put(&o, '%'); put(&o, *fmt);
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int kprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	console_write(buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
	return n;
}
