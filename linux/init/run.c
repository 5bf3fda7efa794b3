/*
 * Running the program. We fork instead of exec'ing it in place because PID 1
 * must outlive the program: only a surviving parent can learn its exit
 * status and report it to the host, and if PID 1 itself exited the kernel
 * would panic instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ingot-init.h"

/* Signals someone may send PID 1 to stop the program politely. The kernel
 * never delivers a signal to PID 1 that it has no handler for, so without
 * these handlers SIGTERM would be silently dropped. */
static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };

static volatile sig_atomic_t child_pid;

static void forward(int sig)
{
	/* Belt and braces: kill(0, ...) would signal our own process group. */
	if (child_pid > 0)
		kill(child_pid, sig);
}

static _Noreturn void exec_child(char **argv, char **envp, int trace)
{
	/* Restore what a freshly started program expects: default signal
	 * dispositions (exec resets caught ones, but be explicit) and an empty
	 * signal mask; its own session so that it is the foreground leader. */
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		signal(forwarded[i], SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid();
	if (trace)
		trace_me();

	execve(argv[0], argv, envp);
	int err = errno;
	/* ENOENT for a file that exists means its ELF interpreter is missing:
	 * a common packaging mistake that strerror alone makes baffling. */
	if (err == ENOENT && access(argv[0], F_OK) == 0)
		ingot_say("cannot run %s: %s (its ELF interpreter is missing)",
			  argv[0], strerror(err));
	else
		ingot_say("cannot run %s: %s", argv[0], strerror(err));
	_exit(INGOT_EXIT_NOT_RUN);
}

/* How often PID 1 looks at COM3 for the host's signals (hostsig.c): the
 * most a graceful stop waits before the program hears of it, against 20
 * wake-ups a second of an otherwise idle guest. */
#define HOST_POLL_NS 50000000L

static int shell_status(int status)
{
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

int run_program(char **argv, char **envp, int trace)
{
	struct sigaction sa = { .sa_handler = forward, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		sigaction(forwarded[i], &sa, NULL);

	/* Hold the forwarded signals until child_pid is known, so one that
	 * arrives during fork is delivered to the program, not dropped. The
	 * child unblocks them itself once their handlers are back to default.
	 * SIGCHLD stays blocked in PID 1 for good: the wait loop takes it with
	 * sigtimedwait, so an exit between two looks is never missed. */
	sigset_t held, old, chld;
	sigemptyset(&held);
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		sigaddset(&held, forwarded[i]);
	sigprocmask(SIG_BLOCK, &held, &old);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);

	pid_t pid = fork();
	if (pid < 0)
		ingot_panic("fork: %s", strerror(errno));
	if (pid == 0)
		exec_child(argv, envp, trace);
	child_pid = pid;
	if (trace)
		trace_start(pid);
	sigprocmask(SIG_UNBLOCK, &held, NULL);
	/* After fork: the port permission must not pass to the program. */
	int polling = host_signal_init();

	/* As PID 1 we also inherit every orphaned descendant; reap them all
	 * (so no zombies pile up) but stop at the program's own exit. When
	 * tracing, the program's threads report their stops here too. */
	int flags = WNOHANG | (trace ? __WALL : 0);
	for (;;) {
		int status;
		pid_t done;
		while ((done = waitpid(-1, &status, flags)) > 0) {
			if (trace && trace_event(done, status))
				continue;
			if (done == pid)
				return shell_status(status);
		}
		if (done < 0 && errno != EINTR)
			ingot_panic("waitpid: %s", strerror(errno));
		if (!polling) {
			sigwaitinfo(&chld, NULL);
			continue;
		}
		int sig = host_signal_poll();
		if (sig)
			kill(pid, sig);
		struct timespec tick = { .tv_sec = 0, .tv_nsec = HOST_POLL_NS };
		sigtimedwait(&chld, NULL, &tick);
	}
}
