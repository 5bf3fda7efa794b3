/* umip.c — SGDT from ring 3 must not hand out the kernel's GDT address:
 * on a CPU with UMIP (CPUID.7.0:ECX[2]; QEMU's "max" CPU has it) the
 * kernel turns it on and the instruction faults (SIGSEGV). Without UMIP
 * the test has nothing to check and says so.
 * expect: 0
 */
#include <cpuid.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_segv(int sig)
{
	static const char msg[] = "sgdt faulted (UMIP)\n";
	write(1, msg, sizeof msg - 1);
	_exit(0);
}

int main(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(c & 4)) {
		printf("no UMIP on this CPU: nothing to check\n");
		return 0;
	}
	signal(SIGSEGV, on_segv);
	struct __attribute__((packed)) {
		unsigned short limit;
		unsigned long base;
	} gdt = {0, 0};
	__asm__ volatile("sgdt %0" : "=m"(gdt));
	printf("sgdt from ring 3 worked: GDT at 0x%lx\n", gdt.base);
	return 1;
}
