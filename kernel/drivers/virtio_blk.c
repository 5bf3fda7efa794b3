/*
 * virtio_blk.c — the virtio block device (virtio 1.1 section 5.2) on
 * either transport, behind drivers/blk.h.
 *
 * One request queue (0). A request is a chain of three descriptors
 * (5.2.6): a device-readable header {type, reserved, sector}, the data
 * (device-writable for reads), and a device-writable status byte; FLUSH
 * has no data. One request is in flight per device: callers queue up on
 * `idle`, the owner posts the chain, sleeps on `done_wq` and the device's
 * interrupt wakes it. A 10 ms re-check of the used ring backs the
 * interrupt up (a lost or unrouted interrupt costs latency, not a hang),
 * and a device silent for BLK_TIMEOUT_MS fails the request with -EIO.
 * A request is not interruptible (Linux's D state): a pending signal only
 * turns the sleeps into polls of the used ring.
 * Data goes through a per-device DMA buffer of BLK_CHUNK bytes (physically
 * contiguous, so any kernel buffer works); larger transfers are split.
 *
 * Features: VERSION_1, RO (writes refused), FLUSH (else flush is a no-op:
 * the device has no volatile cache to write back, 5.2.5). Sizes are in
 * 512-byte sectors whatever the device's logical block size (5.2.6).
 */
#include "virtio.h"
#include "blk.h"
#include "../mm/mm.h"
#include "../include/wait.h"
#include "../sched/sched.h"
#include "../sys/proc.h"

#define BLK_F_RO       (1ULL << 5) /* 5.2.3 */
#define BLK_F_FLUSH    (1ULL << 9)
#define BLK_T_IN       0 /* 5.2.6 */
#define BLK_T_OUT      1
#define BLK_T_FLUSH    4
#define BLK_S_OK       0
#define BLK_CHUNK      (64 * 1024) /* bytes per request: 128 sectors */
#define BLK_TIMEOUT_MS 30000	   /* a host disk under load can stall for seconds */
#define BLK_RECHECK_NS 10000000ull
#define MAX_BLK	       4
#define REQUESTQ       0

/* Where a device is in its life (spec 3.1.1 and 2.1). */
enum vblk_state {
	VBLK_ABSENT = 0, /* slot unused */
	VBLK_FAILED,	 /* initialisation refused (status FAILED written) */
	VBLK_READY,	 /* DRIVER_OK: requests accepted */
};

struct vblk_hdr {
	uint32_t type, reserved;
	uint64_t sector;
};

static struct vblk {
	enum vblk_state state;
	struct virtio_dev *dev;
	struct virtq q;
	uint64_t capacity; /* sectors */
	bool ro, flush;
	struct vblk_hdr *hdr; /* one page: header at 0, status byte at 64 */
	volatile uint8_t *status;
	uint8_t *buf; /* BLK_CHUNK bytes of DMA buffer */
	/* Guarded by interrupts off (every path here runs with IF clear). */
	bool busy; /* a request is posted */
	bool done; /* its chain came back in the used ring */
	struct waitq idle, done_wq;
	uint64_t irqs, requests;
} vblk[MAX_BLK];
static int nblk;
static bool polling; /* blk_poll_mode: spin on the used ring, never sleep */

void blk_poll_mode(bool on)
{
	polling = on;
}

/* Takes finished chains off the used ring; interrupt or re-check. */
static void collect(struct vblk *b)
{
	uint32_t id, len;
	while (vq_pop(&b->q, &id, &len))
		if (id == 0)
			b->done = true;
	if (b->done)
		waitq_wake_all(&b->done_wq);
}

static void vblk_irq(void *arg)
{
	struct vblk *b = arg;
	b->dev->isr(b->dev);
	b->irqs++;
	collect(b);
}

/*
 * Waits until no request is in flight. Block I/O is not interruptible (as
 * Linux's D state): with a signal pending waitq_wait returns at once, so
 * then we look at the used ring ourselves (which wakes the owner when its
 * request is done) and yield the CPU so the owner can finish.
 * Returns 0, or -EIO once the device has failed.
 */
