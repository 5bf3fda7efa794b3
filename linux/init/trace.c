/*
 * Finding the files a program looks for and does not find, for
 * ingot.missing=1 on Linux. PID 1 traces the program with ptrace, the one
 * method this tiny kernel has without extra configuration (no audit, no
 * seccomp filters, and fanotify does not report lookups that fail): every
 * thread and child is followed (TRACECLONE/FORK/VFORK), and at the exit of
 * a system call that takes a path and failed with ENOENT, the path is read
 * from the tracee's memory and recorded (missing.c).
 *
 * Only when asked: each system call then stops twice in PID 1, which makes a
 * traced program several times slower in its system calls.
 *
 * x86-64 only, as the images are: at a system call's entry stop the kernel
 * has put -ENOSYS in rax, so a stop whose rax is -ENOENT is always an exit
 * stop, and the argument registers still hold the call's arguments there.
 * No per-thread entry/exit state is needed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ingot-init.h"

/* The threads and processes being traced. A thread created by a traced one
 * starts with a SIGSTOP that is ptrace's, not the program's: `fresh` marks a
 * thread whose first stop is still to come, so that stop is swallowed
 * rather than delivered (which would stop the program for good). */
struct tracee {
	pid_t tid;
	int fresh;
};
static struct tracee *tracees;
static size_t ntracees, captracees;

static struct tracee *find(pid_t tid)
{
	for (size_t i = 0; i < ntracees; i++)
		if (tracees[i].tid == tid)
			return &tracees[i];
	return NULL;
}

static void add(pid_t tid, int fresh)
{
	if (find(tid))
		return;
	if (ntracees == captracees) {
		size_t cap = captracees ? 2 * captracees : 16;
		struct tracee *t = realloc(tracees, cap * sizeof *t);
		if (!t)
			ingot_panic("out of memory following the program's threads");
		tracees = t;
		captracees = cap;
	}
	tracees[ntracees++] = (struct tracee){ .tid = tid, .fresh = fresh };
}

static void forget(pid_t tid)
{
	struct tracee *t = find(tid);
	if (t)
		*t = tracees[--ntracees];
}

void trace_me(void)
{
	/* In the child, before execve: stop so that the parent can set its
	 * options before the program's first system call. */
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0) {
		ingot_say("--missing-files: cannot trace the program: %s", strerror(errno));
		_exit(INGOT_EXIT_NOT_RUN);
	}
	raise(SIGSTOP);
}

void trace_start(pid_t pid)
{
	int status;
	if (waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status))
		ingot_panic("--missing-files: the program did not stop for tracing");
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
		    PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
	if (ptrace(PTRACE_SETOPTIONS, pid, 0, opts) != 0)
		ingot_panic("--missing-files: ptrace options: %s", strerror(errno));
	add(pid, 0);
	ptrace(PTRACE_SYSCALL, pid, 0, 0);
}

/* Copies the NUL-terminated string at addr in tid's memory into buf (cut
 * to size - 1 bytes). 0 on success. Word by word with PEEKDATA: it needs
 * nothing from the kernel configuration, and runs only on a failed lookup. */
static int read_string(pid_t tid, unsigned long addr, char *buf, size_t size)
{
	size_t n = 0;
	while (n < size - 1) {
		errno = 0;
		long word = ptrace(PTRACE_PEEKDATA, tid, addr + n, 0);
		if (errno)
			return -1;
		for (size_t i = 0; i < sizeof word && n < size - 1; i++, n++) {
			buf[n] = (char)(word >> (8 * i));
			if (!buf[n])
				return 0;
		}
	}
	buf[n] = '\0';
	return 0;
}

/* A relative path, resolved as the kernel did: against the thread's working
 * directory for AT_FDCWD, else against the directory dirfd names. */
static int resolve(pid_t tid, long dirfd, const char *rel, char *out, size_t size)
{
	char link[64], base[INGOT_MISSING_PATH];
	if ((int)dirfd == AT_FDCWD)
		snprintf(link, sizeof link, "/proc/%d/cwd", (int)tid);
	else
		snprintf(link, sizeof link, "/proc/%d/fd/%d", (int)tid, (int)dirfd);
	ssize_t n = readlink(link, base, sizeof base - 1);
	if (n <= 0)
		return -1;
	base[n] = '\0';
	snprintf(out, size, "%s%s%s", base, strcmp(base, "/") ? "/" : "", rel);
	return 0;
}

static void on_syscall_stop(pid_t tid)
{
	struct user_regs_struct r;
	if (ptrace(PTRACE_GETREGS, tid, 0, &r) != 0 || (long)r.rax != -ENOENT)
		return;
	long dirfd = AT_FDCWD;
	unsigned long addr;
	int exec = 0;
	switch (r.orig_rax) {
	case SYS_execve:
		exec = 1;
		/* fallthrough */
	case SYS_open:
	case SYS_stat:
	case SYS_lstat:
	case SYS_access:
	case SYS_readlink:
		addr = r.rdi;
		break;
	case SYS_execveat:
		exec = 1;
		/* fallthrough */
	case SYS_openat:
	case SYS_openat2:
	case SYS_newfstatat:
	case SYS_statx:
	case SYS_faccessat:
	case SYS_faccessat2:
	case SYS_readlinkat:
		dirfd = (long)r.rdi;
		addr = r.rsi;
		break;
	default:
		return;
	}
	char path[INGOT_MISSING_PATH], full[2 * INGOT_MISSING_PATH];
	if (read_string(tid, addr, path, sizeof path) != 0 || !path[0])
		return;
	const char *found = path;
	if (path[0] != '/') {
		if (resolve(tid, dirfd, path, full, sizeof full) != 0)
			return;
		found = full;
	}
	/* execve's ENOENT for a file that exists is its ELF interpreter
	 * missing (init says so when it is the program itself). */
	if (exec && access(found, F_OK) == 0)
		return;
	missing_note(found);
}

int trace_event(pid_t tid, int status)
{
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		forget(tid);
		return 0;
	}
	if (!WIFSTOPPED(status))
		return 0;
	int sig = WSTOPSIG(status);
	int event = status >> 16;
	struct tracee *t = find(tid);
	int inject = 0;
	if (sig == (SIGTRAP | 0x80)) {
		on_syscall_stop(tid);
	} else if (event) {
		/* Fork, vfork, clone or exec: the new thread is followed; its
		 * first stop may already have come (then it is known). */
		unsigned long child;
		if (event != PTRACE_EVENT_EXEC && ptrace(PTRACE_GETEVENTMSG, tid, 0, &child) == 0)
			add((pid_t)child, 1);
	} else if (sig == SIGSTOP && (!t || t->fresh)) {
		/* A new thread's first stop, maybe before its creator's event. */
		if (t)
			t->fresh = 0;
		else
			add(tid, 0);
	} else {
		/* A signal for the program: deliver it. A group stop (no siginfo)
		 * is resumed: a traced program cannot be stopped by a signal. */
		siginfo_t si;
		if (ptrace(PTRACE_GETSIGINFO, tid, 0, &si) == 0)
			inject = sig;
	}
	ptrace(PTRACE_SYSCALL, tid, 0, inject);
	return 1;
}
