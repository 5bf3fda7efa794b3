/* test_alloc.c — host test of mm/page.c and mm/heap.c on a malloc'd arena. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "../../mm/mm.h"

#include "check.h"

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("panic: ");
	vprintf(fmt, ap);
	printf("\n");
	exit(2);
}

int main(void)
{
	const size_t npages = 256;
	uint8_t *arena = aligned_alloc(PAGE_SIZE, npages * PAGE_SIZE);
	uint64_t lo = (uint64_t)arena, hi = lo + npages * PAGE_SIZE;
	page_init(lo, hi);
	CHECK(page_free_count() == 0);
	CHECK(page_alloc() == NULL);
	page_add_free(lo, hi);
	page_reserve(lo, lo + 2 * PAGE_SIZE); /* like the kernel image */
	CHECK(page_free_count() == npages - 2);

	/* Single pages: distinct, zeroed, in range, not reserved. */
	void *p[300];
	size_t got = 0;
	while ((p[got] = page_alloc()) != NULL) {
		CHECK((uint64_t)p[got] >= lo + 2 * PAGE_SIZE && (uint64_t)p[got] < hi);
		CHECK(((uint8_t *)p[got])[100] == 0);
		memset(p[got], 0xab, PAGE_SIZE);
		got++;
	}
	CHECK(got == npages - 2);
	CHECK(page_free_count() == 0);
	for (size_t i = 0; i < got; i += 2)
		page_free(p[i]);
	/* Contiguous runs cannot be satisfied from a checkerboard... */
	CHECK(page_alloc_n(2) == NULL);
	for (size_t i = 1; i < got; i += 2)
		page_free(p[i]);
	/* ...but can once everything is free again. */
	uint8_t *run = page_alloc_n(10);
	CHECK(run != NULL && run[0] == 0 && run[10 * PAGE_SIZE - 1] == 0);
	page_free_n(run, 10);
	CHECK(page_free_count() == npages - 2);

	/* Heap: alignment, no overlap, realloc keeps data, large blocks. */
	char *a[200];
	for (int i = 0; i < 200; i++) {
		a[i] = kmalloc(1 + i * 13);
		CHECK(a[i] && ((uint64_t)a[i] & 15) == 0);
		memset(a[i], i, 1 + i * 13);
	}
	for (int i = 0; i < 200; i++)
		for (int j = 0; j < 1 + i * 13; j++)
			if (a[i][j] != (char)i) {
				CHECK(!"heap overlap");
				break;
			}
	char *big = kmalloc(20000);
	CHECK(big != NULL);
	memset(big, 7, 20000);
	big = krealloc(big, 50000);
	CHECK(big && big[19999] == 7);
	a[5] = krealloc(a[5], 3000);
	CHECK(a[5][65] == 5);
	for (int i = 0; i < 200; i++)
		kfree(a[i]);
	kfree(big);
	size_t before = page_free_count();
	for (int round = 0; round < 1000; round++)
		kfree(kmalloc(100));
	CHECK(page_free_count() == before);
	char *z = kzalloc(64);
	CHECK(z && z[63] == 0);
	printf("test_alloc: %s\n", failures ? "FAILED" : "ok");
	return failures != 0;
}
