/* compat32.c — a far jump to the GDT's 32-bit user code slot (selector
 * 0x1b) followed by SYSCALL must end the program with SIGSEGV, never enter
 * the kernel in compatibility mode (on AMD CPUs and QEMU, SYSCALL from a
 * 32-bit segment jumps to CSTAR).
 * expect: 139
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void)
{
	/* The 32-bit code must sit below 4 GiB: syscall; jmp . */
	unsigned char *code = mmap((void *)0x10000000, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (code == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	static const unsigned char insns[] = {0x0f, 0x05, 0xeb, 0xfe};
	memcpy(code, insns, sizeof insns);
	struct __attribute__((packed)) {
		unsigned int off;
		unsigned short sel;
	} far = {(unsigned int)(unsigned long)code, 0x1b};
	printf("jumping to 0x1b:%p\n", (void *)code);
	fflush(stdout);
	__asm__ volatile("ljmpl *%0" ::"m"(far) : "memory");
	printf("still here\n");
	return 2;
}
