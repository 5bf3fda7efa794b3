/*
 * timer.c — the clock that drives lwIP's timers (TCP retransmission and
 * delayed ACKs, ARP ageing, DHCP) whatever the program is doing.
 *
 * The local APIC timer belongs to the scheduler, so the stack uses the
 * legacy PIT: channel 0 in mode 2 (rate generator) with the largest
 * divisor, 65536, i.e. 1193182 / 65536 = 18.2 interrupts a second (one per
 * 55 ms, below lwIP's 250 ms TCP fast timer). QEMU wires the PIT's ISA
 * IRQ 0 to IOAPIC input 2 (hw/intc/ioapic.c), edge-triggered. The ticks
 * only arrive while a program runs or the CPU idles, never inside lwIP.
 * Port numbers and the mode byte: Intel 8254 datasheet (0x43 control,
 * 0x40 channel 0; 0x34 = channel 0, lobyte/hibyte, mode 2, binary).
 */
#include "net.h"
#include "../drivers/virtio.h"
#include "../arch/x86.h"

#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_GSI 2

static void tick(void *arg)
{
	net_poll();
}

int net_timer_start(void)
{
	outb(PIT_CMD, 0x34);
	outb(PIT_CH0, 0); /* divisor 65536: low byte */
	outb(PIT_CH0, 0); /* high byte */
	return irq_route(PIT_GSI, false, tick, NULL);
}
