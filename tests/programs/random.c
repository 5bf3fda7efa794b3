/* random.c — getrandom fills the buffer; two draws differ. */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

int main(void) {
	unsigned char a[32], b[32];
	ssize_t n = getrandom(a, sizeof a, 0);
	ssize_t m = getrandom(b, sizeof b, 0);
	printf("got %zd and %zd bytes\n", n, m);
	printf("draws differ: %s\n", memcmp(a, b, sizeof a) ? "yes" : "no");
	int nonzero = 0;
	for (int i = 0; i < 32; i++)
		nonzero += a[i] != 0;
	printf("mostly non-zero: %s\n", nonzero > 16 ? "yes" : "no");
	return 0;
}
