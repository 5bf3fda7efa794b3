/*
 * virtio.h — virtio 1.0 devices over two transports (virtio-mmio on
 * microvm, virtio-pci modern on q35) and split virtqueues.
 *
 * Numbers are from the virtio 1.1 specification (OASIS, 2019): status
 * bits 2.1, feature bits 6, split virtqueue layout 2.6, MMIO registers
 * 4.2.2, PCI capabilities 4.1.4. A driver sees only struct virtio_dev and
 * the vq_* helpers; the transport fills in the function pointers.
 *
 * Concurrency: every function here requires interrupts off (the caller is
 * a syscall, boot, or the device's interrupt handler).
 */
#ifndef INGOT_VIRTIO_H
#define INGOT_VIRTIO_H
#include "../include/kernel.h"

/* Device status bits (spec 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER	  2
#define VIRTIO_STATUS_DRIVER_OK	  4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED	  128

#define VIRTIO_F_VERSION_1 (1ULL << 32) /* spec 6 */
#define VIRTIO_ID_NET	   1		/* spec 5 */
#define VIRTIO_ID_BLOCK	   2
#define VIRTIO_ID_RNG	   4

/* Split virtqueue (spec 2.6). */
struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};
#define VQ_DESC_F_NEXT	1
#define VQ_DESC_F_WRITE 2
struct vq_avail {
	uint16_t flags, idx, ring[];
};
struct vq_used_elem {
	uint32_t id, len;
};
struct vq_used {
	uint16_t flags, idx;
	struct vq_used_elem ring[];
};
#define VQ_USED_F_NO_NOTIFY 1

struct virtq {
	uint16_t num;	    /* entries (power of two) */
	uint16_t index;	    /* queue number in the device */
	uint16_t last_used; /* next used->idx entry to consume */
	uint16_t avail_idx; /* our copy of avail->idx */
	struct vq_desc *desc;
	struct vq_avail *avail;
	struct vq_used *used;
	struct virtio_dev *dev;
};

struct virtio_dev {
	uint32_t device_id;
	uint32_t irq;	 /* GSI (IOAPIC input) */
	bool legacy;	 /* a pre-1.0 ("legacy") virtio-mmio device: no VERSION_1 */
	void *transport; /* the transport's own state */
	uint8_t (*get_status)(struct virtio_dev *d);
	void (*set_status)(struct virtio_dev *d, uint8_t s);
	uint64_t (*get_features)(struct virtio_dev *d);
	void (*set_features)(struct virtio_dev *d, uint64_t f);
	/* Returns the device's maximum size for queue q (0: no such queue). */
	uint16_t (*queue_max)(struct virtio_dev *d, uint16_t q);
	void (*queue_enable)(struct virtio_dev *d, struct virtq *vq);
	void (*notify)(struct virtio_dev *d, struct virtq *vq);
	/* Reads and acknowledges the interrupt status (bit 0 queue, bit 1 config). */
	uint32_t (*isr)(struct virtio_dev *d);
	uint8_t (*config8)(struct virtio_dev *d, uint32_t off);
	/* Connects the device's interrupt to fn(arg); before vq_setup. */
	int (*irq_setup)(struct virtio_dev *d, void (*fn)(void *), void *arg);
};

/* Sets the queue up (rings zeroed, in DMA-able memory) with at most max
 * entries and tells the device. Returns 0 or -ENOMEM/-ENODEV. */
int vq_setup(struct virtio_dev *d, struct virtq *vq, uint16_t index, uint16_t max);
/* Makes descriptor head available and (if kick) notifies the device. */
void vq_push(struct virtq *vq, uint16_t head, bool kick);
/* Takes the next used element; returns false when there is none. */
bool vq_pop(struct virtq *vq, uint32_t *id, uint32_t *len);

/* virtio_mmio.c: finds the devices QEMU described on the command line
 * (virtio_mmio.device=SIZE@ADDR:IRQ) or at microvm's fixed slots. */
int virtio_mmio_probe(const char *cmdline, struct virtio_dev **out, int max);
/* virtio_pci.c: modern virtio-pci devices on PCI bus 0 (q35). */
int virtio_pci_probe(struct virtio_dev **out, int max);

/* virtio_irq.c: routes GSI irq through the IOAPIC (active high, level-
 * or edge-triggered, to the boot CPU) to a fresh vector whose handler is
 * fn(arg). */
int irq_route(uint32_t gsi, bool level, void (*fn)(void *), void *arg);
/* A vector for fn(arg) without routing (MSI-X): returns it or -ENOSPC. */
int irq_alloc_vector(void (*fn)(void *), void *arg);
uint64_t irq_msi_address(void);
/* For arch/trap.c: runs the handler of a device vector and sends EOI.
 * Returns false if the vector is not a device's. */
bool irq_dispatch(uint64_t vector);

/* virtio_net.c */
int virtio_net_init(struct virtio_dev *d);
/* Runs the receive side as the interrupt would (boot, interrupts off). */
void virtio_net_poll(void);

/* virtio_rng.c: one request, polled; mixes it into random_bytes().
 * Returns 0 or -EIO/-EBUSY. */
int virtio_rng_init(struct virtio_dev *d);

/* virtio_blk.c: a block device behind drivers/blk.h (numbered in the order
 * initialised). Returns 0 or -EIO/-ENOSPC. */
int virtio_blk_init(struct virtio_dev *d);
void virtio_blk_stats(int dev, uint64_t *irqs, uint64_t *requests);
#endif
