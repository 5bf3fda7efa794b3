/*
 * virtio_queue.c — split virtqueues (virtio 1.1 section 2.6).
 *
 * The rings sit in one zeroed page run laid out as legacy devices need it
 * (2.6.2: descriptor table, driver ("available") ring, then the device
 * ("used") ring at the next 4 KiB boundary); virtio 1.0 devices are given
 * the three addresses separately, so the same layout serves both. The
 * driver owns the descriptors; a
 * driver puts a chain's head in the available ring and later finds it in
 * the used ring. Memory barriers: x86 keeps stores in order, so a
 * compiler barrier between filling a ring entry and publishing the index
 * is what 2.6.13 asks for ("mb" before idx update), plus an mfence before
 * notifying so the device cannot read a stale idx after the kick.
 */
#include "virtio.h"
#include "../mm/mm.h"

#define barrier() __asm__ volatile("" ::: "memory")

int vq_setup(struct virtio_dev *d, struct virtq *vq, uint16_t index, uint16_t max)
{
	uint16_t num = d->queue_max(d, index);
	if (num == 0)
		return -ENODEV;
	if (num > max)
		num = max;
	while (num & (num - 1)) /* split queues need a power of two */
		num &= (uint16_t)(num - 1);
	vq->num = num;
	vq->index = index;
	vq->dev = d;
	vq->last_used = vq->avail_idx = 0;
	size_t used_off = PAGE_ALIGN_UP(16u * num + 6u + 2u * num);
	uint8_t *mem = page_alloc_n((used_off + PAGE_ALIGN_UP(6u + 8u * num)) / PAGE_SIZE);
	if (!mem)
		return -ENOMEM;
	vq->desc = (struct vq_desc *)mem;
	vq->avail = (struct vq_avail *)(mem + 16u * num);
	vq->used = (struct vq_used *)(mem + used_off);
	d->queue_enable(d, vq);
	return 0;
}

void vq_push(struct virtq *vq, uint16_t head, bool kick)
{
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	barrier();
	vq->avail_idx++;
	*(volatile uint16_t *)&vq->avail->idx = vq->avail_idx;
	if (kick) {
		__asm__ volatile("mfence" ::: "memory");
		/* 2.6.7.2: the device may say it needs no kick (it is already
         * processing the queue): an MMIO write saved is a VM exit saved. */
		if (!(*(volatile uint16_t *)&vq->used->flags & VQ_USED_F_NO_NOTIFY))
			vq->dev->notify(vq->dev, vq);
	}
}

bool vq_pop(struct virtq *vq, uint32_t *id, uint32_t *len)
{
	uint16_t used_idx = *(volatile uint16_t *)&vq->used->idx;
	if (used_idx == vq->last_used)
		return false;
	barrier();
	struct vq_used_elem *e = &vq->used->ring[vq->last_used & (vq->num - 1)];
	*id = e->id;
	*len = e->len;
	vq->last_used++;
	return true;
}
