/*
 * test_attr.c — attribute calls: chmod/fchmod, chown, utimensat, flock,
 * fadvise64, fallocate, creat; /tmp stores them, the image refuses them.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"

void test_attr(void)
{
    setup();
    struct linux_stat st;
    long fd = sys_creat(L("/tmp/f"), 0644, 0, 0, 0, 0);
    CHECK(fd >= 3);
    EQ(x_write(fd, "abc", 3), 3);
    EQ(sys_chmod(L("/tmp/f"), 0600, 0, 0, 0, 0), 0);
    EQ(x_stat("/tmp/f", &st), 0);
    EQ(st.st_mode, S_IFREG | 0600);
    EQ(sys_fchmod(fd, 04755, 0, 0, 0, 0), 0);
    EQ(x_fstat(fd, &st), 0);
    EQ(st.st_mode, S_IFREG | 04755);
    EQ(sys_chmod(L("/etc/hosts"), 0600, 0, 0, 0, 0), -EROFS);
    EQ(sys_fchmodat(AT_FDCWD, L("/nope"), 0600, 0, 0, 0), -ENOENT);
    EQ(sys_chown(L("/tmp/f"), 0, 0, 0, 0, 0), 0);
    EQ(sys_chown(L("/etc/hosts"), 0, 0, 0, 0, 0), -EROFS);
    EQ(sys_fchown(fd, 0, 0, 0, 0, 0), 0);
    EQ(sys_fchownat(AT_FDCWD, L("/tmp/f"), 0, 0, 0x8000, 0), -EINVAL);

    int64_t times[4] = { 100, 5, 200, 7 };
    EQ(sys_utimensat(AT_FDCWD, L("/tmp/f"), L(times), 0, 0, 0), 0);
    EQ(x_stat("/tmp/f", &st), 0);
    EQ(st.st_atime_sec, 100);
    EQ(st.st_atime_nsec, 5);
    EQ(st.st_mtime_sec, 200);
    EQ(st.st_mtime_nsec, 7);
    times[1] = (1l << 30) - 2; /* UTIME_OMIT */
    times[2] = 300;
    EQ(sys_utimensat(fd, 0, L(times), 0, 0, 0), 0); /* futimens */
    EQ(x_stat("/tmp/f", &st), 0);
    EQ(st.st_atime_sec, 100);
    EQ(st.st_mtime_sec, 300);
    EQ(sys_utimensat(AT_FDCWD, L("/tmp/f"), 0, 0, 0, 0), 0); /* now */
    EQ(x_stat("/tmp/f", &st), 0);
    EQ(st.st_mtime_sec, 1700000000);
    times[1] = 1000000000;
    EQ(sys_utimensat(AT_FDCWD, L("/tmp/f"), L(times), 0, 0, 0), -EINVAL);
    EQ(sys_utimensat(AT_FDCWD, L("/tmp/f"), 16, 0, 0, 0), -EFAULT);
    EQ(sys_utimensat(AT_FDCWD, L("/etc/hosts"), 0, 0, 0, 0), -EROFS);

    EQ(sys_flock(fd, 2, 0, 0, 0, 0), 0);
    EQ(sys_flock(99, 2, 0, 0, 0, 0), -EBADF);
    EQ(sys_fadvise64(fd, 0, 0, 4, 0, 0), 0);
    EQ(sys_fadvise64(fd, 0, 0, 9, 0, 0), -EINVAL);
    EQ(sys_fallocate(fd, 0, 0, 100, 0, 0), 0);
    EQ(x_fstat(fd, &st), 0);
    EQ(st.st_size, 100);
    EQ(sys_fallocate(fd, 1, 0, 1000, 0, 0), 0); /* KEEP_SIZE */
    EQ(x_fstat(fd, &st), 0);
    EQ(st.st_size, 100);
    EQ(sys_fallocate(fd, 0, 0, 0, 0, 0), -EINVAL);
    EQ(sys_fallocate(fd, 8, 0, 10, 0, 0), -EOPNOTSUPP);
    long ro = x_open("/etc/hosts", O_RDONLY, 0);
    EQ(sys_fallocate(ro, 0, 0, 10, 0, 0), -EBADF);
    EQ(sys_creat(L("/etc/new"), 0644, 0, 0, 0, 0), -EROFS);
    EQ(x_open("/tmp/dir", O_CREAT | O_DIRECTORY | O_RDONLY, 0755), -EINVAL);
    EQ(x_open("/tmp/f/", O_CREAT | O_WRONLY, 0644), -EISDIR);
    EQ(x_open("/tmp/new/", O_CREAT | O_WRONLY, 0644), -EISDIR);
}
