/*
 * Volumes (docs/volumes.md): ext2 disks the host attaches as virtio-blk
 * devices with serials vol0, vol1, ... and whose mount paths arrive as
 * ingot.volumes=/a,/b on the command line (the N-th path for volN).
 * A volume that cannot be mounted is fatal: the program would otherwise
 * write its data into memory and lose it without a word.
 * Unmounting before the exit report writes everything back (the host
 * quits QEMU right after it).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingot-init.h"

static char mounted[INGOT_MAX_VOLUMES][256];
static int nmounted;

/* mkdir -p: the image may not have the mount point. */
static int make_dirs(const char *path)
{
	char buf[256];
	size_t len = strlen(path);
	if (len >= sizeof buf)
		return -1;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* The /dev name of the disk whose serial is want ("vol0"), or NULL. Without
 * sysfs, falls back to the N-th disk (vda, vdb...), the attach order. */
static const char *disk_for(const char *want, int index, char *out, size_t size)
{
	DIR *d = opendir("/sys/block");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, "vd", 2) != 0)
			continue;
		char path[300], serial[32] = "";
		snprintf(path, sizeof path, "/sys/block/%s/serial", e->d_name);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		ssize_t n = read(fd, serial, sizeof serial - 1);
		close(fd);
		serial[n > 0 ? n : 0] = '\0';
		serial[strcspn(serial, "\n")] = '\0';
		if (strcmp(serial, want) == 0) {
			snprintf(out, size, "/dev/%s", e->d_name);
			closedir(d);
			return out;
		}
	}
	if (d)
		closedir(d);
	snprintf(out, size, "/dev/vd%c", 'a' + index);
	return access(out, F_OK) == 0 ? out : NULL;
}

void mount_volumes(void)
{
	const char *list = cmdline_value(INGOT_CMDLINE_VOLUMES);
	if (!list || !*list)
		return;
	char paths[1024];
	snprintf(paths, sizeof paths, "%s", list);
	char *save = NULL;
	for (char *p = strtok_r(paths, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (nmounted == INGOT_MAX_VOLUMES)
			ingot_panic("more than %d volumes", INGOT_MAX_VOLUMES);
		char serial[16], dev[300];
		snprintf(serial, sizeof serial, INGOT_VOLUME_SERIAL "%d", nmounted);
		if (!disk_for(serial, nmounted, dev, sizeof dev))
			ingot_panic("volume %d for %s: no disk %s attached", nmounted, p, serial);
		if (make_dirs(p) != 0)
			ingot_panic("volume %d: cannot create mount point %s: %s", nmounted, p, strerror(errno));
		if (mount(dev, p, "ext2", MS_NOSUID | MS_NODEV, NULL) != 0)
			ingot_panic("volume %d: cannot mount %s (ext2) at %s: %s", nmounted, dev, p, strerror(errno));
		snprintf(mounted[nmounted], sizeof mounted[0], "%s", p);
		nmounted++;
	}
}

void unmount_volumes(void)
{
	sync();
	/* The program is gone, but a forked child it left may hold files open:
	 * then a lazy detach still writes the superblock once they close, and
	 * the sync above has the data on disk already. */
	for (int i = nmounted - 1; i >= 0; i--)
		if (umount(mounted[i]) != 0)
			(void)umount2(mounted[i], MNT_DETACH);
	nmounted = 0;
}
