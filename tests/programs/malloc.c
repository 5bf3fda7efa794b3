/* malloc.c — allocation churn: many sizes (small, brk-backed, mmap-backed),
 * realloc growth, contents checked, a checksum printed. Deterministic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t seed = 12345;
static uint32_t next(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }

int main(void) {
	enum { SLOTS = 512 };
	unsigned char *p[SLOTS] = { 0 };
	size_t sz[SLOTS] = { 0 };
	uint64_t sum = 0;
	int errors = 0;
	for (int round = 0; round < 20000; round++) {
		int i = next() % SLOTS;
		if (p[i]) {
			for (size_t k = 0; k < sz[i]; k += 97)
				if (p[i][k] != (unsigned char)(i + k))
					errors++;
			sum += p[i][sz[i] - 1];
			free(p[i]);
			p[i] = NULL;
			continue;
		}
		uint32_t r = next();
		sz[i] = r % 16 == 0 ? 100000 + r % 400000 : 1 + r % 2000;
		p[i] = malloc(sz[i]);
		if (!p[i]) { printf("malloc failed\n"); return 1; }
		for (size_t k = 0; k < sz[i]; k++)
			p[i][k] = (unsigned char)(i + k);
	}
	char *s = NULL;
	size_t len = 0;
	for (int i = 0; i < 1000; i++) {
		s = realloc(s, len + 50);
		memset(s + len, 'a' + i % 26, 50);
		len += 50;
	}
	for (size_t k = 0; k < len; k++)
		if (s[k] != 'a' + (int)(k / 50) % 26)
			errors++;
	free(s);
	for (int i = 0; i < SLOTS; i++)
		free(p[i]);
	void *big = calloc(1, 8 << 20);
	printf("calloc 8MiB zeroed: %s\n", big && ((char *)big)[(8 << 20) - 1] == 0 ? "yes" : "no");
	free(big);
	printf("checksum=%llu errors=%d\n", (unsigned long long)sum, errors);
	return errors != 0;
}
