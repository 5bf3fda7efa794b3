/*
 * virtio_net.c — the virtio network device (virtio 1.1 section 5.1) on
 * either transport: one receive queue (0) and one transmit queue (1), no
 * offloads, no mergeable buffers.
 *
 * Every descriptor owns one fixed 2 KiB buffer (half a page): the 12-byte
 * virtio_net_hdr (5.1.6, VERSION_1 layout) followed by a frame of at most
 * 1514 bytes. Receive buffers are all posted at start and re-posted as
 * soon as net_input has copied the frame out; transmit buffers come from
 * a free stack refilled from the used ring. The interrupt handler does
 * the receive work, so the stack runs with no polling loop.
 */
#include "virtio.h"
#include "../mm/mm.h"
#include "../net/net.h"
#include "../arch/x86.h"

#define NET_F_MAC (1ULL << 5) /* 5.1.3 */
/* 5.1.6 struct virtio_net_hdr: flags, gso_type, hdr_len, gso_size,
 * csum_start, csum_offset (10 bytes), plus num_buffers with VERSION_1. */
#define NET_HDR_LEN (vnet.dev->legacy ? 10 : 12)
#define BUF_SIZE    2048
#define QUEUE_MAX   256
#define RXQ	    0
#define TXQ	    1

/* Where the device is in its life (spec 3.1.1 and 2.1). */
enum vnet_state {
	VNET_ABSENT = 0, /* no device found */
	VNET_FAILED,	 /* initialisation refused (status FAILED written) */
	VNET_RUNNING,	 /* DRIVER_OK: queues live, interrupts routed */
};

static struct {
	enum vnet_state state;
	struct virtio_dev *dev;
	struct virtq rx, tx;
	uint8_t *rxbuf[QUEUE_MAX], *txbuf[QUEUE_MAX];
	uint16_t txfree[QUEUE_MAX]; /* stack of free tx descriptor ids */
	uint16_t ntxfree;
	uint8_t mac[6];
	uint64_t rx_frames, tx_frames, tx_drops;
} vnet;

static void post_rx(uint16_t id, bool kick)
{
	struct vq_desc *d = &vnet.rx.desc[id];
	d->addr = virt_to_phys(vnet.rxbuf[id]);
	d->len = BUF_SIZE;
	d->flags = VQ_DESC_F_WRITE;
	vq_push(&vnet.rx, id, kick);
}

static void reclaim_tx(void)
{
	uint32_t id, len;
	while (vq_pop(&vnet.tx, &id, &len))
		if (id < vnet.tx.num)
			vnet.txfree[vnet.ntxfree++] = (uint16_t)id;
}

/* Interrupt: acknowledge, hand every received frame to the stack,
 * re-post its buffer, and collect finished transmissions. */
static void vnet_irq(void *arg)
{
	vnet.dev->isr(vnet.dev);
	virtio_net_poll();
}

void virtio_net_poll(void)
{
	if (vnet.state != VNET_RUNNING)
		return;
	uint32_t id, len;
	int n = 0;
	while (vq_pop(&vnet.rx, &id, &len)) {
		if (id >= vnet.rx.num)
			panic("virtio-net: device returned rx descriptor %u", id);
		if (len > NET_HDR_LEN)
			net_input(vnet.rxbuf[id] + NET_HDR_LEN, len - NET_HDR_LEN);
		vnet.rx_frames++;
		post_rx((uint16_t)id, false);
		n++;
	}
	if (n && !(*(volatile uint16_t *)&vnet.rx.used->flags & VQ_USED_F_NO_NOTIFY))
		vnet.dev->notify(vnet.dev, &vnet.rx);
	reclaim_tx();
	net_interrupt();
}

/* Sends one frame of len bytes, which fill() writes into the buffer.
 * Returns 0, or -ENOMEM when every transmit buffer is in flight. */