static int acquire(struct vblk *b)
{
	while (b->busy && b->state == VBLK_READY)
		if (waitq_wait(&b->idle, 0) == -EINTR) {
			collect(b);
			sched_yield_cpu();
		}
	return b->state == VBLK_READY ? 0 : -EIO;
}

/* Posts one request (bytes 0 for FLUSH) and waits for its status. */
static int request(struct vblk *b, uint32_t type, uint64_t sector, uint32_t bytes)
{
	int r = acquire(b);
	if (r)
		return r;
	b->busy = true;
	b->done = false;
	*b->hdr = (struct vblk_hdr){.type = type, .sector = sector};
	*b->status = 0xff;
	uint16_t st = 1;
	b->q.desc[0] = (struct vq_desc){.addr = virt_to_phys(b->hdr),
					.len = sizeof *b->hdr,
					.flags = VQ_DESC_F_NEXT,
					.next = 1};
	if (bytes) {
		b->q.desc[1] = (struct vq_desc){.addr = virt_to_phys(b->buf),
						.len = bytes,
						.flags = VQ_DESC_F_NEXT |
							 (type == BLK_T_IN ? VQ_DESC_F_WRITE : 0),
						.next = 2};
		st = 2;
	}
	b->q.desc[st - 1].next = st;
	b->q.desc[st] = (struct vq_desc){
		.addr = virt_to_phys((const void *)b->status), .len = 1, .flags = VQ_DESC_F_WRITE};
	vq_push(&b->q, 0, true);
	b->requests++;
	/* With a signal pending waitq_wait returns at once: then this polls. */
	uint64_t deadline = time_monotonic_ns() + (uint64_t)BLK_TIMEOUT_MS * 1000000;
	while (!b->done) {
		collect(b);
		if (b->done)
			break;
		uint64_t now = time_monotonic_ns();
		if (now >= deadline)
			break;
		if (polling)
			__builtin_ia32_pause();
		else
			waitq_wait(&b->done_wq, MIN(deadline, now + BLK_RECHECK_NS));
	}
	r = !b->done ? -EIO : *b->status == BLK_S_OK ? 0 : -EIO;
	if (!b->done)
		kprintf("ingot: virtio-blk: no answer to a request in %d ms\n", BLK_TIMEOUT_MS);
	/* A request that timed out leaves its chain with the device: keep the
     * device busy for good rather than reuse descriptors it may still write. */
	if (b->done) {
		b->busy = false;
		waitq_wake_one(&b->idle);
	} else {
		b->state = VBLK_FAILED;
		waitq_wake_all(&b->idle); /* every waiter gets -EIO */
	}
	return r;
}

static struct vblk *get(int dev)
{
	return dev >= 0 && dev < nblk && vblk[dev].state == VBLK_READY ? &vblk[dev] : NULL;
}

int blk_count(void)
{
	return nblk;
}
uint64_t blk_capacity(int dev)
{
	struct vblk *b = get(dev);
	return b ? b->capacity : 0;
}
bool blk_readonly(int dev)
{
	struct vblk *b = get(dev);
	return b && b->ro;
}

static int check(struct vblk *b, uint64_t sector, uint32_t count)
{
	if (!b)
		return -ENODEV;
	if (count == 0 || sector >= b->capacity || count > b->capacity - sector)
		return -EINVAL;
	return 0;
}

int blk_read(int dev, uint64_t sector, void *buf, uint32_t count)
{
	struct vblk *b = get(dev);
	int r = check(b, sector, count);
	for (uint8_t *p = buf; !r && count;) {
		uint32_t n = MIN(count, (uint32_t)(BLK_CHUNK / BLK_SECTOR));
		if (!(r = request(b, BLK_T_IN, sector, n * BLK_SECTOR)))
			memcpy(p, b->buf, n * BLK_SECTOR);
		p += n * BLK_SECTOR, sector += n, count -= n;
	}
	return r;
}

