/*
 * virtio_pci.c — the virtio-pci modern transport (virtio 1.1 section 4.1)
 * as QEMU's q35 provides it: virtio devices on PCI bus 0, found through
 * configuration mechanism #1 (ports 0xcf8/0xcfc), their registers in the
 * memory BARs that the firmware assigned, named by vendor capabilities
 * (4.1.4: common, notify, ISR, device configuration), interrupts by
 * MSI-X (one vector for everything, table entry 0).
 *
 * Vendor 0x1af4; device 0x1040 + virtio ID for modern-only devices,
 * 0x1000..0x103f for transitional ones (which also carry the modern
 * capabilities). BARs must lie below 4 GiB (the direct map's reach).
 */
#include "virtio.h"
#include "../mm/mm.h"
#include "../arch/x86.h"

#define PCI_ADDR	  0xcf8
#define PCI_DATA	  0xcfc
#define PCI_COMMAND	  0x04
#define PCI_CMD_MEM	  0x2
#define PCI_CMD_MASTER	  0x4
#define PCI_CMD_INTX_OFF  0x400
#define PCI_STATUS_CAPS	  0x10
#define PCI_CAP_PTR	  0x34
#define CAP_VENDOR	  0x09
#define CAP_MSIX	  0x11
#define VIRTIO_CAP_COMMON 1
#define VIRTIO_CAP_NOTIFY 2
#define VIRTIO_CAP_ISR	  3
#define VIRTIO_CAP_DEVICE 4

/* struct virtio_pci_common_cfg offsets (4.1.4.3). */
#define CC_DFSELECT    0x00
#define CC_DF	       0x04
#define CC_GFSELECT    0x08
#define CC_GF	       0x0c
#define CC_MSIX_CONFIG 0x10
#define CC_STATUS      0x14
#define CC_Q_SELECT    0x16
#define CC_Q_SIZE      0x18
#define CC_Q_MSIX      0x1a
#define CC_Q_ENABLE    0x1c
#define CC_Q_NOFF      0x1e
#define CC_Q_DESC      0x20
#define CC_Q_DRIVER    0x28
#define CC_Q_DEVICE    0x30
#define NO_VECTOR      0xffff

struct vpci {
	uint8_t bus, dev, fn;
	volatile uint8_t *common, *notify, *isr, *devcfg;
	uint32_t notify_mult;
	uint8_t msix_cap;
	uint8_t msix_bar;
	uint32_t msix_off;
	bool msix; /* MSI-X is on: queues use table entry 0 */
};

#define MAX_PCI 4
static struct {
	struct virtio_dev dev[MAX_PCI];
	struct vpci pci[MAX_PCI];
	int count;
} vp;

/* SAFETY: reads one dword from an I/O port; touches nothing else. */
static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static uint32_t cfg_read(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	outl(PCI_ADDR, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)dev << 11 | (uint32_t)fn << 8 |
			       (off & 0xfc));
	return inl(PCI_DATA) >> ((off & 3) * 8);
}

static void cfg_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v)
{
	outl(PCI_ADDR, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)dev << 11 | (uint32_t)fn << 8 |
			       (off & 0xfc));
	outl(PCI_DATA, v);
}

/* A BAR's physical base, or 0 if it is I/O space, unassigned or above 4 GiB. */
static uint64_t bar_base(struct vpci *p, uint8_t bar)
{
	uint32_t lo = cfg_read(p->bus, p->dev, p->fn, (uint8_t)(0x10 + 4 * bar));
	if (lo & 1)
		return 0;
	uint64_t base = lo & ~0xfu;
	if (((lo >> 1) & 3) == 2)
		base |= (uint64_t)cfg_read(p->bus, p->dev, p->fn, (uint8_t)(0x14 + 4 * bar)) << 32;
	return base && base < DIRECT_MAP_LIMIT ? base : 0;
}

static struct vpci *P(struct virtio_dev *d)
{
	return d->transport;
}
static volatile uint32_t *c32(struct virtio_dev *d, uint32_t off)
{
	return (volatile uint32_t *)(P(d)->common + off);
}
static volatile uint16_t *c16(struct virtio_dev *d, uint32_t off)
{
	return (volatile uint16_t *)(P(d)->common + off);
}