int virtio_net_tx(size_t len, void (*fill)(void *dst, void *ctx), void *ctx)
{
	if (vnet.state != VNET_RUNNING)
		return -ENODEV;
	if (len > BUF_SIZE - NET_HDR_LEN)
		return -EINVAL;
	if (!vnet.ntxfree)
		reclaim_tx();
	for (int spin = 0; !vnet.ntxfree && spin < 100000; spin++) {
		cpu_pause();
		reclaim_tx();
	}
	if (!vnet.ntxfree) {
		vnet.tx_drops++;
		return -ENOMEM;
	}
	uint16_t id = vnet.txfree[--vnet.ntxfree];
	uint8_t *buf = vnet.txbuf[id];
	memset(buf, 0, NET_HDR_LEN);
	fill(buf + NET_HDR_LEN, ctx);
	struct vq_desc *d = &vnet.tx.desc[id];
	d->addr = virt_to_phys(buf);
	d->len = (uint32_t)(NET_HDR_LEN + len);
	d->flags = 0;
	vq_push(&vnet.tx, id, true);
	vnet.tx_frames++;
	return 0;
}

const uint8_t *virtio_net_mac(void)
{
	return vnet.state == VNET_RUNNING ? vnet.mac : NULL;
}

static int fail(struct virtio_dev *d, const char *why)
{
	kprintf("ingot: virtio-net: %s\n", why);
	d->set_status(d, d->get_status(d) | VIRTIO_STATUS_FAILED);
	vnet.state = VNET_FAILED;
	return -EIO;
}

static int alloc_buffers(uint8_t **bufs, uint16_t num)
{
	for (uint16_t i = 0; i < num; i += 2) {
		uint8_t *page = page_alloc();
		if (!page)
			return -ENOMEM;
		bufs[i] = page;
		if (i + 1 < num)
			bufs[i + 1] = page + BUF_SIZE;
	}
	return 0;
}

int virtio_net_init(struct virtio_dev *d)
{
	if (vnet.state == VNET_RUNNING)
		return -EBUSY; /* one interface is all the stack uses */
	vnet.dev = d;
	/* 3.1.1 step 1: reset the device. */
	d->set_status(d, 0);
	/* Step 2: ACKNOWLEDGE — we noticed the device. */
	d->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	/* Step 3: DRIVER — we know how to drive it. */
	d->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	/* Step 4: read the device's features, write the subset we understand. */
	uint64_t have = d->get_features(d);
	if (!(have & VIRTIO_F_VERSION_1) && !d->legacy)
		return fail(d, "device is not virtio 1.0 (no VERSION_1)");
	d->set_features(d, (have & VIRTIO_F_VERSION_1) | (have & NET_F_MAC));
	/* Step 5: FEATURES_OK — no more feature changes (legacy devices have
     * no such bit and ignore it). */
	d->set_status(d,
		      VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	/* Step 6: re-read status: the device must still say FEATURES_OK. */
	if (!(d->get_status(d) & VIRTIO_STATUS_FEATURES_OK))
		return fail(d, "device refused our features");
	/* Step 7: device-specific setup — interrupt, queues, buffers, MAC. */
	if (d->irq_setup(d, vnet_irq, NULL))
		return fail(d, "no interrupt vector left");
	if (vq_setup(d, &vnet.rx, RXQ, QUEUE_MAX) || vq_setup(d, &vnet.tx, TXQ, QUEUE_MAX))
		return fail(d, "cannot set up the queues");
	if (alloc_buffers(vnet.rxbuf, vnet.rx.num) || alloc_buffers(vnet.txbuf, vnet.tx.num))
		return fail(d, "out of memory for buffers");
	for (uint16_t i = 0; i < vnet.tx.num; i++)
		vnet.txfree[vnet.ntxfree++] = i;
	static const uint8_t local_mac[6] = {0x52, 0x54, 0x00,
					     0x12, 0x34, 0x56}; /* QEMU's default */
	for (int i = 0; i < 6; i++)
		vnet.mac[i] = (have & NET_F_MAC) ? d->config8(d, (uint32_t)i) : local_mac[i];
	/* Step 8: DRIVER_OK — the device is live. */
	d->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
				 VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	vnet.state = VNET_RUNNING;
	for (uint16_t i = 0; i < vnet.rx.num; i++)
		post_rx(i, i + 1 == vnet.rx.num);
	return 0;
}
