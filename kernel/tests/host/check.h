/* check.h — the one assertion of the kernel's host unit tests: a failed
 * CHECK prints where and what, counts, and the test goes on, so one run
 * shows every failure; main() reports `failures` at the end. */
#ifndef INGOT_HOST_CHECK_H
#define INGOT_HOST_CHECK_H
#include <stdio.h>

static int failures;
#define CHECK(c)                                                            \
	do {                                                                \
		if (!(c)) {                                                 \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
			failures++;                                         \
		}                                                           \
	} while (0)

#endif
