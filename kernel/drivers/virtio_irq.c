/*
 * virtio_irq.c — device interrupts: IOAPIC routing and dispatch.
 *
 * Each handler gets its own vector from 0x40 up (above the remapped
 * 8259's 0x30-0x3f). A PCI device signals it by MSI-X (irq_msi_address);
 * an ISA or virtio-mmio line goes through the IOAPIC (irq_route).
 * QEMU's microvm and q35 both have an IOAPIC at 0xfec00000 (microvm may
 * add a second one at 0xfec10000 for GSIs 24..47 when it has ACPI); a
 * routed GSI is delivered to the boot CPU's local APIC as a
 * fixed interrupt, active high; virtio's are level-triggered (the line
 * stays up until the driver acknowledges the ISR), the PIT's edge.
 * Register layout: Intel 82093AA IOAPIC datasheet, 3.0; redirection entry
 * n is registers 0x10+2n (low) and 0x11+2n (high, destination in 63:56).
 */
#include "virtio.h"
#include "../mm/mm.h"
#include "../arch/x86.h"

#define IOAPIC0_PHYS	0xfec00000UL
#define IOAPIC1_PHYS	0xfec10000UL /* microvm's second IOAPIC (GSI 24+) */
#define LAPIC_ID	0x20
#define LAPIC_EOI	0xb0
#define IRQ_VECTOR_BASE 0x40
#define IRQ_MAX		16
#define IOAPIC_LEVEL	(1u << 15)

static struct {
	struct {
		void (*fn)(void *);
		void *arg;
	} h[IRQ_MAX];
	int count;
} irqs;

static volatile uint32_t *lapic(void)
{
	return phys_to_virt(rdmsr(MSR_APIC_BASE) & 0xfffff000);
}

static void ioapic_write(uint64_t base, uint32_t reg, uint32_t v)
{
	volatile uint32_t *io = phys_to_virt(base);
	io[0] = reg; /* IOREGSEL */
	io[4] = v;   /* IOWIN at +0x10 */
}

int irq_alloc_vector(void (*fn)(void *), void *arg)
{
	if (irqs.count == IRQ_MAX)
		return -ENOSPC;
	int n = irqs.count++;
	irqs.h[n].fn = fn;
	irqs.h[n].arg = arg;
	return IRQ_VECTOR_BASE + n;
}

/* MSI message address for the boot CPU (Intel SDM vol. 3, 11.11.1:
 * 0xfee in 31:20, destination APIC ID in 19:12, physical mode). */
uint64_t irq_msi_address(void)
{
	return 0xfee00000UL | (uint64_t)(lapic()[LAPIC_ID / 4] >> 24) << 12;
}

int irq_route(uint32_t gsi, bool level, void (*fn)(void *), void *arg)
{
	int vector = irq_alloc_vector(fn, arg);
	if (vector < 0)
		return vector;
	uint64_t base = gsi >= 24 ? IOAPIC1_PHYS : IOAPIC0_PHYS;
	uint32_t pin = gsi >= 24 ? gsi - 24 : gsi;
	uint32_t apic_id = lapic()[LAPIC_ID / 4] >> 24;
	ioapic_write(base, 0x11 + 2 * pin, apic_id << 24);
	ioapic_write(base, 0x10 + 2 * pin,
		     (uint32_t)vector |
			     (level ? IOAPIC_LEVEL : 0)); /* fixed, physical, high, unmasked */
	return 0;
}

bool irq_dispatch(uint64_t vector)
{
	if (vector < IRQ_VECTOR_BASE || vector >= IRQ_VECTOR_BASE + (uint64_t)irqs.count)
		return false;
	int n = (int)(vector - IRQ_VECTOR_BASE);
	irqs.h[n].fn(irqs.h[n].arg);
	lapic()[LAPIC_EOI / 4] = 0;
	return true;
}
