/*
 * serial.c — 16550 UART console on COM1 and the exit record on COM2.
 *
 * Design: polled output only (no interrupts). COM1 (I/O 0x3f8) is the
 * console; COM2 (0x2f8) carries nothing but "ingot-exit S\n" (see
 * docs/boot-protocol.md). Register offsets are from the 16550 datasheet:
 * +0 THR/DLL, +1 IER/DLM, +2 FCR, +3 LCR, +4 MCR, +5 LSR (bit 5 = THR empty).
 */
#include "../include/kernel.h"
#include "../arch/x86.h"
#include "serial.h"

#define COM1	      INGOT_CONSOLE_PORT
#define COM2	      INGOT_CONTROL_PORT
#define LSR_THR_EMPTY 0x20

static struct {
	bool ready;	 /* COM1 initialised */
	bool lf_to_crlf; /* translate \n to \r\n like a tty (off: programs print \n) */
} serial;

static void uart_init(uint16_t base)
{
	outb(base + 1, 0x00); /* no interrupts */
	outb(base + 3, 0x80); /* DLAB on */
	outb(base + 0, 0x01); /* divisor 1 = 115200 baud */
	outb(base + 1, 0x00);
	outb(base + 3, 0x03); /* 8N1, DLAB off */
	outb(base + 2, 0xc7); /* FIFO on, cleared */
	outb(base + 4, 0x03); /* DTR, RTS */
}

static void uart_putc(uint16_t base, char c)
{
	/* Bounded wait: QEMU's UART is always ready; real hardware might not be. */
	for (int i = 0; i < 100000 && !(inb(base + 5) & LSR_THR_EMPTY); i++)
		cpu_pause();
	outb(base, (uint8_t)c);
}

void serial_init(void)
{
	uart_init(COM1);
	serial.ready = true;
}

void console_write(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (serial.lf_to_crlf && buf[i] == '\n')
			uart_putc(COM1, '\r');
		uart_putc(COM1, buf[i]);
	}
}

void serial_exit_record(int status)
{
	char rec[24];
	int n = ksnprintf(rec, sizeof rec, INGOT_EXIT_RECORD_PREFIX "%d\n", status);
	for (int i = 0; i < n; i++)
		uart_putc(COM2, rec[i]);
}

/* The whole exit protocol: COM2 record, then isa-debug-exit (port 0xf4),
 * which makes QEMU exit with (status << 1) | 1. */
__attribute__((noreturn)) void machine_exit(int status)
{
	status &= 0xff;
	serial_exit_record(status);
	outb(INGOT_DEBUG_EXIT_PORT, (uint8_t)status);
	for (;;)
		__asm__ volatile("cli; hlt"); /* SAFETY: stops this CPU for good */
}
