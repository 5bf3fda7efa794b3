/* test_stack.c — host test of elf/stack.c: the SysV initial stack layout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../elf/elf.h"

#include "check.h"

int main(void)
{
	static uint8_t mem[8192];
	const uint64_t top = 0x7ffffffde000;
	const char *argv[] = {"/app/hello", "one", "two words"};
	const char *envp[] = {"A=1", "HOME=/"};
	const uint64_t auxv[] = {AT_PAGESZ, 4096, AT_ENTRY, 0x401000};
	uint8_t rnd[16];
	for (int i = 0; i < 16; i++)
		rnd[i] = (uint8_t)(i * 7 + 1);
	struct stack_spec s = {3, 2, argv, envp, auxv, 2, rnd, "/app/hello", "x86_64"};
	uint64_t sp = stack_build(mem, sizeof mem, top, &s);
	uint64_t base = top - sizeof mem;
#define W(addr)	  (*(uint64_t *)(mem + ((addr)-base)))
#define STR(addr) ((const char *)(mem + ((addr)-base)))
	CHECK(sp != 0);
	CHECK(sp % 16 == 0);
	CHECK(W(sp) == 3);
	for (int i = 0; i < 3; i++)
		CHECK(strcmp(STR(W(sp + 8 + 8 * i)), argv[i]) == 0);
	CHECK(W(sp + 32) == 0);
	for (int i = 0; i < 2; i++)
		CHECK(strcmp(STR(W(sp + 40 + 8 * i)), envp[i]) == 0);
	CHECK(W(sp + 56) == 0);
	uint64_t a = sp + 64;
	CHECK(W(a) == AT_PAGESZ && W(a + 8) == 4096);
	CHECK(W(a + 16) == AT_ENTRY && W(a + 24) == 0x401000);
	CHECK(W(a + 32) == AT_RANDOM && memcmp(STR(W(a + 40)), rnd, 16) == 0);
	CHECK(W(a + 40) % 16 == 0);
	CHECK(W(a + 48) == AT_EXECFN && strcmp(STR(W(a + 56)), "/app/hello") == 0);
	CHECK(W(a + 64) == AT_PLATFORM && strcmp(STR(W(a + 72)), "x86_64") == 0);
	CHECK(W(a + 80) == AT_NULL);
	CHECK(W(top - 8) == 0);
	/* Everything must fit below top and above base. */
	CHECK(W(sp + 8) > sp && W(sp + 8) < top);
	/* Too small a buffer fails cleanly. */
	CHECK(stack_build(mem, 64, top, &s) == 0);
	/* The random top keeps entropy below the page: 16-byte aligned, in
	 * the 8 KiB under the region top, and not page-aligned in general. */
	int off_page = 0, distinct = 0;
	static uint8_t seen[STACK_RANDOM_SPAN / 16];
	for (uint64_t r = 0; r < 100000; r++) {
		uint64_t x = r * 0x9e3779b97f4a7c15ULL;
		uint64_t t = stack_random_top(top, x);
		CHECK(t % 16 == 0 && t <= top && t > top - STACK_RANDOM_SPAN - 16);
		off_page += t % 4096 != 0;
		uint64_t slot = (top - t) / 16;
		if (slot < sizeof seen && !seen[slot]++)
			distinct++;
	}
	CHECK(off_page > 99000);
	CHECK(distinct == STACK_RANDOM_SPAN / 16); /* all 512 spots: 9 more bits */
	printf("test_stack: %s\n", failures ? "FAILED" : "ok");
	return failures != 0;
}
