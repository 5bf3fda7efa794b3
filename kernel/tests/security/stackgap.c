/* stackgap.c — stack clash: an mmap hint right below the stack must be
 * placed elsewhere (a 1 MiB guard gap stays free, as Linux's
 * stack_guard_gap), and unbounded recursion must fault in the gap instead
 * of running on into a mapping. The SIGSEGV handler (on an alternate
 * stack) checks that the mapping's bytes are intact.
 * expect: 0
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define LEN (64 * 1024)
static unsigned char *map;
static int in_gap;

static void on_segv(int sig)
{
	for (size_t i = 0; i < LEN; i++)
		if (map[i] != 0xaa) {
			static const char msg[] =
				"recursion overwrote the mapping below the stack\n";
			write(1, msg, sizeof msg - 1);
			_exit(1);
		}
	static const char msg[] = "recursion faulted; mapping intact\n";
	write(1, msg, sizeof msg - 1);
	_exit(in_gap);
}

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(int depth)
{
	volatile char frame[4096];
	frame[0] = (char)depth;
	return recurse(depth + 1) + frame[0];
}

int main(void)
{
	unsigned long lo = 0, hi = 0;
	char line[256];
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof line, f))
		if (strstr(line, "[stack]"))
			sscanf(line, "%lx-%lx", &lo, &hi);
	if (!lo) {
		printf("no [stack] in /proc/self/maps\n");
		return 2;
	}
	map = mmap((void *)(lo - LEN), LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		   0);
	if (map == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	unsigned long a = (unsigned long)map;
	in_gap = a + LEN > lo - (1UL << 20) && a < hi;
	printf("hint below the stack %s\n",
	       in_gap ? "honoured inside the guard gap" : "placed elsewhere");
	memset(map, 0xaa, LEN);
	static char alt[65536];
	stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt};
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_segv;
	sa.sa_flags = SA_ONSTACK;
	if (sigaltstack(&ss, NULL) || sigaction(SIGSEGV, &sa, NULL))
		return 2;
	fflush(stdout);
	int r = recurse(0);
	return in_gap ? 1 : 3 + r;
}