int blk_write(int dev, uint64_t sector, const void *buf, uint32_t count)
{
	struct vblk *b = get(dev);
	int r = check(b, sector, count);
	if (!r && b->ro)
		return -EROFS;
	for (const uint8_t *p = buf; !r && count;) {
		uint32_t n = MIN(count, (uint32_t)(BLK_CHUNK / BLK_SECTOR));
		/* The copy happens once the device is ours: another caller's
         * request also uses b->buf. Nothing runs between acquire and
         * request (syscalls are not preempted). */
		if ((r = acquire(b)))
			break;
		memcpy(b->buf, p, n * BLK_SECTOR);
		r = request(b, BLK_T_OUT, sector, n * BLK_SECTOR);
		p += n * BLK_SECTOR, sector += n, count -= n;
	}
	return r;
}

int blk_flush(int dev)
{
	struct vblk *b = get(dev);
	if (!b)
		return -ENODEV;
	return b->flush ? request(b, BLK_T_FLUSH, 0, 0) : 0;
}

static int fail(struct vblk *b, const char *why)
{
	kprintf("ingot: virtio-blk: %s\n", why);
	b->dev->set_status(b->dev, b->dev->get_status(b->dev) | VIRTIO_STATUS_FAILED);
	b->state = VBLK_FAILED;
	return -EIO;
}

int virtio_blk_init(struct virtio_dev *d)
{
	if (nblk == MAX_BLK)
		return -ENOSPC;
	struct vblk *b = &vblk[nblk++];
	b->dev = d;
	waitq_init(&b->idle);
	waitq_init(&b->done_wq);
	/* 3.1.1 step 1: reset the device. */
	d->set_status(d, 0);
	/* Steps 2-3: ACKNOWLEDGE, DRIVER. */
	d->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	d->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	/* Step 4: the features we understand. */
	uint64_t have = d->get_features(d);
	if (!(have & VIRTIO_F_VERSION_1) && !d->legacy)
		return fail(b, "device is not virtio 1.0 (no VERSION_1)");
	uint64_t want = have & (VIRTIO_F_VERSION_1 | BLK_F_RO | BLK_F_FLUSH);
	d->set_features(d, want);
	/* Steps 5-6: FEATURES_OK, and the device must keep it. */
	d->set_status(d,
		      VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	if (!(d->get_status(d) & VIRTIO_STATUS_FEATURES_OK))
		return fail(b, "device refused our features");
	/* Step 7: interrupt, queue, buffers; the capacity (5.2.4, config offset 0). */
	if (d->irq_setup(d, vblk_irq, b))
		return fail(b, "no interrupt vector left");
	if (vq_setup(d, &b->q, REQUESTQ, 8))
		return fail(b, "cannot set up the request queue");
	if (b->q.num < 3)
		return fail(b, "request queue too small for a 3-descriptor request");
	uint8_t *page = page_alloc();
	if (!page || !(b->buf = page_alloc_n(BLK_CHUNK / PAGE_SIZE)))
		return fail(b, "out of memory for buffers");
	b->hdr = (struct vblk_hdr *)page;
	b->status = page + 64;
	for (int i = 7; i >= 0; i--)
		b->capacity = b->capacity << 8 | d->config8(d, (uint32_t)i);
	b->ro = want & BLK_F_RO;
	b->flush = want & BLK_F_FLUSH;
	/* Step 8: DRIVER_OK. */
	d->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
				 VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	b->state = VBLK_READY;
	if (proc.debug)
		kprintf("ingot: virtio-blk%d: %lu sectors (%lu MiB)%s%s\n", nblk - 1, b->capacity,
			b->capacity >> 11, b->ro ? ", read-only" : "", b->flush ? ", flush" : "");
	return 0;
}

/* For ingot.debug and the self-check: interrupts taken, requests made. */
void virtio_blk_stats(int dev, uint64_t *irqs, uint64_t *requests)
{
	struct vblk *b = dev >= 0 && dev < nblk ? &vblk[dev] : NULL;
	*irqs = b ? b->irqs : 0;
	*requests = b ? b->requests : 0;
}