static uint8_t get_status(struct virtio_dev *d)
{
	return P(d)->common[CC_STATUS];
}
static void set_status(struct virtio_dev *d, uint8_t s)
{
	P(d)->common[CC_STATUS] = s;
}

static uint64_t get_features(struct virtio_dev *d)
{
	*c32(d, CC_DFSELECT) = 0;
	uint64_t lo = *c32(d, CC_DF);
	*c32(d, CC_DFSELECT) = 1;
	return lo | (uint64_t)*c32(d, CC_DF) << 32;
}

static void set_features(struct virtio_dev *d, uint64_t f)
{
	*c32(d, CC_GFSELECT) = 0;
	*c32(d, CC_GF) = (uint32_t)f;
	*c32(d, CC_GFSELECT) = 1;
	*c32(d, CC_GF) = (uint32_t)(f >> 32);
}

static uint16_t queue_max(struct virtio_dev *d, uint16_t q)
{
	*c16(d, CC_Q_SELECT) = q;
	return *c16(d, CC_Q_ENABLE) ? 0 : *c16(d, CC_Q_SIZE);
}

static void set64(struct virtio_dev *d, uint32_t off, const void *p)
{
	uint64_t pa = virt_to_phys(p);
	*c32(d, off) = (uint32_t)pa;
	*c32(d, off + 4) = (uint32_t)(pa >> 32);
}

static void queue_enable(struct virtio_dev *d, struct virtq *vq)
{
	*c16(d, CC_Q_SELECT) = vq->index;
	*c16(d, CC_Q_SIZE) = vq->num;
	set64(d, CC_Q_DESC, vq->desc);
	set64(d, CC_Q_DRIVER, vq->avail);
	set64(d, CC_Q_DEVICE, vq->used);
	if (P(d)->msix) {
		*c16(d, CC_Q_MSIX) = 0;
		if (*c16(d, CC_Q_MSIX) != 0)
			kprintf("ingot: virtio-pci: queue %u refused its MSI-X vector\n",
				vq->index);
	}
	*c16(d, CC_Q_ENABLE) = 1;
}

static void notify(struct virtio_dev *d, struct virtq *vq)
{
	*c16(d, CC_Q_SELECT) = vq->index;
	uint16_t off = *c16(d, CC_Q_NOFF);
	*(volatile uint16_t *)(P(d)->notify + (uint32_t)off * P(d)->notify_mult) = vq->index;
}

/* Reading the ISR byte acknowledges it (4.1.4.5); with MSI-X it is unused. */
static uint32_t isr(struct virtio_dev *d)
{
	return P(d)->msix ? 1 : P(d)->isr[0];
}

static uint8_t config8(struct virtio_dev *d, uint32_t off)
{
	return P(d)->devcfg[off];
}

/* MSI-X table entry 0 -> a fresh vector on the boot CPU; then enable
 * MSI-X (PCI Local Bus 3.0, 6.8.2: message control bit 15) with INTx off. */
static int irq_setup(struct virtio_dev *d, void (*fn)(void *), void *arg)
{
	struct vpci *p = P(d);
	if (!p->msix_cap)
		return -ENODEV;
	uint64_t tbase = bar_base(p, p->msix_bar);
	if (!tbase)
		return -ENODEV;
	int vector = irq_alloc_vector(fn, arg);
	if (vector < 0)
		return vector;
	volatile uint32_t *entry = phys_to_virt(tbase + p->msix_off);
	uint64_t addr = irq_msi_address();
	entry[0] = (uint32_t)addr;
	entry[1] = (uint32_t)(addr >> 32);
	entry[2] = (uint32_t)vector;
	entry[3] = 0; /* unmasked */
	uint32_t ctl = cfg_read(p->bus, p->dev, p->fn, p->msix_cap);
	cfg_write32(p->bus, p->dev, p->fn, p->msix_cap, (ctl & 0x3fffffffu) | (1u << 31));
	uint32_t cmd = cfg_read(p->bus, p->dev, p->fn, PCI_COMMAND) & 0xffff;
	cfg_write32(p->bus, p->dev, p->fn, PCI_COMMAND, cmd | PCI_CMD_INTX_OFF);
	p->msix = true;
	*c16(d, CC_MSIX_CONFIG) = NO_VECTOR; /* no configuration-change interrupts */
	return 0;
}

