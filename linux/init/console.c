/*
 * stdin, stdout and stderr of init and hence of the program. The kernel only
 * opens them for init when the cpio has a /dev/console node, which ours does
 * not (devtmpfs is mounted later, by us), so we open them here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ingot-init.h"

static void raw_output(void);

void open_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		ingot_panic("cannot open /dev/console: %s", strerror(errno));
	for (int i = 0; i < 3; i++)
		if (fd != i && dup2(fd, i) < 0)
			ingot_panic("cannot dup console: %s", strerror(errno));
	if (fd > 2)
		close(fd);
	raw_output();
}

/*
 * The serial tty's output processing turns every "\n" into "\r\n" (ONLCR).
 * The console is the program's stdout as the host sees it (a log file, a
 * pipe, a terminal that does its own translation), so pass bytes through
 * untouched, as the native kernel does: output is then byte-identical on
 * both kernels and to a host run. The tty stays a tty (isatty() is true).
 */
static void raw_output(void)
{
	struct termios t;
	if (tcgetattr(0, &t) == 0) {
		t.c_oflag &= ~(tcflag_t)OPOST;
		(void)tcsetattr(0, TCSANOW, &t);
	}
}

/*
 * The serial driver transmits from a buffer under interrupts. QEMU exits the
 * instant we write to isa-debug-exit, so whatever is still buffered would be
 * lost: the last lines a program prints are often the interesting ones.
 */
static void wake(int sig)
{
	(void)sig;
}

void drain_console(void)
{
	/* Bounded: a console stopped by flow control (a stray ^S) must not
	 * keep the VM from ever reporting. The alarm interrupts tcdrain; it
	 * needs a handler because the kernel drops unhandled signals to PID 1. */
	struct sigaction sa = { .sa_handler = wake };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(2);
	(void)tcdrain(1);
	alarm(0);
}
