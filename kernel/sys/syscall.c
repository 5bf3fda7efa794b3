/*
 * syscall.c — the system call table and dispatcher.
 *
 * The table is indexed by Linux x86-64 syscall number (sysnames.h), each
 * entry a sys_<name> handler taking the six argument registers (rdi, rsi,
 * rdx, r10, r8, r9) and returning a value or a negative errno. An empty
 * slot returns -ENOSYS and is reported once per number on the console.
 * On the way out the files the call held are let go (fd_release_held,
 * include/held.h), then a pending signal may be delivered (sched/signal.c); a
 * rewritten frame returns through iretq (trap.S).
 * After the call the saved user rip is checked: SYSRET with a
 * non-canonical rcx faults in ring 0 on Intel CPUs, so a return address
 * outside user space is treated as a program fault (SIGSEGV) instead.
 */
#include "syscall.h"
#include "proc.h"
#include "../fs/vfs.h"
#include "../arch/cpu.h"
#include "../mm/mm.h"
#include "sys_socket.h"
#include "../sched/sched.h"

static const char *const names[SYSCALL_MAX] = {
#define SYSCALL_NAME(nr, name) [nr] = #name,
#include "sysnames.h"
#undef SYSCALL_NAME
};

/* Indexed by name: __NR_<name> is the Linux number (syscall.h, from sysnames.h). */
static const syscall_fn table[SYSCALL_MAX] = {
	[__NR_read] = sys_read,
	[__NR_write] = sys_write,
	[__NR_open] = sys_open,
	[__NR_close] = sys_close,
	[__NR_stat] = sys_stat,
	[__NR_fstat] = sys_fstat,
	[__NR_lstat] = sys_lstat,
	[__NR_lseek] = sys_lseek,
	[__NR_mmap] = sys_mmap,
	[__NR_mprotect] = sys_mprotect,
	[__NR_munmap] = sys_munmap,
	[__NR_brk] = sys_brk,
	[__NR_rt_sigaction] = sys_rt_sigaction,
	[__NR_rt_sigprocmask] = sys_rt_sigprocmask,
	[__NR_ioctl] = sys_ioctl,
	[__NR_pread64] = sys_pread64,
	[__NR_pwrite64] = sys_pwrite64,
	[__NR_readv] = sys_readv,
	[__NR_writev] = sys_writev,
	[__NR_access] = sys_access,
	[__NR_sched_yield] = sys_sched_yield,
	[__NR_mremap] = sys_mremap,
	[__NR_madvise] = sys_madvise,
	[__NR_dup] = sys_dup,
	[__NR_dup2] = sys_dup2,
	[__NR_nanosleep] = sys_nanosleep,
	[__NR_getpid] = sys_getpid,
	[__NR_exit] = sys_exit,
	[__NR_kill] = sys_kill,
	[__NR_uname] = sys_uname,
	[__NR_fcntl] = sys_fcntl,
	[__NR_sync] = sys_sync,
	[__NR_syncfs] = sys_syncfs,
	[__NR_fsync] = sys_fsync,
	[__NR_fdatasync] = sys_fdatasync,
	[__NR_ftruncate] = sys_ftruncate,
	[__NR_getcwd] = sys_getcwd,
	[__NR_chdir] = sys_chdir,
	[__NR_rename] = sys_rename,
	[__NR_mkdir] = sys_mkdir,
	[__NR_rmdir] = sys_rmdir,
	[__NR_unlink] = sys_unlink,
	[__NR_readlink] = sys_readlink,
	[__NR_umask] = sys_umask,
	[__NR_gettimeofday] = sys_gettimeofday,
	[__NR_getrlimit] = sys_getrlimit,
	[__NR_sysinfo] = sys_sysinfo,
	[__NR_getuid] = sys_getuid,
	[__NR_getgid] = sys_getuid,
	[__NR_geteuid] = sys_getuid,
	[__NR_getegid] = sys_getuid,
	[__NR_getppid] = sys_getppid,
	[__NR_setsid] = sys_setsid,
	[__NR_getpgid] = sys_getpgid,
	[__NR_sigaltstack] = sys_sigaltstack,
	[__NR_setrlimit] = sys_setrlimit,
	[__NR_arch_prctl] = sys_arch_prctl,
	[__NR_gettid] = sys_gettid,
	[__NR_tkill] = sys_tkill,
	[__NR_time] = sys_time,
	[__NR_sched_getaffinity] = sys_sched_getaffinity,
	[__NR_getdents64] = sys_getdents64,
	[__NR_set_tid_address] = sys_set_tid_address,
	[__NR_clock_gettime] = sys_clock_gettime,
	[__NR_clock_getres] = sys_clock_getres,
	[__NR_clock_nanosleep] = sys_clock_nanosleep,
	[__NR_exit_group] = sys_exit_group,
	[__NR_tgkill] = sys_tgkill,
	[__NR_openat] = sys_openat,
	[__NR_mkdirat] = sys_mkdirat,
	[__NR_newfstatat] = sys_newfstatat,
	[__NR_unlinkat] = sys_unlinkat,
	[__NR_renameat] = sys_renameat,
	[__NR_readlinkat] = sys_readlinkat,
	[__NR_faccessat] = sys_faccessat,
	[__NR_set_robust_list] = sys_set_robust_list,
	[__NR_dup3] = sys_dup3,
	[__NR_pipe2] = sys_pipe2,
	[__NR_prlimit64] = sys_prlimit64,
	[__NR_renameat2] = sys_renameat2,
	[__NR_getrandom] = sys_getrandom,
	[__NR_statx] = sys_statx,
	[__NR_rseq] = sys_rseq,
	[__NR_faccessat2] = sys_faccessat2,
	/* more of fs/ */
	[__NR_pipe] = sys_pipe,
	[__NR_flock] = sys_flock,
	[__NR_truncate] = sys_truncate,
	[__NR_fchdir] = sys_fchdir,
	[__NR_creat] = sys_creat,
	[__NR_symlink] = sys_symlink,
	[__NR_chmod] = sys_chmod,
	[__NR_fchmod] = sys_fchmod,
	[__NR_chown] = sys_chown,
	[__NR_fchown] = sys_fchown,
	[__NR_lchown] = sys_lchown,
	[__NR_fadvise64] = sys_fadvise64,
	[__NR_fchownat] = sys_fchownat,
	[__NR_symlinkat] = sys_symlinkat,
	[__NR_fchmodat] = sys_fchmodat,
	[__NR_utimensat] = sys_utimensat,
	[__NR_fallocate] = sys_fallocate,
	[__NR_sendfile] = sys_sendfile,
	[__NR_statfs] = sys_statfs,
	[__NR_fstatfs] = sys_fstatfs,
	[__NR_copy_file_range] = sys_copy_file_range,
	[__NR_preadv] = sys_preadv,
	[__NR_pwritev] = sys_pwritev,
	[__NR_preadv2] = sys_preadv2,
	[__NR_pwritev2] = sys_pwritev2,
	/* sys_socket*.c */
	[__NR_socket] = sys_socket,
	[__NR_connect] = sys_connect,
	[__NR_accept] = sys_accept,
	[__NR_sendto] = sys_sendto,
	[__NR_recvfrom] = sys_recvfrom,
	[__NR_sendmsg] = sys_sendmsg,
	[__NR_recvmsg] = sys_recvmsg,
	[__NR_shutdown] = sys_shutdown,
	[__NR_bind] = sys_bind,
	[__NR_listen] = sys_listen,
	[__NR_getsockname] = sys_getsockname,
	[__NR_getpeername] = sys_getpeername,
	[__NR_socketpair] = sys_socketpair,
	[__NR_setsockopt] = sys_setsockopt,
	[__NR_getsockopt] = sys_getsockopt,
	[__NR_accept4] = sys_accept4,
	[__NR_splice] = sys_splice,
	[__NR_tee] = sys_tee,
	[__NR_vmsplice] = sys_vmsplice,
	/* sys_misc.c */
	[__NR_msync] = sys_msync,
	[__NR_mincore] = sys_mincore,
	[__NR_getrusage] = sys_getrusage,
	[__NR_times] = sys_times,
	[__NR_setuid] = sys_setid,
	[__NR_setgid] = sys_setid,
	[__NR_setreuid] = sys_setid,
	[__NR_setregid] = sys_setid,
	[__NR_getgroups] = sys_getgroups,
	[__NR_setgroups] = sys_setid,
	[__NR_setresuid] = sys_setid,
	[__NR_getresuid] = sys_getresuid,
	[__NR_setresgid] = sys_setid,
	[__NR_getresgid] = sys_getresuid,
	[__NR_personality] = sys_personality,
	[__NR_getpriority] = sys_getpriority,
	[__NR_setpriority] = sys_return_zero,
	[__NR_sched_getparam] = sys_sched_getparam,
	[__NR_sched_getscheduler] = sys_sched_getscheduler,
	[__NR_mlock] = sys_return_zero,
	[__NR_munlock] = sys_return_zero,
	[__NR_mlockall] = sys_return_zero,
	[__NR_munlockall] = sys_return_zero,
	[__NR_prctl] = sys_prctl,
	[__NR_setxattr] = sys_xattr,
	[__NR_lsetxattr] = sys_xattr,
	[__NR_fsetxattr] = sys_xattr,
	[__NR_getxattr] = sys_xattr,
	[__NR_lgetxattr] = sys_xattr,
	[__NR_fgetxattr] = sys_xattr,
	[__NR_listxattr] = sys_xattr,
	[__NR_llistxattr] = sys_xattr,
	[__NR_flistxattr] = sys_xattr,
	[__NR_removexattr] = sys_xattr,
	[__NR_lremovexattr] = sys_xattr,
	[__NR_fremovexattr] = sys_xattr,
	[__NR_futex] = sys_futex,
	[__NR_sched_setaffinity] = sys_return_zero,
	[__NR_getcpu] = sys_getcpu,
	[__NR_mlock2] = sys_return_zero,
	/* waiting for fds */
	[__NR_poll] = sys_poll,
	[__NR_select] = sys_select,
	[__NR_pselect6] = sys_pselect6,
	[__NR_ppoll] = sys_ppoll,
	/* threads and signals (sched/) */
	[__NR_rt_sigreturn] = sys_rt_sigreturn,
	[__NR_pause] = sys_pause,
	[__NR_clone] = sys_clone,
	[__NR_rt_sigsuspend] = sys_rt_sigsuspend,
	[__NR_get_robust_list] = sys_get_robust_list,
	[__NR_clone3] = sys_clone3,
	[__NR_rt_sigpending] = sys_rt_sigpending,
	[__NR_rt_sigtimedwait] = sys_rt_sigtimedwait,
	/* sys_epoll.c, sys_eventfd.c, sys_timerfd.c */
	[__NR_epoll_create] = sys_epoll_create,
	[__NR_epoll_create1] = sys_epoll_create1,
	[__NR_epoll_ctl] = sys_epoll_ctl,
	[__NR_epoll_wait] = sys_epoll_wait,
	[__NR_epoll_pwait] = sys_epoll_pwait,
	[__NR_epoll_pwait2] = sys_epoll_pwait2,
	[__NR_eventfd] = sys_eventfd,
	[__NR_eventfd2] = sys_eventfd2,
	[__NR_timerfd_create] = sys_timerfd_create,
	[__NR_timerfd_settime] = sys_timerfd_settime,
	[__NR_timerfd_gettime] = sys_timerfd_gettime,
};