/* Walks the capability list: virtio's four regions and MSI-X. */
static bool read_caps(struct vpci *p)
{
	if (!(cfg_read(p->bus, p->dev, p->fn, 0x06) & PCI_STATUS_CAPS))
		return false;
	for (uint8_t c = (uint8_t)cfg_read(p->bus, p->dev, p->fn, PCI_CAP_PTR) & 0xfc, n = 0;
	     c && n < 48;
	     c = (uint8_t)cfg_read(p->bus, p->dev, p->fn, (uint8_t)(c + 1)) & 0xfc, n++) {
		uint8_t id = (uint8_t)cfg_read(p->bus, p->dev, p->fn, c);
		if (id == CAP_MSIX) {
			p->msix_cap = c;
			uint32_t t = cfg_read(p->bus, p->dev, p->fn, (uint8_t)(c + 4));
			p->msix_bar = t & 7;
			p->msix_off = t & ~7u;
			continue;
		}
		if (id != CAP_VENDOR)
			continue;
		uint8_t type = (uint8_t)cfg_read(p->bus, p->dev, p->fn, (uint8_t)(c + 3));
		uint8_t bar = (uint8_t)cfg_read(p->bus, p->dev, p->fn, (uint8_t)(c + 4));
		uint32_t off = cfg_read(p->bus, p->dev, p->fn, (uint8_t)(c + 8));
		if (bar > 5)
			continue;
		uint64_t base = bar_base(p, bar);
		if (!base)
			continue;
		volatile uint8_t *va = phys_to_virt(base + off);
		if (type == VIRTIO_CAP_COMMON && !p->common)
			p->common = va;
		if (type == VIRTIO_CAP_ISR && !p->isr)
			p->isr = va;
		if (type == VIRTIO_CAP_DEVICE && !p->devcfg)
			p->devcfg = va;
		if (type == VIRTIO_CAP_NOTIFY && !p->notify) {
			p->notify = va;
			p->notify_mult = cfg_read(p->bus, p->dev, p->fn, (uint8_t)(c + 16));
		}
	}
	return p->common && p->notify && p->isr && p->devcfg;
}

int virtio_pci_probe(struct virtio_dev **out, int max)
{
	int n = 0;
	for (uint8_t dev = 0; dev < 32; dev++) {
		for (uint8_t fn = 0; fn < 8; fn++) {
			uint32_t id = cfg_read(0, dev, fn, 0);
			if ((id & 0xffff) == 0xffff) {
				if (fn == 0)
					break;
				continue;
			}
			uint16_t did = (uint16_t)(id >> 16);
			bool multi = fn == 0 && (cfg_read(0, dev, 0, 0x0e) & 0x80);
			if ((id & 0xffff) == 0x1af4 && did >= 0x1000 && did <= 0x107f &&
			    vp.count < MAX_PCI && n < max) {
				struct vpci *p = &vp.pci[vp.count];
				*p = (struct vpci){.bus = 0, .dev = dev, .fn = fn};
				if (read_caps(p)) {
					uint32_t cmd = cfg_read(0, dev, fn, PCI_COMMAND) & 0xffff;
					cfg_write32(0, dev, fn, PCI_COMMAND,
						    cmd | PCI_CMD_MEM | PCI_CMD_MASTER);
					/* Transitional IDs are 0x1000 + (subsystem id); modern ones 0x1040 + type. */
					uint32_t type =
						did >= 0x1040 ? did - 0x1040u
							      : cfg_read(0, dev, fn, 0x2e) & 0xffff;
					struct virtio_dev *d = &vp.dev[vp.count++];
					*d = (struct virtio_dev){
						.device_id = type,
						.transport = p,
						.get_status = get_status,
						.set_status = set_status,
						.get_features = get_features,
						.set_features = set_features,
						.queue_max = queue_max,
						.queue_enable = queue_enable,
						.notify = notify,
						.isr = isr,
						.config8 = config8,
						.irq_setup = irq_setup,
					};
					out[n++] = d;
				}
			}
			if (fn == 0 && !multi)
				break;
		}
	}
	return n;
}
