/*
 * sys_misc.c — small syscalls real programs make at start-up or in
 * passing, answered the way Linux answers a single-threaded root process:
 * times, getrusage, getcpu, prctl (name, dumpable), personality, identity
 * queries and no-op identity changes, scheduling queries, mlock family,
 * mincore and extended
 * attributes (not supported by any Ingot file system: EOPNOTSUPP).
 * Structure layouts: Linux x86-64 (include/uapi/linux/resource.h, times.h).
 */
#include "syscall.h"
#include "proc.h"
#include "../mm/mm.h"
#include "../arch/time.h"
#include "../sched/sched.h"

#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME	15
#define PR_GET_NAME	16
#define USER_HZ		100

static struct {
	char name[16]; /* PR_SET_NAME, "comm" */
	int dumpable;
} misc = {"", 1};

long sys_times(long ubuf, long b, long c, long d, long e, long f)
{
	uint64_t ticks = time_monotonic_ns() / (1000000000ULL / USER_HZ);
	if (ubuf) {
		int64_t cpu = (int64_t)(sched_process_cpu_ns() / (1000000000ULL / USER_HZ));
		int64_t tms[4] = {cpu, 0, 0, 0}; /* utime, stime, cutime, cstime */
		if (copy_to_user((void *)ubuf, tms, sizeof tms))
			return -EFAULT;
	}
	return (long)ticks;
}

long sys_getrusage(long who, long ubuf, long c, long d, long e, long f)
{
	if (who != 0 && who != -1 && who != 1) /* SELF, CHILDREN, THREAD */
		return -EINVAL;
	int64_t ru[18] = {0}; /* struct rusage: 2 timevals + 14 longs */
	if (who != -1) {      /* user time: the scheduler's CPU time (kernel time included) */
		uint64_t us = (who == 1 ? sched_thread_cpu_ns(thread_current())
					: sched_process_cpu_ns()) /
			      1000;
		ru[0] = (int64_t)(us / 1000000);
		ru[1] = (int64_t)(us % 1000000);
		ru[4] = (int64_t)((page_total_count() - page_free_count()) * 4); /* maxrss, KiB */
	}
	return copy_to_user((void *)ubuf, ru, sizeof ru);
}

long sys_getcpu(long ucpu, long unode, long c, long d, long e, long f)
{
	uint32_t zero = 0;
	if (ucpu && copy_to_user((void *)ucpu, &zero, sizeof zero))
		return -EFAULT;
	if (unode && copy_to_user((void *)unode, &zero, sizeof zero))
		return -EFAULT;
	return 0;
}

long sys_prctl(long op, long arg, long c, long d, long e, long f)
{
	switch (op) {
	case PR_SET_NAME: {
		char tmp[16] = {0};
		long n = strncpy_from_user(tmp, (const char *)arg, sizeof tmp);
		if (n == -EFAULT)
			return -EFAULT;
		tmp[15] = 0; /* longer names are truncated, as Linux does */
		memcpy(misc.name, tmp, sizeof tmp);
		return 0;
	}
	case PR_GET_NAME: return copy_to_user((void *)arg, misc.name, sizeof misc.name);
	case PR_GET_DUMPABLE: return misc.dumpable;
	case PR_SET_DUMPABLE:
		if (arg != 0 && arg != 1)
			return -EINVAL;
		misc.dumpable = (int)arg;
		return 0;
	default: return -EINVAL;
	}
}

long sys_personality(long persona, long b, long c, long d, long e, long f)
{
	return 0; /* PER_LINUX, and changing it is accepted and ignored */
}

/* getresuid/getresgid: three zero ids. */
long sys_getresuid(long r, long ef, long s, long d, long e, long f)
{
	uint32_t zero = 0;
	if (copy_to_user((void *)r, &zero, 4) || copy_to_user((void *)ef, &zero, 4) ||
	    copy_to_user((void *)s, &zero, 4))
		return -EFAULT;
	return 0;
}

long sys_getgroups(long size, long ulist, long c, long d, long e, long f)
{
	return size < 0 ? -EINVAL : 0; /* no supplementary groups */
}

/* setuid/setgid/setre*id/setres*id/setgroups: only "stay root" succeeds. */
long sys_setid(long a, long b, long c, long d, long e, long f)
{
	return (a == 0 || a == -1) ? 0 : -EPERM;
}

long sys_return_zero(long a, long b, long c, long d, long e, long f)
{
	return 0; /* mlock, munlock, mlockall, munlockall, sched_setaffinity, ... */
}

long sys_getpriority(long which, long who, long c, long d, long e, long f)
{
	return 20; /* nice 0, in the kernel's 40 - nice encoding */
}

long sys_sched_getscheduler(long pid, long b, long c, long d, long e, long f)
{
	return pid < 0 ? -EINVAL : 0; /* SCHED_OTHER */
}

long sys_sched_getparam(long pid, long uparam, long c, long d, long e, long f)
{
	int32_t prio = 0;
	return copy_to_user((void *)uparam, &prio, sizeof prio);
}

long sys_mincore(long addr, long len, long uvec, long d, long e, long f)
{
	if (addr & (PAGE_SIZE - 1) || len < 0 || (uint64_t)addr + len > USER_TOP)
		return -EINVAL;
	uint64_t pages = PAGE_ALIGN_UP(len) / PAGE_SIZE;
	if (!vma_covers(addr, addr + pages * PAGE_SIZE))
		return -ENOMEM;
	/* One byte per page is the answer's size; it goes out in chunks so a
	 * bad vector ends the call at the first chunk, and each chunk visits
	 * only the page tables that exist (mm/vm.c). One CPU, and nothing
	 * sleeps between filling the buffer and copying it out. */
	static uint8_t chunk[PAGE_SIZE];
	for (uint64_t i = 0; i < pages; i += sizeof chunk) {
		uint64_t n = MIN(pages - i, sizeof chunk);
		vm_residency(addr + i * PAGE_SIZE, n, chunk);
		if (copy_to_user((uint8_t *)uvec + i, chunk, n))
			return -EFAULT;
	}
	return 0;
}

long sys_xattr(long a, long b, long c, long d, long e, long f)
{
	return -EOPNOTSUPP; /* {,l,f}{get,set,list,remove}xattr */
}
