/* signal.c — signal delivery: SA_SIGINFO handlers for raise/kill/tgkill
 * with their siginfo, the alternate stack, blocking and pending, vector
 * registers kept across a handler, SA_RESTART versus EINTR for a thread
 * blocked in read, and synchronous faults (SIGSEGV, SIGFPE) caught by
 * handlers that siglongjmp out, a stack overflow among them. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <ucontext.h>

static volatile sig_atomic_t hits;
static volatile int last_sig, last_code, last_pid_is_us, on_alt;
static char *alt_lo, *alt_hi;

static void handler(int sig, siginfo_t *si, void *uc) {
	char here;
	hits++;
	last_sig = si->si_signo;
	last_code = si->si_code;
	last_pid_is_us = si->si_pid == getpid();
	on_alt = &here >= alt_lo && &here < alt_hi;
	volatile double x = 1.0;
	for (int i = 0; i < 10; i++)
		x = x * 3.0 + 0.5;   /* clobber vector registers */
	(void)uc;
}

static const char *code_name(int c) {
	return c == SI_USER ? "SI_USER" : c == SI_TKILL ? "SI_TKILL" : c == SI_QUEUE ? "SI_QUEUE" : "other";
}

static sigjmp_buf jb;
static volatile void *fault_addr;
static volatile int fault_code;
static void on_fault(int sig, siginfo_t *si, void *uc) {
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(jb, sig);
}

static volatile int depth, limit = 1 << 30;   /* volatile: not provably infinite */
static int recurse(int n) {
	volatile char pad[1024];
	pad[0] = (char)n;
	depth = n;
	return n < limit ? recurse(n + 1) + pad[0] : 0;
}

/* As a JVM does: resume after the faulting instruction with new registers. */
static void skip_fault(int sig, siginfo_t *si, void *p) {
	ucontext_t *uc = p;
	uc->uc_mcontext.gregs[REG_RIP] += 2;   /* mov (%rax),%eax is 2 bytes */
	uc->uc_mcontext.gregs[REG_RAX] = 42;
	uc->uc_mcontext.gregs[REG_R11] = 7;
}

static int pipefd[2];
static volatile int reader_ready;
static void *reader(void *arg) {
	char c;
	reader_ready = 1;
	errno = 0;
	ssize_t n = read(pipefd[0], &c, 1);
	int e = errno;
	if (arg)
		printf("read with SA_RESTART: %zd '%c' (handler ran %s)\n", n, n == 1 ? c : '?', hits ? "yes" : "no");
	else
		printf("read without SA_RESTART: %zd %s\n", n, e == EINTR ? "EINTR" : "other");
	return NULL;
}

static void sleep_ms(int ms) {
	struct timespec ts = { 0, ms * 1000000L };
	nanosleep(&ts, NULL);
}

static void *sig_waiter(void *arg) {
	sigset_t w;
	siginfo_t si;
	sigemptyset(&w);
	sigaddset(&w, SIGUSR2);
	int sig = sigwaitinfo(&w, &si);
	printf("sigwaitinfo in a thread: %s, code %s, handler not run %s\n", sig == SIGUSR2 ? "SIGUSR2" : "other",
	       code_name(si.si_code), hits == 0 ? "yes" : "no");
	return NULL;
}

static void *kicker(void *arg) {
	sleep_ms(30);
	kill(getpid(), SIGUSR1);   /* process-directed: only main can take it, in ppoll */
	return NULL;
}

