/* clone_wild_stack.c — a thread created with a non-canonical stack
 * pointer: the return to ring 3 (or the child's first instruction) faults,
 * and the program must end with SIGSEGV, as on Linux, never a kernel
 * fault. The child runs three instructions that touch no memory, so the
 * stack is the only thing wrong. (tests/fuzz keeps its clones canonical
 * because this ends the program; this test covers the case.)
 * expect: 139
 */
#include <stdio.h>

long clone_exit(long flags, long stack);
__asm__(".text\n.globl clone_exit\nclone_exit:\n"
	"\tmov $56, %eax\n\tsyscall\n\ttest %rax, %rax\n\tjz 1f\n\tret\n"
	"1:\tmov $60, %eax\n\txor %edi, %edi\n\tsyscall\n\tud2\n");

int main(void)
{
	printf("clone with stack 0x800000000000\n");
	fflush(stdout);
	long r = clone_exit(0x10900 /* VM|SIGHAND|THREAD */, 0x800000000000L);
	for (volatile long i = 0; i < 100000000; i++) {
	} /* the child runs meanwhile */
	printf("clone returned %ld and the program lives on\n", r);
	return 0;
}
