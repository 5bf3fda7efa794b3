/*
 * test_dev_proc.c — /dev devices, the console as a terminal (ioctl), and
 * /proc: self/exe, cmdline, maps (larger than one snapshot buffer),
 * cpuinfo from CPUID, meminfo, self/fd links; getcwd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static void devices(void)
{
	setup();
	char buf[600];
	long fd = x_open("/dev/null", O_RDWR, 0);
	EQ(x_read(fd, buf, sizeof(buf)), 0);
	EQ(x_write(fd, "gone", 4), 4);
	EQ(x_lseek(fd, 10, SEEK_SET), 0);
	fd = x_open("/dev/zero", O_RDONLY, 0);
	memset(buf, 1, sizeof(buf));
	EQ(x_read(fd, buf, sizeof(buf)), sizeof(buf));
	CHECK(buf[0] == 0 && buf[599] == 0);
	EQ(x_read(fd, (void *)16, 10), -EFAULT);
	fd = x_open("/dev/urandom", O_RDONLY, 0);
	memset(buf, 0, sizeof(buf));
	EQ(x_read(fd, buf, sizeof(buf)), sizeof(buf));
	int nonzero = 0;
	for (size_t i = 0; i < sizeof(buf); i++)
		nonzero += buf[i] != 0;
	CHECK(nonzero > 500);
	fd = x_open("/dev/random", O_RDWR, 0);
	EQ(x_read(fd, buf, 16), 16);
	EQ(x_write(fd, "seed", 4), 4);
	console_len = 0;
	fd = x_open("/dev/console", O_WRONLY, 0);
	EQ(x_write(fd, "to the console", 14), 14);
	EQ(console_len, 14);
	fd = x_open("/dev/stdout", O_WRONLY, 0); /* -> /proc/self/fd/1 -> console */
	CHECK(fd >= 0);
	EQ(x_write(fd, "!", 1), 1);
	EQ(console_len, 15);
	EQ(x_open("/dev/nope", O_RDONLY, 0), -ENOENT);
	EQ(x_open("/dev/newfile", O_CREAT | O_WRONLY, 0644), -EROFS);

	/* the console is a terminal; nothing else is */
	struct linux_termios t;
	memset(&t, 0xff, sizeof(t));
	EQ(x_ioctl(1, TCGETS, &t), 0);
	CHECK(t.c_lflag & 2 /* ICANON */);
	CHECK(t.c_lflag & 010 /* ECHO */);
	CHECK(t.c_oflag & 4 /* ONLCR */);
	EQ(t.c_cc[0], 3); /* VINTR ^C */
	t.c_lflag &= ~2u;
	EQ(x_ioctl(1, TCSETS, &t), 0);
	struct linux_termios t2;
	EQ(x_ioctl(0, TCGETS, &t2), 0);
	EQ(t2.c_lflag & 2, 0); /* the setting stuck */
	struct linux_termios2 t3;
	EQ(x_ioctl(2, TCGETS2, &t3), 0);
	EQ(t3.t.c_lflag & 2, 0);
	EQ(t3.c_ospeed, 38400);
	t3.t.c_lflag |= 2;
	EQ(x_ioctl(2, TCSETS2, &t3), 0);
	EQ(x_ioctl(1, TCGETS, &t2), 0);
	EQ(t2.c_lflag & 2, 2);
	struct linux_winsize ws;
	memset(&ws, 0xff, sizeof(ws));
	EQ(x_ioctl(1, TIOCGWINSZ, &ws), 0);
	EQ(ws.ws_row, 0);
	EQ(ws.ws_col, 0);
	EQ(x_ioctl(1, TCGETS, (void *)16), -EFAULT);
	EQ(x_ioctl(1, 0x1234, &ws), -ENOTTY);
	long hfd = x_open("/etc/hosts", O_RDONLY, 0);
	EQ(x_ioctl(hfd, TCGETS, &t), -ENOTTY);
	EQ(x_ioctl(hfd, TIOCGWINSZ, &ws), -ENOTTY);
	int avail = -1;
	EQ(x_ioctl(hfd, FIONREAD, &avail), 0);
	EQ(avail, 20);
	long nfd = x_open("/dev/null", O_RDONLY, 0);
	EQ(x_ioctl(nfd, TCGETS, &t), -ENOTTY);
	EQ(x_ioctl(99, TCGETS, &t), -EBADF);
	int on = 1;
	EQ(x_ioctl(hfd, FIONBIO, &on), 0);
	CHECK(x_fcntl(hfd, F_GETFL, 0) & O_NONBLOCK);
}

