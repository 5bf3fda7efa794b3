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

/* Linux numbers (arch/x86/entry/syscalls/syscall_64.tbl). */
static const syscall_fn table[SYSCALL_MAX] = {
	[0] = sys_read, [1] = sys_write, [2] = sys_open, [3] = sys_close,
	[4] = sys_stat, [5] = sys_fstat, [6] = sys_lstat, [8] = sys_lseek,
	[9] = sys_mmap, [10] = sys_mprotect, [11] = sys_munmap, [12] = sys_brk,
	[13] = sys_rt_sigaction, [14] = sys_rt_sigprocmask, [16] = sys_ioctl,
	[17] = sys_pread64, [18] = sys_pwrite64, [19] = sys_readv, [20] = sys_writev,
	[21] = sys_access, [24] = sys_sched_yield, [25] = sys_mremap, [28] = sys_madvise,
	[32] = sys_dup, [33] = sys_dup2, [35] = sys_nanosleep, [39] = sys_getpid,
	[60] = sys_exit, [62] = sys_kill, [63] = sys_uname, [72] = sys_fcntl,
	[162] = sys_sync, [306] = sys_syncfs,
	[74] = sys_fsync, [75] = sys_fdatasync, [77] = sys_ftruncate,
	[79] = sys_getcwd, [80] = sys_chdir, [82] = sys_rename, [83] = sys_mkdir,
	[84] = sys_rmdir, [87] = sys_unlink, [89] = sys_readlink, [95] = sys_umask,
	[96] = sys_gettimeofday, [97] = sys_getrlimit, [99] = sys_sysinfo,
	[102] = sys_getuid, [104] = sys_getuid /* getgid */, [107] = sys_getuid /* geteuid */,
	[108] = sys_getuid /* getegid */, [110] = sys_getppid, [112] = sys_setsid,
	[121] = sys_getpgid, [131] = sys_sigaltstack, [160] = sys_setrlimit,
	[158] = sys_arch_prctl, [186] = sys_gettid, [200] = sys_tkill, [201] = sys_time,
	[204] = sys_sched_getaffinity, [217] = sys_getdents64, [218] = sys_set_tid_address,
	[228] = sys_clock_gettime, [229] = sys_clock_getres, [230] = sys_clock_nanosleep,
	[231] = sys_exit_group, [234] = sys_tgkill, [257] = sys_openat, [258] = sys_mkdirat,
	[262] = sys_newfstatat, [263] = sys_unlinkat, [264] = sys_renameat,
	[267] = sys_readlinkat, [269] = sys_faccessat, [273] = sys_set_robust_list,
	[292] = sys_dup3, [293] = sys_pipe2, [302] = sys_prlimit64, [316] = sys_renameat2,
	[318] = sys_getrandom, [332] = sys_statx, [334] = sys_rseq, [439] = sys_faccessat2,
	/* more of fs/ */
	[22] = sys_pipe, [73] = sys_flock, [76] = sys_truncate, [81] = sys_fchdir,
	[85] = sys_creat, [88] = sys_symlink, [90] = sys_chmod, [91] = sys_fchmod,
	[92] = sys_chown, [93] = sys_fchown, [94] = sys_lchown, [221] = sys_fadvise64,
	[260] = sys_fchownat, [266] = sys_symlinkat, [268] = sys_fchmodat,
	[280] = sys_utimensat, [285] = sys_fallocate, [40] = sys_sendfile,
	[137] = sys_statfs, [138] = sys_fstatfs, [326] = sys_copy_file_range,
	[295] = sys_preadv, [296] = sys_pwritev, [327] = sys_preadv2, [328] = sys_pwritev2,
	/* sys_socket*.c */
	[41] = sys_socket, [42] = sys_connect, [43] = sys_accept, [44] = sys_sendto,
	[45] = sys_recvfrom, [46] = sys_sendmsg, [47] = sys_recvmsg, [48] = sys_shutdown,
	[49] = sys_bind, [50] = sys_listen, [51] = sys_getsockname, [52] = sys_getpeername,
	[53] = sys_socketpair, [54] = sys_setsockopt, [55] = sys_getsockopt, [288] = sys_accept4,
	[275] = sys_splice, [276] = sys_tee, [278] = sys_vmsplice,
	/* sys_misc.c */
	[26] = sys_msync, [27] = sys_mincore, [98] = sys_getrusage, [100] = sys_times,
	[105] = sys_setid /* setuid */, [106] = sys_setid /* setgid */,
	[113] = sys_setid /* setreuid */, [114] = sys_setid /* setregid */,
	[115] = sys_getgroups, [116] = sys_setid /* setgroups */,
	[117] = sys_setid /* setresuid */, [118] = sys_getresuid,
	[119] = sys_setid /* setresgid */, [120] = sys_getresuid /* getresgid */,
	[135] = sys_personality, [140] = sys_getpriority, [141] = sys_return_zero /* setpriority */,
	[143] = sys_sched_getparam, [145] = sys_sched_getscheduler,
	[149] = sys_return_zero /* mlock */, [150] = sys_return_zero /* munlock */,
	[151] = sys_return_zero /* mlockall */, [152] = sys_return_zero /* munlockall */,
	[157] = sys_prctl, [188] = sys_xattr, [189] = sys_xattr, [190] = sys_xattr,
	[191] = sys_xattr, [192] = sys_xattr, [193] = sys_xattr, [194] = sys_xattr,
	[195] = sys_xattr, [196] = sys_xattr, [197] = sys_xattr, [198] = sys_xattr,
	[199] = sys_xattr, [202] = sys_futex, [203] = sys_return_zero /* sched_setaffinity */,
	[309] = sys_getcpu, [325] = sys_return_zero /* mlock2 */,
	/* waiting for fds */
	[7] = sys_poll, [23] = sys_select, [270] = sys_pselect6, [271] = sys_ppoll,
	/* threads and signals (sched/) */
	[15] = sys_rt_sigreturn, [34] = sys_pause, [56] = sys_clone, [130] = sys_rt_sigsuspend,
	[274] = sys_get_robust_list, [435] = sys_clone3, [127] = sys_rt_sigpending,
	[128] = sys_rt_sigtimedwait,
	/* sys_epoll.c, sys_eventfd.c, sys_timerfd.c */
	[213] = sys_epoll_create, [291] = sys_epoll_create1, [233] = sys_epoll_ctl,
	[232] = sys_epoll_wait, [281] = sys_epoll_pwait, [441] = sys_epoll_pwait2,
	[284] = sys_eventfd, [290] = sys_eventfd2,
	[283] = sys_timerfd_create, [286] = sys_timerfd_settime, [287] = sys_timerfd_gettime,
};

