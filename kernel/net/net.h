/*
 * net.h — the network seen by the rest of the kernel: start-up, the
 * device's entry points into the stack, and the lock around lwIP.
 *
 * lwIP runs with NO_SYS=1 and is not reentrant. The rule: lwIP is only
 * ever entered with interrupts off — from a syscall (which runs with IF
 * clear), or from the NIC interrupt handler (which cannot interrupt a
 * syscall except in sti;hlt, where no lwIP code is running). net_lock()
 * makes that explicit for callers that might run with interrupts on.
 */
#ifndef INGOT_NET_H
#define INGOT_NET_H
#include "../include/kernel.h"

/* Finds the NIC, configures the interface from the command line
 * (ingot.ip=A.B.C.D/N, ingot.gw=A.B.C.D, ingot.dhcp=1) and starts lwIP.
 * Without a NIC the stack still runs (loopback only). */
void net_init(const char *cmdline);

/* From the driver (interrupts off): one received Ethernet frame, copied
 * out before returning; and the end of one interrupt's work. */
void net_input(const void *frame, size_t len);
void net_interrupt(void);

/* Runs lwIP's timers that are due; returns the time_monotonic_ns() at
 * which the next one is due (0: none). */
uint64_t net_poll(void);

/* Delivers packets the stack sent to itself (127.0.0.1, our own address).
 * Socket calls run it before blocking and when they return. */
void net_flush(void);

/* net/timer.c: periodic ticks that run net_poll. Returns 0 or -errno. */
int net_timer_start(void);

static inline uint64_t net_lock(void)
{
	uint64_t flags;
	/* SAFETY: saves RFLAGS and clears IF; net_unlock restores it. */
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags)::"memory");
	return flags;
}
static inline void net_unlock(uint64_t flags)
{
	if (flags & 0x200)
		__asm__ volatile("sti" ::: "memory");
}

/* drivers/virtio_net.c */
int virtio_net_tx(size_t len, void (*fill)(void *dst, void *ctx), void *ctx);
const uint8_t *virtio_net_mac(void);
#endif
