/*
 * sys_proc.c — process and system information syscalls for the one
 * program: identity (pid 1, uid 0), arch_prctl, uname, sysinfo,
 * resource limits, affinity, getrandom. (exit, gettid, sched_yield and
 * clone are the scheduler's: sched/thread.c.)
 *
 * Values follow Linux's x86-64 ABI structures (include/uapi/linux/
 * utsname.h, sysinfo.h, resource.h). The release string "6.1.0-ingot"
 * is a version glibc accepts as new enough.
 */
#include "syscall.h"
#include "proc.h"
#include "../mm/mm.h"
#include "../arch/x86.h"
#include "../sched/sched.h"

#define ARCH_SET_GS   0x1001
#define ARCH_SET_FS   0x1002
#define ARCH_GET_FS   0x1003
#define ARCH_GET_GS   0x1004
#define RLIM_NLIMITS  16
#define RLIM_INFINITY (~0UL)
#define RLIMIT_STACK  3
#define RLIMIT_NOFILE 7

struct rlimit_u {
	uint64_t cur, max;
};

static struct {
	struct rlimit_u limits[RLIM_NLIMITS];
	bool limits_ready;
} ps;

long sys_arch_prctl(long code, long addr, long c, long d, long e, long f)
{
	uint64_t v;
	switch (code) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if ((uint64_t)addr >= USER_TOP)
			return -EPERM;
		/* The live MSR is the running thread's; sched.c saves it at switch. */
		wrmsr(code == ARCH_SET_FS ? MSR_FS_BASE : MSR_GS_BASE, (uint64_t)addr);
		return 0;
	case ARCH_GET_FS:
	case ARCH_GET_GS:
		v = rdmsr(code == ARCH_GET_FS ? MSR_FS_BASE : MSR_GS_BASE);
		return copy_to_user((void *)addr, &v, sizeof v);
	default: return -EINVAL;
	}
}

/* Recorded per thread for get_robust_list; the list itself is never
 * walked (a dying thread's robust mutexes matter only across processes). */
long sys_set_robust_list(long head, long len, long c, long d, long e, long f)
{
	if (len != 24) /* sizeof(struct robust_list_head) */
		return -EINVAL;
	thread_current()->robust_list = (uint64_t)head;
	return 0;
}

long sys_get_robust_list(long tid, long uhead, long ulen, long d, long e, long f)
{
	struct thread *t = tid ? thread_find((int)tid) : thread_current();
	if (!t)
		return -ESRCH;
	uint64_t len = 24;
	if (copy_to_user((void *)uhead, &t->robust_list, 8) || copy_to_user((void *)ulen, &len, 8))
		return -EFAULT;
	return 0;
}

long sys_rseq(long a, long b, long c, long d, long e, long f)
{
	return -ENOSYS; /* glibc probes it and copes; not worth a log line */
}

long sys_getpid(long a, long b, long c, long d, long e, long f)
{
	return 1;
}
long sys_getppid(long a, long b, long c, long d, long e, long f)
{
	return 0;
}
long sys_getuid(long a, long b, long c, long d, long e, long f)
{
	return 0;
}
long sys_getpgid(long a, long b, long c, long d, long e, long f)
{
	return 1;
}
long sys_setsid(long a, long b, long c, long d, long e, long f)
{
	return -EPERM;
}

long sys_uname(long ubuf, long b, long c, long d, long e, long f)
{
	char u[6][65];
	memset(u, 0, sizeof u);
	const char *v[6] = {"Linux", "ingot", "6.1.0-ingot", "#1 SMP ingot", "x86_64", "(none)"};
	for (int i = 0; i < 6; i++)
		memcpy(u[i], v[i], strlen(v[i]));
	return copy_to_user((void *)ubuf, u, sizeof u);
}

long sys_sysinfo(long ubuf, long b, long c, long d, long e, long f)
{
	uint8_t si[112]; /* struct sysinfo on x86-64 */
	memset(si, 0, sizeof si);
	uint64_t up = time_monotonic_ns() / 1000000000ULL;
	uint64_t total = page_total_count() * PAGE_SIZE, free = page_free_count() * PAGE_SIZE;
	uint16_t procs = 1;
	uint32_t unit = 1;
	memcpy(si + 0, &up, 8);
	memcpy(si + 32, &total, 8);
	memcpy(si + 40, &free, 8);
	memcpy(si + 80, &procs, 2);
	memcpy(si + 104, &unit, 4);
	return copy_to_user((void *)ubuf, si, sizeof si);
}

static void limits_init(void)
{
	if (ps.limits_ready)
		return;
	for (int i = 0; i < RLIM_NLIMITS; i++)
		ps.limits[i] = (struct rlimit_u){RLIM_INFINITY, RLIM_INFINITY};
	ps.limits[RLIMIT_STACK].cur = 8UL << 20;
	ps.limits[RLIMIT_NOFILE] = (struct rlimit_u){1024, 4096};
	ps.limits_ready = true;
}

long sys_prlimit64(long pid, long res, long unew, long uold, long e, long f)
{
	limits_init();
	if (pid != 0 && pid != 1)
		return -ESRCH;
	if (res < 0 || res >= RLIM_NLIMITS)
		return -EINVAL;
	struct rlimit_u nl;
	if (unew) {
		if (copy_from_user(&nl, (const void *)unew, sizeof nl))
			return -EFAULT;
		if (nl.cur > nl.max)
			return -EINVAL;
		if (nl.max > ps.limits[res].max)
			nl.max = ps.limits[res].max; /* root may raise; keep it simple */
	}
	if (uold && copy_to_user((void *)uold, &ps.limits[res], sizeof ps.limits[res]))
		return -EFAULT;
	if (unew)
		ps.limits[res] = nl;
	return 0;
}

long sys_getrlimit(long res, long uold, long c, long d, long e, long f)
{
	return sys_prlimit64(0, res, 0, uold, 0, 0);
}

long sys_setrlimit(long res, long unew, long c, long d, long e, long f)
{
	return sys_prlimit64(0, res, unew, 0, 0, 0);
}

long sys_sched_getaffinity(long pid, long len, long umask, long d, long e, long f)
{
	if (pid != 0 && !thread_find((int)pid)) /* a tid (pid 1 is thread 1) */
		return -ESRCH;
	if (len < 8 || (len & 7))
		return -EINVAL;
	uint64_t mask = 1; /* one CPU */
	if (copy_to_user((void *)umask, &mask, sizeof mask))
		return -EFAULT;
	return 8;
}

long sys_getrandom(long ubuf, long len, long flags, long d, long e, long f)
{
	if (flags & ~7) /* GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE */
		return -EINVAL;
	if (len < 0)
		return -EINVAL;
	len = MIN(len, 33554431L); /* Linux caps one call at 32 MiB - 1 */
	uint8_t chunk[256];
	for (long done = 0; done < len; done += sizeof chunk) {
		size_t n = MIN((size_t)(len - done), sizeof chunk);
		random_bytes(chunk, n);
		if (copy_to_user((uint8_t *)ubuf + done, chunk, n))
			return done ? done : -EFAULT;
	}
	return len;
}
