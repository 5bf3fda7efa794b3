/*
 * The host's signal channel (docs/boot-protocol.md, "Signals from the
 * host"): "ingot-signal N\n" lines on COM3 (I/O 0x3e8) become kill(N) of
 * the program, which is how `ingot stop` asks it to end.
 *
 * Our kernel has two 8250 ports only (kernel.config, NR_UARTS=2), so there
 * is no /dev/ttyS2 and no interrupt reaches user space: PID 1 polls the
 * UART's line status register from its wait loop instead (run.c), with
 * ioperm, as exitrec.c writes COM2. 16550 registers: +0 RBR, +2 FCR,
 * +5 LSR (bit 0 = data ready), +7 scratch.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/io.h>
#include <time.h>

#include "ingot-init.h"

#define COM3 INGOT_SIGNAL_PORT
#define LSR_DATA_READY 0x01
#define LINE_MAX 32   /* "ingot-signal 64\n" is 16; longer is not ours */

static struct {
	int present;   /* the UART answered at init */
	char line[LINE_MAX];
	int len;       /* -1 while skipping an overlong line */
} hs;

int host_signal_init(void)
{
	if (ioperm(COM3, 8, 1) != 0)
		return 0;
	outb(0x5a, COM3 + 7);
	if (inb(COM3 + 7) != 0x5a)
		return 0;   /* no COM3 (an older QEMU command line): stop quits QEMU */
	outb(0x03, COM3 + 3);   /* 8N1 */
	/* FIFO on, trigger level 14: QEMU hands the guest as many bytes as the
	 * trigger level at once (hw/char/serial.c, serial_can_receive), so most
	 * of a line arrives together instead of one byte per read. */
	outb(0xc7, COM3 + 2);
	hs.present = 1;
	return 1;
}

/* "ingot-signal N", N in 1..64; 0 when not valid. */
static int parse(const char *s, int n)
{
	static const char prefix[] = INGOT_SIGNAL_PREFIX;
	int p = (int)sizeof prefix - 1;
	if (n <= p || n > p + 2 || memcmp(s, prefix, (size_t)p) != 0)
		return 0;
	int sig = 0;
	for (int i = p; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		sig = sig * 10 + (s[i] - '0');
	}
	return sig >= 1 && sig <= 64 ? sig : 0;
}

/* Waits up to PARTIAL_WAIT_MS for the rest of a line QEMU is still
 * feeding in, so one line costs one poll, not one per FIFO load. */
#define PARTIAL_WAIT_MS 20

static int data_ready(void)
{
	if (inb(COM3 + 5) & LSR_DATA_READY)
		return 1;
	for (int ms = 0; hs.len > 0 && ms < PARTIAL_WAIT_MS; ms++) {
		struct timespec one = { .tv_sec = 0, .tv_nsec = 1000000 };
		nanosleep(&one, NULL);
		if (inb(COM3 + 5) & LSR_DATA_READY)
			return 1;
	}
	return 0;
}

int host_signal_poll(void)
{
	if (!hs.present)
		return 0;
	for (int i = 0; i < 256 && data_ready(); i++) {
		char c = (char)inb(COM3);
		if (c != '\n') {
			if (hs.len >= 0 && hs.len < LINE_MAX)
				hs.line[hs.len++] = c;
			else
				hs.len = -1;
			continue;
		}
		int sig = hs.len > 0 ? parse(hs.line, hs.len) : 0;
		hs.len = 0;
		if (sig)
			return sig;   /* the rest waits for the next poll */
	}
	return 0;
}
