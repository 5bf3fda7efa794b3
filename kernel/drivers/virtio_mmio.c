/*
 * virtio_mmio.c — the virtio-mmio transport, version 2 (virtio 1.1
 * section 4.2.2), as QEMU's microvm provides it.
 *
 * Where the devices are: with acpi=off QEMU appends one
 * "virtio_mmio.device=512@0xADDR:IRQ" word per transport to the kernel
 * command line (the Linux driver's syntax); without those words we probe
 * microvm's fixed slots 0xfeb00000 + 0x200*n (n < 24, GSI 5+n). A slot
 * whose DeviceID is 0 is empty.
 *
 * QEMU's virtio-mmio is a legacy (version 1) device unless started with
 * -global virtio-mmio.force-legacy=false; both work: a legacy device
 * takes its queue as one page frame number (4.2.4: GuestPageSize,
 * QueueAlign, QueuePFN) instead of three addresses and a QueueReady.
 */
#include "virtio.h"
#include "../mm/mm.h"

#define MMIO_MAGIC	     0x000 /* "virt" */
#define MMIO_VERSION	     0x004
#define MMIO_DEVICE_ID	     0x008
#define MMIO_DEV_FEATURES    0x010
#define MMIO_DEV_FEAT_SEL    0x014
#define MMIO_DRV_FEATURES    0x020
#define MMIO_DRV_FEAT_SEL    0x024
#define MMIO_QUEUE_SEL	     0x030
#define MMIO_QUEUE_NUM_MAX   0x034
#define MMIO_QUEUE_NUM	     0x038
#define MMIO_GUEST_PAGE_SIZE 0x028 /* legacy only (4.2.4) */
#define MMIO_QUEUE_ALIGN     0x03c /* legacy only */
#define MMIO_QUEUE_PFN	     0x040 /* legacy only */
#define MMIO_QUEUE_READY     0x044
#define MMIO_QUEUE_NOTIFY    0x050
#define MMIO_INT_STATUS	     0x060
#define MMIO_INT_ACK	     0x064
#define MMIO_STATUS	     0x070
#define MMIO_QUEUE_DESC	     0x080
#define MMIO_QUEUE_DRIVER    0x090
#define MMIO_QUEUE_DEVICE    0x0a0
#define MMIO_CONFIG	     0x100
#define MMIO_MAGIC_VALUE     0x74726976
#define MICROVM_MMIO_BASE    0xfeb00000UL
#define MICROVM_MMIO_SLOTS   24

#define MAX_MMIO 8
static struct {
	struct virtio_dev dev[MAX_MMIO];
	int count;
} mmio;

static volatile uint32_t *regs(struct virtio_dev *d)
{
	return d->transport;
}
static uint32_t rd(struct virtio_dev *d, uint32_t off)
{
	return regs(d)[off / 4];
}
static void wr(struct virtio_dev *d, uint32_t off, uint32_t v)
{
	regs(d)[off / 4] = v;
}

static uint8_t get_status(struct virtio_dev *d)
{
	return (uint8_t)rd(d, MMIO_STATUS);
}
static void set_status(struct virtio_dev *d, uint8_t s)
{
	wr(d, MMIO_STATUS, s);
}

static uint64_t get_features(struct virtio_dev *d)
{
	wr(d, MMIO_DEV_FEAT_SEL, 0);
	uint64_t lo = rd(d, MMIO_DEV_FEATURES);
	wr(d, MMIO_DEV_FEAT_SEL, 1);
	return lo | (uint64_t)rd(d, MMIO_DEV_FEATURES) << 32;
}

static void set_features(struct virtio_dev *d, uint64_t f)
{
	wr(d, MMIO_DRV_FEAT_SEL, 0);
	wr(d, MMIO_DRV_FEATURES, (uint32_t)f);
	wr(d, MMIO_DRV_FEAT_SEL, 1);
	wr(d, MMIO_DRV_FEATURES, (uint32_t)(f >> 32));
}

static uint16_t queue_max(struct virtio_dev *d, uint16_t q)
{
	wr(d, MMIO_QUEUE_SEL, q);
	if (rd(d, d->legacy ? MMIO_QUEUE_PFN : MMIO_QUEUE_READY))
		return 0; /* already in use */
	return (uint16_t)MIN(rd(d, MMIO_QUEUE_NUM_MAX), 32768u);
}