static struct {
	uint64_t reported[(SYSCALL_MAX + 63) / 64 + 1];   /* ENOSYS already logged */
	bool reported_out_of_range;
} sc;

const char *syscall_name(long nr) {
	return nr >= 0 && nr < SYSCALL_MAX ? names[nr] : NULL;
}

static long unimplemented(long nr) {
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

int syscall_count_implemented(void) {
	int n = 0;
	for (int i = 0; i < SYSCALL_MAX; i++)
		n += table[i] != NULL;
	return n;
}

int syscall_dispatch(struct trapframe *tf) {
	long nr = (long)tf->rax;
	struct thread *t = thread_current();
	t->tf = tf;
	t->frame_rewritten = false;
	const long a[6] = { (long)tf->rdi, (long)tf->rsi, (long)tf->rdx,
			    (long)tf->r10, (long)tf->r8, (long)tf->r9 };
	if (proc.trace && (nr == 60 || nr == 231))
		trace_syscall_start(nr, a);
	long ret;
	if (nr >= 0 && nr < SYSCALL_MAX && table[nr])
		ret = table[nr](a[0], a[1], a[2], a[3], a[4], a[5]);
	else
		ret = unimplemented(nr);
	fd_release_held(&t->held);   /* the files it looked up (include/held.h) */
	if (proc.trace)
		trace_syscall(nr, a, ret);
	if (ret == -EPIPE && (nr == 1 || nr == 18 || nr == 20))   /* write, pwrite64, writev */
		signal_sigpipe();
	tf->rax = (uint64_t)ret;
	signal_deliver(tf, nr == 15 ? -1 : nr);   /* after rt_sigreturn: no restart */
	if (tf->rip >= USER_TOP) {
		kprintf("ingot: program fault: SIGSEGV: syscall return to non-user rip=0x%lx\n", tf->rip);
		proc_exit(128 + 11);
	}
	return t->frame_rewritten;
}
