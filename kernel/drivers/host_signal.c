/*
 * host_signal.c — the host's signal channel on COM3 (graceful stop).
 *
 * docs/boot-protocol.md, "Signals from the host": the host writes ASCII
 * lines "ingot-signal N\n" to a 16550 UART at I/O 0x3e8 on ISA IRQ 13; each
 * valid line sends signal N to the program's thread group exactly as
 * kill(2) from outside would (SI_USER), so a SIGTERM handler runs and a
 * program without one ends with 128 + N. Anything else on the line is
 * dropped without a word: the channel is the host's, never the program's.
 *
 * Design: interrupt-driven receive (IER bit 0), FIFO with a one-byte
 * trigger so each byte raises the line at once (QEMU then feeds the FIFO
 * one byte per read: hw/char/serial.c, serial_can_receive). The handler drains the
 * receive buffer while LSR.DR is set, which also lowers QEMU's IRQ line,
 * so the edge-triggered IOAPIC entry sees a fresh edge for the next line.
 * No UART there (an older QEMU command line): the scratch register does
 * not keep a value, and nothing is routed. The interrupt handler runs with
 * interrupts off, like the rest of the kernel, and owns `hs`.
 * 16550 registers: +0 RBR, +1 IER, +2 FCR/IIR, +3 LCR, +4 MCR, +5 LSR
 * (bit 0 = data ready), +7 scratch.
 */
#include "../include/kernel.h"
#include "../arch/x86.h"
#include "../sched/signal.h"
#include "virtio.h"
#include "serial.h"

#define COM3	       INGOT_SIGNAL_PORT
#define COM3_GSI       INGOT_SIGNAL_IRQ /* ISA IRQ 13 = GSI 13 on microvm's IOAPIC (no ACPI overrides) */
#define LSR_DATA_READY 0x01
#define LINE_MAX       32 /* "ingot-signal 64\n" is 16; anything longer is not ours */

static struct {
	char line[LINE_MAX];
	int len; /* bytes in line; -1 while skipping an overlong line */
} hs;		 /* touched only by the interrupt handler (irq-off) */

/* "ingot-signal N" with N in 1..NSIG, nothing else; 0 when not valid. */
static int parse(const char *s, int n)
{
	static const char prefix[] = INGOT_SIGNAL_PREFIX;
	int p = (int)sizeof prefix - 1;
	if (n <= p || n > p + 2 || memcmp(s, prefix, (size_t)p))
		return 0;
	int sig = 0;
	for (int i = p; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		sig = sig * 10 + (s[i] - '0');
	}
	return sig >= 1 && sig <= NSIG ? sig : 0;
}

static void take(char c)
{
	if (c != '\n') {
		if (hs.len >= 0 && hs.len < LINE_MAX)
			hs.line[hs.len++] = c;
		else
			hs.len = -1;
		return;
	}
	int sig = hs.len > 0 ? parse(hs.line, hs.len) : 0;
	hs.len = 0;
	if (!sig)
		return;
	signal_send(NULL, sig, SI_USER); /* a process-directed kill, as from outside */
}

static void on_interrupt(void *arg)
{
	(void)arg;
	/* Bounded: a UART that always says "ready" must not wedge the CPU. */
	for (int i = 0; i < 256 && (inb(COM3 + 5) & LSR_DATA_READY); i++)
		take((char)inb(COM3));
	(void)inb(COM3 + 2); /* IIR: acknowledge whatever else is pending */
}

void host_signal_init(void)
{
	outb(COM3 + 7, 0x5a);
	if (inb(COM3 + 7) != 0x5a)
		return;	      /* no COM3: stop then falls back to quitting QEMU */
	outb(COM3 + 1, 0x00); /* interrupts off while configuring */
	outb(COM3 + 3, 0x03); /* 8N1 (baud is meaningless on a virtual line) */
	outb(COM3 + 2, 0x07); /* FIFO on, both cleared, trigger at 1 byte */
	outb(COM3 + 4, 0x0b); /* DTR, RTS, OUT2 (the ISA interrupt gate on real boards) */
	if (irq_route(COM3_GSI, false, on_interrupt, NULL) < 0) {
		kprintf("ingot: host signals: no interrupt vector left; ingot stop will quit the VM\n");
		return;
	}
	outb(COM3 + 1, 0x01); /* IER: received data available */
	/* A stop asked for during boot is waiting in the FIFO and raised no
	 * interrupt we could see: take it now. Thread 1 becomes the program, so
	 * the signal is delivered when it first runs. */
	on_interrupt(NULL);
}
