/*
 * random.c — random_bytes for getrandom, AT_RANDOM, /dev/urandom and ASLR.
 *
 * Uses RDRAND when CPUID has it (retrying, as Intel's DRNG guide advises,
 * up to 10 times). Otherwise, or if RDRAND keeps failing, a xorshift64*
 * generator seeded from the TSC and mixed with the TSC on every call
 * (good enough for ASLR and hash seeds; not cryptographic).
 * random_mix folds bytes from the host (virtio-rng) into that state; from
 * then on every output is also XORed with the generator's, so the host's
 * entropy reaches getrandom and /dev/urandom even when RDRAND is there.
 */
#include "../include/kernel.h"
#include "../arch/cpu.h"
#include "../arch/x86.h"

static struct {
	uint64_t state; /* xorshift64* state, never 0 */
	bool mixed;	/* random_mix ran: XOR the generator into every output */
} rng;

static bool rdrand64(uint64_t *v)
{
	if (!cpu.rdrand)
		return false;
	for (int i = 0; i < 10; i++) {
		unsigned char ok;
		/* SAFETY: rdrand writes only its operand and CF. */
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok)::"cc");
		if (ok)
			return true;
	}
	return false;
}

static uint64_t xorshift(void)
{
	if (rng.state == 0)
		rng.state = rdtsc() | 1;
	rng.state ^= rdtsc() << 17;
	rng.state ^= rng.state >> 12;
	rng.state ^= rng.state << 25;
	rng.state ^= rng.state >> 27;
	if (rng.state == 0)
		rng.state = 0x9e3779b97f4a7c15ULL;
	return rng.state * 0x2545f4914f6cdd1dULL;
}

void random_mix(const void *buf, size_t n)
{
	const uint8_t *p = buf;
	for (size_t i = 0; i < n; i++) {
		/* One byte at a time into the state, then a generator step. */
		rng.state ^= (uint64_t)p[i] << (8 * (i % 8));
		if (i % 8 == 7 || i + 1 == n)
			(void)xorshift();
	}
	rng.mixed = true;
}

void random_bytes(void *buf, size_t n)
{
	uint8_t *p = buf;
	while (n) {
		uint64_t v;
		if (!rdrand64(&v))
			v = xorshift();
		else if (rng.mixed)
			v ^= xorshift();
		size_t k = MIN(n, sizeof v);
		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
}
