/*
 * signal.h — Linux x86-64 signal ABI: sigaction, siginfo, the rt_sigframe
 * (arch/x86/include/uapi/asm/sigcontext.h, signal.h, ucontext.h,
 * include/uapi/asm-generic/siginfo.h, signal-defs.h), shared by
 * sched/signal.c (delivery) and sys/sys_signal.c (the syscalls).
 */
#ifndef INGOT_SIGNAL_H
#define INGOT_SIGNAL_H
#include "sched.h"

#define SIGILL	 4
#define SIGTRAP	 5
#define SIGABRT	 6
#define SIGBUS	 7
#define SIGFPE	 8
#define SIGKILL	 9
#define SIGSEGV	 11
#define SIGPIPE	 13
#define SIGCHLD	 17
#define SIGCONT	 18
#define SIGSTOP	 19
#define SIGTTOU	 22
#define SIGURG	 23
#define SIGWINCH 28

#define SIG_DFL	      0
#define SIG_IGN	      1
#define SA_SIGINFO    0x4
#define SA_ONSTACK    0x08000000
#define SA_RESTART    0x10000000
#define SA_NODEFER    0x40000000
#define SA_RESETHAND  0x80000000U
#define SA_RESTORER   0x04000000
#define SS_ONSTACK    1
#define SS_DISABLE    2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ   2048

#define SI_USER	  0
#define SI_KERNEL 0x80
#define SI_TKILL  (-6)

#define UC_FP_XSTATE	     1
#define UC_SIGCONTEXT_SS     2
#define UC_STRICT_RESTORE_SS 4
#define FP_XSTATE_MAGIC1     0x46505853U
#define FP_XSTATE_MAGIC2     0x46505845U

#define RFLAGS_TF 0x100
#define RFLAGS_DF 0x400
#define RFLAGS_RF 0x10000
/* Flags the program may change through rt_sigreturn (Linux FIX_EFLAGS):
 * CF PF AF ZF SF TF DF OF RF AC ID (not NT: iretq would fault). */
#define RFLAGS_USER 0x250dd5

struct ksigaction {
	uint64_t handler, flags, restorer, mask;
};

struct siginfo_k {
	int32_t signo, err, code, pad;
	union {
		struct {
			int32_t pid;
			uint32_t uid;
		};
		uint64_t addr;
		uint8_t rest[112];
	};
};

struct sigcontext_k {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate;
	uint64_t reserved[8];
};

struct ucontext_k {
	uint64_t flags, link;
	struct sigstack stack;
	struct sigcontext_k mc;
	uint64_t sigmask;
};

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext_k uc;
	struct siginfo_k info;
};

_Static_assert(sizeof(struct siginfo_k) == 128, "siginfo is 128 bytes");
_Static_assert(sizeof(struct sigcontext_k) == 256, "sigcontext is 256 bytes");
_Static_assert(sizeof(struct ucontext_k) == 304, "kernel ucontext is 304 bytes");

extern struct ksigaction signal_actions[NSIG + 1];
bool signal_on_altstack(struct thread *t, uint64_t sp);
#endif