static struct {
	uint64_t reported[(SYSCALL_MAX + 63) / 64 + 1]; /* ENOSYS already logged */
	bool reported_out_of_range;
} sc;

const char *syscall_name(long nr)
{
	return nr >= 0 && nr < SYSCALL_MAX ? names[nr] : NULL;
}

static long unimplemented(long nr)
{
	bool first;
	if (nr >= 0 && nr < SYSCALL_MAX) {
		first = !(sc.reported[nr / 64] >> (nr % 64) & 1);
		sc.reported[nr / 64] |= 1ULL << (nr % 64);
	} else {
		first = !sc.reported_out_of_range;
		sc.reported_out_of_range = true;
	}
	if (first) {
		const char *name = syscall_name(nr);
		kprintf("ingot: unimplemented syscall %s (%ld)\n", name ? name : "unknown", nr);
	}
	return -ENOSYS;
}

int syscall_count_implemented(void)
{
	int n = 0;
	for (int i = 0; i < SYSCALL_MAX; i++)
		n += table[i] != NULL;
	return n;
}

int syscall_dispatch(struct trapframe *tf)
{
	long nr = (long)tf->rax;
	struct thread *t = thread_current();
	t->tf = tf;
	t->frame_rewritten = false;
	const long a[6] = {(long)tf->rdi, (long)tf->rsi, (long)tf->rdx,
			   (long)tf->r10, (long)tf->r8,	 (long)tf->r9};
	if (proc.trace && (nr == __NR_exit || nr == __NR_exit_group))
		trace_syscall_start(nr, a);
	long ret;
	if (nr >= 0 && nr < SYSCALL_MAX && table[nr])
		ret = table[nr](a[0], a[1], a[2], a[3], a[4], a[5]);
	else
		ret = unimplemented(nr);
	fd_release_held(&t->held); /* the files it looked up (include/held.h) */
	if (proc.trace)
		trace_syscall(nr, a, ret);
	if (ret == -EPIPE && (nr == __NR_write || nr == __NR_pwrite64 || nr == __NR_writev))
		signal_sigpipe();
	tf->rax = (uint64_t)ret;
	signal_deliver(tf, nr == __NR_rt_sigreturn ? -1 : nr); /* after rt_sigreturn: no restart */
	if (tf->rip >= USER_TOP) {
		kprintf("ingot: program fault: SIGSEGV: syscall return to non-user rip=0x%lx\n",
			tf->rip);
		proc_exit(128 + 11);
	}
	return t->frame_rewritten;
}
