/*
 * stdin, stdout and stderr of init and hence of the program. The kernel only
 * opens them for init when the cpio has a /dev/console node, which ours does
 * not (devtmpfs is mounted later, by us), so we open them here.
 *
 * stdout and stderr are the console. stdin is /dev/null: nothing on the host
 * ever types into the guest's serial port (QEMU's COM1 is a log file), so a
 * program reading stdin from the console would wait forever, where on the
 * native kernel, and on a host with `</dev/null`, it reads EOF at once.
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
	for (int i = 1; i < 3; i++)
		if (fd != i && dup2(fd, i) < 0)
			ingot_panic("cannot dup console: %s", strerror(errno));
	if (fd > 2)
		close(fd);
	/* Until here fd 0 may be the console (when open returned 0); an
	 * ingot_panic above still reaches COM1 through fds 1 and 2. */
	int in = open("/dev/null", O_RDONLY);
	if (in < 0)
		ingot_panic("cannot open /dev/null: %s", strerror(errno));
	if (in != 0) {
		if (dup2(in, 0) < 0)
			ingot_panic("cannot make /dev/null stdin: %s", strerror(errno));
		close(in);
	}
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
	if (tcgetattr(1, &t) == 0) {
		t.c_oflag &= ~(tcflag_t)OPOST;
		(void)tcsetattr(1, TCSANOW, &t);
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