static void set64(struct virtio_dev *d, uint32_t off, const void *p)
{
	uint64_t pa = virt_to_phys(p);
	wr(d, off, (uint32_t)pa);
	wr(d, off + 4, (uint32_t)(pa >> 32));
}

static void queue_enable(struct virtio_dev *d, struct virtq *vq)
{
	wr(d, MMIO_QUEUE_SEL, vq->index);
	wr(d, MMIO_QUEUE_NUM, vq->num);
	if (d->legacy) {
		wr(d, MMIO_GUEST_PAGE_SIZE, PAGE_SIZE);
		wr(d, MMIO_QUEUE_ALIGN, PAGE_SIZE);
		wr(d, MMIO_QUEUE_PFN, (uint32_t)(virt_to_phys(vq->desc) / PAGE_SIZE));
		return;
	}
	set64(d, MMIO_QUEUE_DESC, vq->desc);
	set64(d, MMIO_QUEUE_DRIVER, vq->avail);
	set64(d, MMIO_QUEUE_DEVICE, vq->used);
	wr(d, MMIO_QUEUE_READY, 1);
}

static void notify(struct virtio_dev *d, struct virtq *vq)
{
	wr(d, MMIO_QUEUE_NOTIFY, vq->index);
}

static uint32_t isr(struct virtio_dev *d)
{
	uint32_t s = rd(d, MMIO_INT_STATUS);
	wr(d, MMIO_INT_ACK, s);
	return s;
}

static uint8_t config8(struct virtio_dev *d, uint32_t off)
{
	return ((volatile uint8_t *)d->transport)[MMIO_CONFIG + off];
}

static int irq_setup(struct virtio_dev *d, void (*fn)(void *), void *arg)
{
	return irq_route(d->irq, true, fn, arg); /* virtio-mmio lines are level */
}

static uint64_t parse_hex(const char **p)
{
	uint64_t v = 0;
	if ((*p)[0] == '0' && ((*p)[1] == 'x' || (*p)[1] == 'X'))
		*p += 2;
	for (;; (*p)++) {
		char c = **p;
		int x = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (x < 0)
			return v;
		v = v * 16 + (uint64_t)x;
	}
}

static void add(uint64_t phys, uint32_t irq)
{
	volatile uint32_t *r = phys_to_virt(phys);
	if (mmio.count == MAX_MMIO || r[MMIO_MAGIC / 4] != MMIO_MAGIC_VALUE)
		return;
	if (r[MMIO_DEVICE_ID / 4] == 0)
		return;
	uint32_t version = r[MMIO_VERSION / 4];
	if (version != 1 && version != 2) {
		kprintf("ingot: virtio-mmio at 0x%lx: unknown version %u\n", phys, version);
		return;
	}
	struct virtio_dev *d = &mmio.dev[mmio.count++];
	*d = (struct virtio_dev){
		.device_id = r[MMIO_DEVICE_ID / 4],
		.irq = irq,
		.legacy = version == 1,
		.transport = (void *)r,
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
}

static const char *find(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (; *s; s++)
		if (!strncmp(s, w, n))
			return s;
	return NULL;
}

int virtio_mmio_probe(const char *cmdline, struct virtio_dev **out, int max)
{
	static const char key[] = "virtio_mmio.device=";
	for (const char *p = cmdline; (p = find(p, key));) {
		p += sizeof key - 1;
		while (*p && *p != '@')
			p++; /* size, e.g. "512" */
		if (*p++ != '@')
			break;
		uint64_t addr = parse_hex(&p);
		uint32_t irq = 0;
		if (*p == ':')
			for (p++; *p >= '0' && *p <= '9'; p++)
				irq = irq * 10 + (uint32_t)(*p - '0');
		add(addr, irq);
	}
	/* No words (a command line QEMU did not amend): microvm's slots, whose
     * GSIs start at 5 without ACPI (QEMU hw/i386/microvm.c). */
	if (!find(cmdline, key))
		for (uint32_t n = 0; n < MICROVM_MMIO_SLOTS; n++)
			add(MICROVM_MMIO_BASE + 0x200 * n, 5 + n);
	int n = 0;
	for (int i = 0; i < mmio.count && n < max; i++)
		out[n++] = &mmio.dev[i];
	return n;
}