static void proc(void)
{
	setup();
	static char buf[1 << 16];
	char link[256] = {0};
	EQ(x_readlink("/proc/self/exe", link, sizeof(link)), 9);
	STREQ(link, "/bin/prog");
	EQ(x_readlink("/proc/self/exe", link, 4), 4); /* truncated, no NUL */
	EQ(x_readlink("/proc/self/exe", link, 0), -EINVAL);
	EQ(x_readlink("/etc/hosts", link, sizeof(link)), -EINVAL);
	EQ(x_readlink("/nope", link, sizeof(link)), -ENOENT);
	EQ(x_readlink("/proc/self/exe", (void *)16, 10), -EFAULT);
	const void *data;
	size_t size;
	char real[PATH_MAX];
	EQ(vfs_realpath("/proc/self/exe", real, sizeof(real)), 0);
	STREQ(real, "/bin/prog");
	EQ(vfs_read_file("/proc/self/exe", &data, &size), 0);
	EQ(size, 8);
	EQ(vfs_read_file("/proc/cpuinfo", &data, &size), -EACCES);

	EQ(slurp("/proc/self/cmdline", buf, sizeof(buf)), 13);
	CHECK(memcmp(buf, "/bin/prog\0-v\0", 13) == 0);
	long n = slurp("/proc/self/maps", buf, sizeof(buf));
	CHECK(n > 8192); /* more than the first two snapshot sizes */
	static char want[1 << 16];
	EQ(proc_maps(want, sizeof(want)), n);
	CHECK(memcmp(buf, want, (size_t)n) == 0);
	n = slurp("/proc/cpuinfo", buf, sizeof(buf));
	CHECK(n > 100);
	CHECK(strstr(buf, "processor\t: 0\n") != NULL);
	CHECK(strstr(buf, "model name\t: ") != NULL);
	CHECK(strstr(buf, "flags\t\t: fpu") != NULL);
	CHECK(strstr(buf, " sse2") != NULL);
	CHECK(buf[n - 1] == '\n');
	n = slurp("/proc/meminfo", buf, sizeof(buf));
	CHECK(strncmp(buf, "MemTotal:", 9) == 0);
	EQ(slurp("/proc/mounts", buf, sizeof(buf)) > 0, 1);
	CHECK(strstr(buf, "tmpfs /tmp tmpfs rw") != NULL);

	/* the snapshot is taken at open, and lseek works within it */
	long fd = x_open("/proc/self/cmdline", O_RDONLY, 0);
	EQ(x_lseek(fd, 0, SEEK_END), 13);
	EQ(x_pread(fd, buf, 2, 10), 2);
	CHECK(buf[0] == '-' && buf[1] == 'v');
	EQ(x_write(fd, "x", 1), -EBADF);
	EQ(x_open("/proc/self/cmdline", O_RDWR, 0), -EACCES);
	EQ(x_mkdir("/proc/x", 0755), -EROFS);

	EQ(slurp("/proc/self/environ", buf, sizeof(buf)), 10);
	CHECK(memcmp(buf, "A=1\0B=two\0", 10) == 0);
	n = slurp("/proc/uptime", buf, sizeof(buf));
	CHECK(n > 4 && buf[n - 1] == '\n');
	CHECK(strncmp(buf, "0.00 ", 5) == 0); /* the shim's clock says 1000 ns */
	EQ(slurp("/proc/self/mountinfo", buf, sizeof(buf)) > 0, 1);
	CHECK(strstr(buf, " / /tmp rw,relatime - tmpfs tmpfs rw\n") != NULL);
	memset(link, 0, sizeof(link));
	EQ(x_readlink("/proc/self/root", link, sizeof(link)), 1);
	STREQ(link, "/");
	EQ(x_chdir("/etc"), 0);
	memset(link, 0, sizeof(link));
	EQ(x_readlink("/proc/self/cwd", link, sizeof(link)), 4);
	STREQ(link, "/etc");
	EQ(slurp("/proc/self/cwd/hosts", buf, sizeof(buf)), 20);
	EQ(slurp("/proc/self/root/etc/hosts", buf, sizeof(buf)), 20);
	EQ(x_chdir("/"), 0);
	memset(link, 0, sizeof(link));
	EQ(x_readlink("/proc/self/fd/1", link, sizeof(link)), 12);
	STREQ(link, "/dev/console");
	char p[64];
	snprintf(p, sizeof(p), "/proc/self/fd/%ld", fd);
	memset(link, 0, sizeof(link));
	EQ(x_readlink(p, link, sizeof(link)), 18);
	STREQ(link, "/proc/self/cmdline");
	EQ(x_readlink("/proc/self/fd/77", link, sizeof(link)), -ENOENT);
	EQ(x_readlink("/proc/self/fd/01", link, sizeof(link)), -ENOENT);
	long hfd = x_open("/etc/hosts", O_RDONLY, 0);
	snprintf(p, sizeof(p), "/proc/self/fd/%ld", hfd);
	long again = x_open(p, O_RDONLY, 0); /* reopen through the link */
	EQ(x_read(again, buf, 3), 3);
	CHECK(memcmp(buf, "127", 3) == 0);
}

static void cwd(void)
{
	setup();
	char buf[64];
	EQ(sys_getcwd(L(buf), sizeof(buf), 0, 0, 0, 0), 2);
	STREQ(buf, "/");
	EQ(x_chdir("/usr/lib"), 0);
	EQ(sys_getcwd(L(buf), sizeof(buf), 0, 0, 0, 0), 9);
	STREQ(buf, "/usr/lib");
	EQ(sys_getcwd(L(buf), 9, 0, 0, 0, 0), 9);
	EQ(sys_getcwd(L(buf), 8, 0, 0, 0, 0), -ERANGE);
	EQ(sys_getcwd(16, 64, 0, 0, 0, 0), -EFAULT);
	long fd = x_open("/etc", O_RDONLY | O_DIRECTORY, 0);
	EQ(sys_fchdir(fd, 0, 0, 0, 0, 0), 0);
	EQ(sys_getcwd(L(buf), sizeof(buf), 0, 0, 0, 0), 5);
	STREQ(buf, "/etc");
	long hfd = x_open("hosts", O_RDONLY, 0);
	EQ(sys_fchdir(hfd, 0, 0, 0, 0, 0), -ENOTDIR);
}

void test_dev_proc(void)
{
	devices();
	proc();
	cwd();
}
