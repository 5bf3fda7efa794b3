/*
 * sys_file_ioctl.c — ioctl(2). The console answers like Linux's serial
 * console (ttyS0): it is a terminal (TCGETS, and the TCGETS2 newer glibc
 * uses, work, so isatty() is true and stdio line-buffers), its window size
 * is 0x0 as a serial line reports, and termios settings are remembered so
 * a TCSETS is seen by the next TCGETS. Any other file is not a terminal
 * (-ENOTTY); unknown requests are -ENOTTY too, as Linux answers them.
 */
#include "../fs/fs.h"

/* termios flag bits (asm-generic/termbits.h), octal as there. */
#define ICRNL	0000400
#define IXON	0002000
#define OPOST	0000001
#define ONLCR	0000004
#define B38400	0000017
#define CS8	0000060
#define CREAD	0000200
#define HUPCL	0002000
#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHOCTL 0001000
#define ECHOKE	0004000
#define IEXTEN	0100000

static struct {
	struct linux_termios tio; /* the console's settings */
	bool tio_set;
} tty;

/* Linux's tty_std_termios, with INIT_C_CC (include/linux/tty.h). */
static const struct linux_termios std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_line = 0,
	.c_cc = {003, 034, 0177, 025, 004, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0},
};

static long put_int(long uarg, int v)
{
	return copy_to_user((void *)uarg, &v, sizeof(v)) < 0 ? -EFAULT : 0;
}

static long console_ioctl(unsigned long req, long arg)
{
	if (!tty.tio_set) {
		tty.tio = std_termios;
		tty.tio_set = true;
	}
	switch (req) {
	case TCGETS: return copy_to_user((void *)arg, &tty.tio, sizeof(tty.tio)) < 0 ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF: {
		struct linux_termios t;
		if (copy_from_user(&t, (const void *)arg, sizeof(t)) < 0)
			return -EFAULT;
		tty.tio = t;
		return 0;
	}
	case TCGETS2: {
		struct linux_termios2 t2 = {tty.tio, 38400, 38400};
		return copy_to_user((void *)arg, &t2, sizeof(t2)) < 0 ? -EFAULT : 0;
	}
	case TCSETS2:
	case TCSETSW2:
	case TCSETSF2: {
		struct linux_termios2 t2;
		if (copy_from_user(&t2, (const void *)arg, sizeof(t2)) < 0)
			return -EFAULT;
		tty.tio = t2.t;
		return 0;
	}
	case TIOCGWINSZ: {
		struct linux_winsize ws = {0, 0, 0, 0};
		return copy_to_user((void *)arg, &ws, sizeof(ws)) < 0 ? -EFAULT : 0;
	}
	case TIOCSWINSZ: return 0;
	case TIOCGPGRP: return put_int(arg, 1); /* the one process is its own group */
	case TIOCSPGRP: return 0;
	case FIONREAD: return put_int(arg, 0); /* no input is ever pending */
	}
	return -ENOTTY;
}

long sys_ioctl(long fd, long req, long arg, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fd_get((int)fd);
	if (!f)
		return -EBADF;
	unsigned long r = (unsigned int)req; /* Linux takes the request as unsigned int */
	switch (r) {
	case FIOCLEX: return fd_set_cloexec((int)fd, true);
	case FIONCLEX: return fd_set_cloexec((int)fd, false);
	case FIONBIO: {
		int on;
		if (copy_from_user(&on, (const void *)arg, sizeof(on)) < 0)
			return -EFAULT;
		if (on)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~(uint32_t)O_NONBLOCK;
		return 0;
	}
	}
	struct node *n = f->node;
	if (f->flags & O_PATH)
		return -EBADF;
	if (S_ISCHR(n->mode) && n->dev == DEV_CONSOLE)
		return console_ioctl(r, arg);
	if (f->ops && f->ops->ioctl)
		return f->ops->ioctl(f, r, arg);
	if (S_ISFIFO(n->mode) && r == FIONREAD)
		return put_int(arg, (int)n->size);
	if (S_ISREG(n->mode) && r == FIONREAD) {
		size_t size = f->snap ? f->snap_len : n->size;
		return put_int(arg, f->off < size ? (int)MIN(size - f->off, 0x7fffffffu) : 0);
	}
	return -ENOTTY;
}
