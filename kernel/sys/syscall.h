/* syscall.h — handlers implemented by the core (sys_*.c) and tracing. */
#ifndef INGOT_SYSCALL_H
#define INGOT_SYSCALL_H
#include "../include/kernel.h"

#define SYSCALL_MAX 451 /* one past the highest number in sysnames.h */

/* __NR_<name>: the Linux x86-64 number of each call, by name (sysnames.h). */
enum syscall_nr {
#define SYSCALL_NAME(nr, name) __NR_##name = nr,
#include "sysnames.h"
#undef SYSCALL_NAME
};
#define SYSCALL_ARGS long, long, long, long, long, long

const char *syscall_name(long nr); /* NULL if unknown */
/* trace.c: ingot.trace=1 output for one finished call. */
void trace_syscall(long nr, const long a[6], long ret);
void trace_syscall_start(long nr, const long a[6]); /* for calls that never return */

/* sys_mm.c */
long sys_mmap(SYSCALL_ARGS);
long sys_munmap(SYSCALL_ARGS);
long sys_mprotect(SYSCALL_ARGS);
long sys_mremap(SYSCALL_ARGS);
long sys_madvise(SYSCALL_ARGS);
long sys_brk(SYSCALL_ARGS);
/* sys_time.c */
long sys_clock_gettime(SYSCALL_ARGS);
long sys_clock_getres(SYSCALL_ARGS);
long sys_gettimeofday(SYSCALL_ARGS);
long sys_time(SYSCALL_ARGS);
long sys_nanosleep(SYSCALL_ARGS);
long sys_clock_nanosleep(SYSCALL_ARGS);
/* sys_proc.c */
long sys_exit(SYSCALL_ARGS);
long sys_exit_group(SYSCALL_ARGS);
long sys_arch_prctl(SYSCALL_ARGS);
long sys_set_tid_address(SYSCALL_ARGS);
long sys_set_robust_list(SYSCALL_ARGS);
long sys_getpid(SYSCALL_ARGS);
long sys_getppid(SYSCALL_ARGS);
long sys_gettid(SYSCALL_ARGS);
long sys_getuid(SYSCALL_ARGS);
long sys_uname(SYSCALL_ARGS);
long sys_getrandom(SYSCALL_ARGS);
long sys_sysinfo(SYSCALL_ARGS);
long sys_prlimit64(SYSCALL_ARGS);
long sys_getrlimit(SYSCALL_ARGS);
long sys_setrlimit(SYSCALL_ARGS);
long sys_sched_yield(SYSCALL_ARGS);
long sys_sched_getaffinity(SYSCALL_ARGS);
long sys_rt_sigaction(SYSCALL_ARGS);
long sys_rt_sigprocmask(SYSCALL_ARGS);
long sys_sigaltstack(SYSCALL_ARGS);
long sys_rseq(SYSCALL_ARGS);
long sys_getpgid(SYSCALL_ARGS);
long sys_setsid(SYSCALL_ARGS);
long sys_kill(SYSCALL_ARGS);
long sys_tgkill(SYSCALL_ARGS);
long sys_tkill(SYSCALL_ARGS);
/* sched/: thread.c, futex.c, signal delivery */
long sys_clone(SYSCALL_ARGS);
long sys_clone3(SYSCALL_ARGS);
long sys_rt_sigreturn(SYSCALL_ARGS);
long sys_rt_sigsuspend(SYSCALL_ARGS);
long sys_pause(SYSCALL_ARGS);
long sys_rt_sigpending(SYSCALL_ARGS);
long sys_rt_sigtimedwait(SYSCALL_ARGS);
long sys_get_robust_list(SYSCALL_ARGS);
/* sys_epoll.c, sys_eventfd.c, sys_timerfd.c */
long sys_epoll_create(SYSCALL_ARGS);
long sys_epoll_create1(SYSCALL_ARGS);
long sys_epoll_ctl(SYSCALL_ARGS);
long sys_epoll_wait(SYSCALL_ARGS);
long sys_epoll_pwait(SYSCALL_ARGS);
long sys_epoll_pwait2(SYSCALL_ARGS);
long sys_eventfd(SYSCALL_ARGS);
long sys_eventfd2(SYSCALL_ARGS);
long sys_timerfd_create(SYSCALL_ARGS);
long sys_timerfd_settime(SYSCALL_ARGS);
long sys_timerfd_gettime(SYSCALL_ARGS);
struct file_ops;
int anon_fd_install(const char *name, const struct file_ops *ops, void *priv, uint32_t flags,
		    bool cloexec);
/* sys_misc.c */
long sys_times(SYSCALL_ARGS);
long sys_getrusage(SYSCALL_ARGS);
long sys_getcpu(SYSCALL_ARGS);
long sys_prctl(SYSCALL_ARGS);
long sys_personality(SYSCALL_ARGS);
long sys_getresuid(SYSCALL_ARGS);
long sys_getgroups(SYSCALL_ARGS);
long sys_setid(SYSCALL_ARGS);
long sys_return_zero(SYSCALL_ARGS);
long sys_getpriority(SYSCALL_ARGS);
long sys_sched_getscheduler(SYSCALL_ARGS);
long sys_sched_getparam(SYSCALL_ARGS);
long sys_msync(SYSCALL_ARGS);
long sys_mincore(SYSCALL_ARGS);
long sys_futex(SYSCALL_ARGS);
long sys_xattr(SYSCALL_ARGS);
/* sys_poll.c */
long sys_poll(SYSCALL_ARGS);
long sys_ppoll(SYSCALL_ARGS);
long sys_select(SYSCALL_ARGS);
long sys_pselect6(SYSCALL_ARGS);
/* sys_signal.c: a write hit a pipe with no readers (-EPIPE). */
void signal_sigpipe(void);
#endif
