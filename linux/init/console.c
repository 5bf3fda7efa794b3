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
