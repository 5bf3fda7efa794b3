/*
 * Reporting the exit status to the host, exactly as the protocol says:
 *   1. "ingot-exit S\n" on COM2, by polled writes to its transmit register;
 *   2. S to isa-debug-exit at port 0xf4, which ends QEMU at once.
 * The COM2 record is what the host trusts (QEMU's own status cannot carry
 * S = 0 distinctly); port 0xf4 is what makes QEMU stop without a timeout.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/io.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "ingot-init.h"

#define COM2 INGOT_CONTROL_PORT
#define COM2_LSR (COM2 + 5)
#define LSR_THR_EMPTY 0x20
#define DEBUG_EXIT INGOT_DEBUG_EXIT_PORT

static void com2_putc(char c)
{
	/* QEMU's UART is always ready, but a real 16550 (or another VMM)
	 * wants us to wait for room; the bound keeps a missing UART from
	 * hanging us. */
	for (int spin = 0; spin < 100000; spin++)
		if (inb(COM2_LSR) & LSR_THR_EMPTY)
			break;
	outb((unsigned char)c, COM2);
}

_Noreturn void report_exit(int status)
{
	status &= 0xff;

	/* Let the program's last output reach the console before QEMU goes. */
	drain_console();
	/* Volumes' data must be on the disk before QEMU ends. */
	unmount_volumes();

	char record[32];
	int n = snprintf(record, sizeof record, INGOT_EXIT_RECORD_PREFIX "%d\n", status);
	if (ioperm(COM2, 8, 1) == 0)
		for (int i = 0; i < n; i++)
			com2_putc(record[i]);
	if (ioperm(DEBUG_EXIT, INGOT_DEBUG_EXIT_SIZE, 1) == 0)
		outb((unsigned char)status, DEBUG_EXIT);

	/* Only reached without isa-debug-exit (e.g. another VMM): power off.
	 * If even that returns, PID 1 must not exit (the kernel would panic),
	 * so wait forever for the host to kill the VM. */
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
