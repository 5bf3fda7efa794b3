/* stackgap_fixed.c — stack clash with MAP_FIXED: a program may put a
 * mapping right below the stack (Linux allows MAP_FIXED in the guard gap),
 * but then the stack stops a guard gap short of it, so unbounded recursion
 * faults instead of running on into the mapping. The SIGSEGV handler (on
 * an alternate stack) checks that the mapping's bytes are intact.
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
	_exit(0);
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
	map = mmap((void *)(lo - LEN), LEN, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (map == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	printf("MAP_FIXED right below the stack: %s\n",
	       map == (void *)(lo - LEN) ? "placed" : "moved");
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
	return 3 + r;
}
