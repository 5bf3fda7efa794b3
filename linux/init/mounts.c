/*
 * The run-time filesystems of the protocol. The cpio only guarantees /tmp,
 * so every mount point is created first; mkdir's EEXIST is fine.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingot-init.h"

static int mount_at(const char *type, const char *dir, unsigned long flags,
		    const char *data)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return -1;
	return mount(type, dir, type, flags, data);
}

void mount_filesystems(void)
{
	const unsigned long safe = MS_NOSUID | MS_NOEXEC | MS_NODEV;

	if (mount_at("proc", "/proc", safe, NULL) != 0)
		ingot_panic("cannot mount /proc: %s", strerror(errno));
	/* devtmpfs gives null, zero, random, urandom and console without us
	 * having to know device numbers. */
	if (mount_at("devtmpfs", "/dev", MS_NOSUID | MS_NOEXEC, "mode=0755") != 0)
		ingot_panic("cannot mount /dev: %s", strerror(errno));
	/* Programs may write to /tmp; it lives in memory like everything else.
	 * The sticky, world-writable mode is what programs expect of /tmp. */
	if (mount_at("tmpfs", "/tmp", MS_NOSUID | MS_NODEV, "mode=1777") != 0)
		ingot_panic("cannot mount /tmp: %s", strerror(errno));

	/* Nice to have, not promised: a failure here is not worth a panic. */
	(void)mount_at("sysfs", "/sys", safe, NULL);
	(void)mount_at("tmpfs", "/dev/shm", MS_NOSUID | MS_NODEV, "mode=1777");
	/* devtmpfs gives /dev/ptmx but pseudo-terminals also need devpts;
	 * ptmxmode so that the ptmx inside it is usable too. */
	(void)mount_at("devpts", "/dev/pts", MS_NOSUID | MS_NOEXEC,
		       "mode=0620,ptmxmode=0666");
	/* /dev/fd and /dev/std* are symlinks udev would normally make; shells
	 * and some tools open them by name. */
	(void)symlink("/proc/self/fd", "/dev/fd");
	(void)symlink("/proc/self/fd/0", "/dev/stdin");
	(void)symlink("/proc/self/fd/1", "/dev/stdout");
	(void)symlink("/proc/self/fd/2", "/dev/stderr");
}