int main(void) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);

	volatile double keep = 2.5;
	raise(SIGUSR1);
	printf("raise: hits %d, signo %d, code %s, vector value kept %s\n", hits, last_sig,
	       code_name(last_code), keep * 2 == 5.0 ? "yes" : "no");
	kill(getpid(), SIGUSR2);
	printf("kill: hits %d, signo %d, code %s, pid is ours %s\n", hits, last_sig,
	       code_name(last_code), last_pid_is_us ? "yes" : "no");
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
	printf("tgkill: hits %d, code %s\n", hits, code_name(last_code));

	/* blocked, pending, then delivered on unblock */
	sigset_t set, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	sigpending(&pend);
	printf("blocked: hits %d, pending %s\n", hits, sigismember(&pend, SIGUSR1) ? "yes" : "no");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("unblocked: hits %d\n", hits);

	/* the alternate stack */
	stack_t ss = { .ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = 0 };
	alt_lo = ss.ss_sp;
	alt_hi = alt_lo + ss.ss_size;
	sigaltstack(&ss, NULL);
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	printf("SA_ONSTACK: on the alternate stack %s\n", on_alt ? "yes" : "no");
	raise(SIGUSR1);
	printf("without SA_ONSTACK: on the alternate stack %s\n", on_alt ? "yes" : "no");
	stack_t cur;
	sigaltstack(NULL, &cur);
	printf("sigaltstack query: size %zu flags %d\n", cur.ss_size, cur.ss_flags);

	/* SIGSEGV and SIGFPE from faults */
	struct sigaction fa;
	memset(&fa, 0, sizeof fa);
	fa.sa_sigaction = on_fault;
	fa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &fa, NULL);
	sigaction(SIGFPE, &fa, NULL);
	int sig = sigsetjmp(jb, 1);
	if (sig == 0) {
		volatile uintptr_t addr = 16;
		*(volatile int *)addr = 1;
	}
	printf("caught SIGSEGV: %s, si_addr %p, code %s\n", sig == SIGSEGV ? "yes" : "no", (void *)fault_addr,
	       fault_code == SEGV_MAPERR ? "SEGV_MAPERR" : "other");
	sig = sigsetjmp(jb, 1);
	if (sig == 0) {
		volatile int zero = 0, one = 1;
		printf("%d\n", one / zero);
	}
	printf("caught SIGFPE: %s, code %s\n", sig == SIGFPE ? "yes" : "no",
	       fault_code == FPE_INTDIV ? "FPE_INTDIV" : "other");

	/* a thread blocked in read: SA_RESTART restarts it, without it EINTR */
	pipe(pipefd);
	for (int restart = 1; restart >= 0; restart--) {
		sa.sa_flags = SA_SIGINFO | (restart ? SA_RESTART : 0);
		sigaction(SIGUSR1, &sa, NULL);
		hits = 0;
		reader_ready = 0;
		pthread_t t;
		pthread_create(&t, NULL, reader, (void *)(intptr_t)restart);
		while (!reader_ready)
			sched_yield();
		sleep_ms(30);   /* let it block in read */
		pthread_kill(t, SIGUSR1);
		sleep_ms(30);
		if (restart)
			write(pipefd[1], "x", 1);
		pthread_join(t, NULL);
	}

	/* ppoll with a mask: SIGUSR1 blocked except during the wait */
	sigset_t block, during, after;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	sigemptyset(&during);
	hits = 0;
	pthread_t k;
	pthread_create(&k, NULL, kicker, NULL);
	struct timespec forever = { 10, 0 };
	errno = 0;
	int pr = ppoll(NULL, 0, &forever, &during);
	int pe = errno;
	sigprocmask(SIG_BLOCK, NULL, &after);
	printf("ppoll with a mask: %d %s, handler ran %s, SIGUSR1 blocked again %s\n", pr,
	       pe == EINTR ? "EINTR" : "other", hits ? "yes" : "no", sigismember(&after, SIGUSR1) ? "yes" : "no");
	pthread_join(k, NULL);
	sigprocmask(SIG_UNBLOCK, &block, NULL);

	/* sigwait in a thread for a signal every thread blocks */
	sigset_t w;
	sigemptyset(&w);
	sigaddset(&w, SIGUSR2);
	sigprocmask(SIG_BLOCK, &w, NULL);
	hits = 0;
	pthread_t sw;
	pthread_create(&sw, NULL, sig_waiter, NULL);
	sleep_ms(30);
	kill(getpid(), SIGUSR2);
	pthread_join(sw, NULL);
	struct timespec short_wait = { 0, 20 * 1000000L };
	errno = 0;
	int tw = sigtimedwait(&w, NULL, &short_wait);
	printf("sigtimedwait with nothing sent: %d %s\n", tw, errno == EAGAIN ? "EAGAIN" : "other");
	sigprocmask(SIG_UNBLOCK, &w, NULL);

	/* a handler that edits the context and resumes */
	fa.sa_sigaction = skip_fault;
	fa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &fa, NULL);
	long rax, r11;
	__asm__ volatile("xor %%eax, %%eax\n\tmov $1, %%r11\n\t.byte 0x8b, 0x00\n\tmov %%r11, %1"
			 : "=a"(rax), "=r"(r11) :: "r11", "memory");
	printf("resumed past the fault with the handler's registers: rax %ld r11 %ld\n", rax, r11);
	fa.sa_sigaction = on_fault;

	/* a stack overflow, caught on the alternate stack */
	fa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigaction(SIGSEGV, &fa, NULL);
	if (sigsetjmp(jb, 1) == 0)
		recurse(0);
	printf("stack overflow caught on the alternate stack: %s\n", depth > 1000 ? "yes" : "no");

	/* ignored signals vanish; SIG_DFL of SIGCHLD is to ignore */
	signal(SIGUSR2, SIG_IGN);
	raise(SIGUSR2);
	raise(SIGCHLD);
	printf("ignored signals: still running\n");
	return 0;
}
