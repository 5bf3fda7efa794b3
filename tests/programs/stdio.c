/* stdio.c — printf with many conversions, plus snprintf and puts/putchar. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <string.h>

int main(void) {
	printf("int: %d %i %u %x %X %o\n", -42, 42, 4000000000u, 0xbeef, 0xbeef, 0755);
	printf("width: [%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, 42, 42, 42, 42);
	printf("long: %ld %lu %lld %llx\n", -1234567890123L, 18446744073709551615UL,
	       (long long)INT64_MIN, 0x123456789abcdefULL);
	printf("size: %zu %zd %" PRIu64 " %" PRIx32 "\n", sizeof(long), (ssize_t)-5,
	       (uint64_t)1 << 40, (uint32_t)0xdeadbeef);
	printf("char: %c%c%c [%3c]\n", 'a', 'b', 'c', 'z');
	printf("str: [%s] [%10s] [%-10s] [%.3s]\n", "hello", "right", "left", "truncate");
	printf("float: %f %.2f %10.4f %-10.1f|\n", 3.14159265, 2.71828, 1.5, -0.25);
	printf("exp: %e %.3E %g %g %g\n", 12345.678, 0.000123, 100000.0, 1e-5, 123.456);
	printf("special: %f %f\n", 1.0 / 0.0, -1.0 / 0.0);
	printf("percent: 100%%\n");
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%s-%d-%.1f", "abc", 7, 0.5);
	printf("snprintf: \"%s\" len=%d\n", buf, n);
	n = snprintf(buf, 8, "%s", "much too long for eight");
	printf("truncated: \"%s\" would be %d\n", buf, n);
	puts("puts line");
	putchar('X');
	putchar('\n');
	fputs("fputs to stdout\n", stdout);
	printf("strlen=%zu\n", strlen("twelve chars"));
	return 0;
}
