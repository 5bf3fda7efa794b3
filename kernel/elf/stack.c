/*
 * stack.c — the program's initial stack (SysV x86-64 ABI, section 3.4.1).
 *
 * From the top of the stack down:
 *   8 zero bytes (end marker), the AT_EXECFN string, the environment and
 *   argument strings, the AT_PLATFORM string, 16 AT_RANDOM bytes, padding
 *   to 16 bytes, then the auxiliary vector, envp[] + NULL, argv[] + NULL
 *   and argc, with argc at a 16-byte-aligned rsp as the ABI requires.
 * The top itself sits a random 16-byte-aligned distance (under 8 KiB)
 * below the stack region's end (stack_random_top).
 * Pure computation on a buffer so the host unit test can check it.
 */
#include "elf.h"

struct builder {
	uint8_t *mem;
	uint64_t base, top, cur; /* user addresses; mem corresponds to base */
	bool overflow;
};

/* Pushes n bytes below cur; returns their user address. */
static uint64_t push_bytes(struct builder *b, const void *src, size_t n)
{
	if (b->cur - b->base < n) {
		b->overflow = true;
		return 0;
	}
	b->cur -= n;
	memcpy(b->mem + (b->cur - b->base), src, n);
	return b->cur;
}

static uint64_t push_str(struct builder *b, const char *s)
{
	return push_bytes(b, s, strlen(s) + 1);
}

static void put_word(struct builder *b, uint64_t at, uint64_t v)
{
	memcpy(b->mem + (at - b->base), &v, 8);
}

uint64_t stack_build(uint8_t *mem, size_t size, uint64_t top, const struct stack_spec *s)
{
	struct builder b = {mem, top - size, top, top, false};
	uint64_t zero = 0;
	push_bytes(&b, &zero, 8);
	uint64_t execfn = push_str(&b, s->execfn);
	uint64_t envp[s->envc + 1], argv[s->argc + 1];
	for (int i = s->envc - 1; i >= 0; i--)
		envp[i] = push_str(&b, s->envp[i]);
	for (int i = s->argc - 1; i >= 0; i--)
		argv[i] = push_str(&b, s->argv[i]);
	uint64_t platform = push_str(&b, s->platform);
	b.cur &= ~15ULL;
	uint64_t random = push_bytes(&b, s->random16, 16);
	if (b.overflow)
		return 0;

	/* Words: argc, argv + NULL, envp + NULL, auxv pairs + 3 extra + AT_NULL. */
	uint64_t words = 1 + (s->argc + 1) + (s->envc + 1) + 2 * (s->nauxv + 4);
	uint64_t sp = (b.cur - words * 8) & ~15ULL;
	if (sp < b.base)
		return 0;
	uint64_t at = sp;
	put_word(&b, at, (uint64_t)s->argc);
	at += 8;
	for (int i = 0; i < s->argc; i++, at += 8)
		put_word(&b, at, argv[i]);
	put_word(&b, at, 0);
	at += 8;
	for (int i = 0; i < s->envc; i++, at += 8)
		put_word(&b, at, envp[i]);
	put_word(&b, at, 0);
	at += 8;
	for (int i = 0; i < s->nauxv; i++) {
		put_word(&b, at, s->auxv[2 * i]);
		at += 8;
		put_word(&b, at, s->auxv[2 * i + 1]);
		at += 8;
	}
	const uint64_t extra[4][2] = {
		{AT_RANDOM, random},
		{AT_EXECFN, execfn},
		{AT_PLATFORM, platform},
		{AT_NULL, 0},
	};
	for (int i = 0; i < 4; i++) {
		put_word(&b, at, extra[i][0]);
		at += 8;
		put_word(&b, at, extra[i][1]);
		at += 8;
	}
	/* Zero the alignment gap between the vectors and the strings. */
	for (; at < b.cur; at++)
		b.mem[at - b.base] = 0;
	return sp;
}

uint64_t stack_random_top(uint64_t top, uint64_t r)
{
	return (top - r % STACK_RANDOM_SPAN) & ~15ULL;
}
