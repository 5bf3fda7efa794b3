/*
 * virtio_rng.c — the virtio entropy device (virtio 1.1 section 5.4) on
 * either transport: one queue, requestq (0), where the driver posts
 * device-writable buffers and the device fills them with random bytes
 * from the host (QEMU: -object rng-random,filename=/dev/urandom).
 *
 * Boot-time only and cheap: one 64-byte request, polled to completion
 * (no interrupt: the used ring is read in a loop bounded by RNG_WAIT_MS),
 * then mixed into random_bytes()'s state by random_mix(). Without the
 * device nothing here runs and random.c is as before.
 */
#include "virtio.h"
#include "../mm/mm.h"
#include "../sys/proc.h"
#include "../arch/x86.h"

/* 64 bytes: more than the 8 the generator's state holds, one request. */
#define RNG_REQUEST 64
/* QEMU's rng-random backend answers from its main loop, in well under a
 * millisecond on a quiet host. Under TCG with 20 guests on 2 host cores
 * that loop went unscheduled for more than 50 ms and the guest booted
 * unseeded; a working device now gets 500 ms. Only a device that never
 * answers pays the bound, and its guest still boots (RDRAND/TSC seed). */
#define RNG_WAIT_MS 500
#define REQUESTQ    0

/* Where the device is in its life (spec 3.1.1 and 2.1). */
enum vrng_state {
	VRNG_ABSENT = 0, /* no device found */
	VRNG_FAILED,	 /* initialisation refused, or no answer in time */
	VRNG_SEEDED,	 /* DRIVER_OK and one request answered and mixed in */
};

static struct {
	enum vrng_state state;
	struct virtq q;
	uint8_t *buf; /* one page; the first RNG_REQUEST bytes are posted */
} vrng;

static int fail(struct virtio_dev *d, const char *why)
{
	kprintf("ingot: virtio-rng: %s\n", why);
	d->set_status(d, d->get_status(d) | VIRTIO_STATUS_FAILED);
	vrng.state = VRNG_FAILED;
	return -EIO;
}

int virtio_rng_init(struct virtio_dev *d)
{
	if (vrng.state == VRNG_SEEDED)
		return -EBUSY; /* one source is enough */
	uint64_t t0 = time_monotonic_ns();
	/* 3.1.1 step 1: reset the device. */
	d->set_status(d, 0);
	/* Steps 2-3: ACKNOWLEDGE, DRIVER. */
	d->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	d->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	/* Step 4: features — the device has none of its own (5.4.3). */
	uint64_t have = d->get_features(d);
	if (!(have & VIRTIO_F_VERSION_1) && !d->legacy)
		return fail(d, "device is not virtio 1.0 (no VERSION_1)");
	d->set_features(d, have & VIRTIO_F_VERSION_1);
	/* Steps 5-6: FEATURES_OK, and the device must keep it. */
	d->set_status(d,
		      VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	if (!(d->get_status(d) & VIRTIO_STATUS_FEATURES_OK))
		return fail(d, "device refused our features");
	/* Step 7: the queue and its buffer (no interrupt: we poll). */
	if (vq_setup(d, &vrng.q, REQUESTQ, 1))
		return fail(d, "cannot set up requestq");
	if (!(vrng.buf = page_alloc()))
		return fail(d, "out of memory");
	/* Step 8: DRIVER_OK, then one device-writable buffer (5.4.6). */
	d->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
				 VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	vrng.q.desc[0] = (struct vq_desc){
		.addr = virt_to_phys(vrng.buf), .len = RNG_REQUEST, .flags = VQ_DESC_F_WRITE};
	vq_push(&vrng.q, 0, true);
	uint32_t id, len = 0;
	uint64_t deadline = t0 + (uint64_t)RNG_WAIT_MS * 1000000;
	while (!vq_pop(&vrng.q, &id, &len)) {
		if (time_monotonic_ns() > deadline)
			return fail(d, "no answer to the first request");
		cpu_pause();
	}
	len = MIN(len, (uint32_t)RNG_REQUEST); /* the device may fill less (5.4.6.1) */
	random_mix(vrng.buf, len);
	memset(vrng.buf, 0, RNG_REQUEST);
	vrng.state = VRNG_SEEDED;
	if (proc.debug)
		kprintf("ingot: random: seeded from virtio-rng (%u bytes in %lu us)\n", len,
			(time_monotonic_ns() - t0) / 1000);
	return 0;
}
