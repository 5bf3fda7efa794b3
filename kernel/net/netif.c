/*
 * netif.c — lwIP's side of Ingot: start-up, the Ethernet interface over
 * virtio-net, received frames in, lwIP's clock and randomness.
 *
 * Configuration (docs/boot-protocol.md): static 10.0.2.15/24 via
 * 10.0.2.2 (QEMU user networking) unless the command line says
 * ingot.ip=A.B.C.D/N and ingot.gw=A.B.C.D. With ingot.dhcp=1, DHCP first:
 * net_init waits up to DHCP_WAIT_MS for a lease and, without one, falls
 * back to that static address; either way the address is settled before
 * the program starts. A virtio-rng device, if any, seeds random_bytes().
 */
#include "net.h"
#include "../drivers/virtio.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/etharp.h"
#include "lwip/timeouts.h"
#include "lwip/dhcp.h"
#include "lwip/ethip6.h"
#include "netif/ethernet.h"
#include "../sys/proc.h"
#include "../arch/x86.h"
#include "../fs/fs.h"

/* How long ingot.dhcp=1 waits for a lease before the static fallback.
 * QEMU's slirp answers DISCOVER and REQUEST within milliseconds; lwIP
 * resends a lost DISCOVER after 1 s (dhcp.c: 2^tries seconds), so 1.5 s
 * covers one lost packet and its resend, and no more: boot time matters. */
#define DHCP_WAIT_MS 1500

static struct {
	struct netif nif;
	bool up; /* a NIC was found and the interface is up */
} net;

static const char *word(const char *cmdline, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = cmdline; *p; p++)
		if ((p == cmdline || p[-1] == ' ') && !strncmp(p, key, n))
			return p + n;
	return NULL;
}

/* Parses "A.B.C.D" (and "/N" if prefix is not NULL). Returns false if malformed. */
static bool parse_ip(const char *s, uint32_t *host_order, int *prefix)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		uint32_t b = 0;
		int digits = 0;
		for (; *s >= '0' && *s <= '9' && digits < 4; s++, digits++)
			b = b * 10 + (uint32_t)(*s - '0');
		if (!digits || b > 255 || (i < 3 && *s++ != '.'))
			return false;
		v = v << 8 | b;
	}
	*host_order = v;
	if (prefix && *s == '/') {
		int n = 0;
		for (s++; *s >= '0' && *s <= '9'; s++)
			n = n * 10 + (*s - '0');
		if (n < 1 || n > 32)
			return false;
		*prefix = n;
	}
	return true;
}

void *net_memcpy(void *dst, const void *src, unsigned long n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	for (; n >= 8; n -= 8, d += 8, s += 8) {
		uint64_t v; /* x86 loads and stores words at any alignment */
		__builtin_memcpy(&v, s, 8);
		__builtin_memcpy(d, &v, 8);
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

/* The frame starts after lwIP's ETH_PAD_SIZE bytes of padding. */
static void fill_from_pbuf(void *dst, void *ctx)
{
	struct pbuf *p = ctx;
	pbuf_copy_partial(p, dst, (u16_t)(p->tot_len - ETH_PAD_SIZE), ETH_PAD_SIZE);
}

static err_t link_output(struct netif *nif, struct pbuf *p)
{
	return virtio_net_tx(p->tot_len - ETH_PAD_SIZE, fill_from_pbuf, p) ? ERR_MEM : ERR_OK;
}

static err_t nif_init(struct netif *nif)
{
	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->output = etharp_output;
	nif->output_ip6 = ethip6_output;
	nif->linkoutput = link_output;
	nif->mtu = 1500;
	nif->hwaddr_len = 6;
	memcpy(nif->hwaddr, virtio_net_mac(), 6);
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET |
		     NETIF_FLAG_LINK_UP | NETIF_FLAG_MLD6;
	return ERR_OK;
}

void net_input(const void *frame, size_t len)
{
	if (!net.up || len > 0xffff - ETH_PAD_SIZE)
		return;
	struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)(len + ETH_PAD_SIZE), PBUF_POOL);
	if (!p)
		return; /* out of memory: the frame is dropped, TCP resends */
	pbuf_take_at(p, frame, (u16_t)len, ETH_PAD_SIZE);
	if (net.nif.input(p, &net.nif) != ERR_OK)
		pbuf_free(p);
}

void net_interrupt(void)
{
	sys_check_timeouts();
	net_flush();
}

/* Delivering a looped packet may loop back another (a SYN's SYN-ACK):
 * go round until the queues are empty, or a bounded number of times. */
void net_flush(void)
{
	for (int round = 0; round < 16; round++) {
		netif_poll_all();
		bool more = false;
		struct netif *n;
		NETIF_FOREACH(n)
		more |= n->loop_first != NULL;
		if (!more)
			return;
	}
}

uint64_t net_poll(void)
{
	sys_check_timeouts();
	net_flush();
	u32_t ms = sys_timeouts_sleeptime();
	if (ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE)
		return 0;
	return time_monotonic_ns() + (uint64_t)ms * 1000000;
}

static void set_static(uint32_t ip, int prefix, uint32_t gw)
{
	ip4_addr_t a, m, g;
	ip4_addr_set_u32(&a, lwip_htonl(ip));
	ip4_addr_set_u32(&m, lwip_htonl(prefix == 32 ? 0xffffffffu : ~(0xffffffffu >> prefix)));
	ip4_addr_set_u32(&g, lwip_htonl(gw));
	netif_set_addr(&net.nif, &a, &m, &g);
}

/* ingot.dhcp=1: polls the NIC (boot runs with interrupts off) until a
 * lease is bound or DHCP_WAIT_MS pass. Returns true with a lease. */
static bool dhcp_wait(void)
{
	uint64_t t0 = time_monotonic_ns(), deadline = t0 + (uint64_t)DHCP_WAIT_MS * 1000000;
	if (dhcp_start(&net.nif) != ERR_OK)
		return false;
	while (!dhcp_supplied_address(&net.nif) && time_monotonic_ns() < deadline) {
		virtio_net_poll();
		cpu_pause();
	}
	if (!dhcp_supplied_address(&net.nif)) {
		dhcp_release_and_stop(&net.nif);
		return false;
	}
	if (proc.debug) {
		char a[16], g[16];
		kprintf("ingot: net: DHCP lease %s via %s in %lu ms\n",
			ip4addr_ntoa_r(netif_ip4_addr(&net.nif), a, sizeof a),
			ip4addr_ntoa_r(netif_ip4_gw(&net.nif), g, sizeof g),
			(time_monotonic_ns() - t0) / 1000000);
	}
	return true;
}

void net_init(const char *cmdline)
{
	lwip_init();
	struct virtio_dev *devs[8];
	int n = virtio_mmio_probe(cmdline, devs, 8);
	n += virtio_pci_probe(devs + n, 8 - n);
	bool nic = false;
	for (int i = 0; i < n; i++) {
		if (devs[i]->device_id == VIRTIO_ID_NET && !nic)
			nic = virtio_net_init(devs[i]) == 0;
		else if (devs[i]->device_id == VIRTIO_ID_RNG)
			virtio_rng_init(devs[i]);
		else if (devs[i]->device_id == VIRTIO_ID_BLOCK)
			virtio_blk_init(devs[i]);
	}
	if (!nic)
		return;
	if (net_timer_start())
		kprintf("ingot: net: no timer interrupt; lwIP timers run only on network activity\n");
	uint32_t ip, gw;
	int prefix = INGOT_DEFAULT_PREFIX;
	parse_ip(INGOT_DEFAULT_IP, &ip, NULL);
	parse_ip(INGOT_DEFAULT_GW, &gw, NULL);
	const char *v;
	if ((v = word(cmdline, INGOT_CMDLINE_IP)) && !parse_ip(v, &ip, &prefix))
		kprintf("ingot: net: bad " INGOT_CMDLINE_IP ", using " INGOT_DEFAULT_IP "/%d\n",
			INGOT_DEFAULT_PREFIX);
	if ((v = word(cmdline, INGOT_CMDLINE_GW)) && !parse_ip(v, &gw, NULL))
		kprintf("ingot: net: bad " INGOT_CMDLINE_GW ", using " INGOT_DEFAULT_GW "\n");
	bool dhcp = word(cmdline, INGOT_CMDLINE_DHCP) != NULL;
	if (!netif_add(&net.nif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, NULL, nif_init,
		       ethernet_input))
		panic("net: netif_add failed");
	if (!dhcp)
		set_static(ip, prefix, gw);
	NETIF_SET_CHECKSUM_CTRL(&net.nif, NETIF_CHECKSUM_ENABLE_ALL);
	/* IPv6: a link-local address from the MAC (usable once duplicate
     * detection passes, ~1 s, in the background) and SLAAC from the
     * router's advertisement. Nothing at boot waits for either. */
	netif_create_ip6_linklocal_address(&net.nif, 1);
	netif_set_ip6_autoconfig_enabled(&net.nif, 1);
	netif_set_default(&net.nif);
	netif_set_up(&net.nif);
	net.up = true;
	if (dhcp && !dhcp_wait()) {
		kprintf("ingot: net: no DHCP lease in %d ms, using static %u.%u.%u.%u/%d\n",
			DHCP_WAIT_MS, ip >> 24, ip >> 16 & 255, ip >> 8 & 255, ip & 255, prefix);
		set_static(ip, prefix, gw);
	}
	etharp_request(
		&net.nif,
		netif_ip4_gw(&net.nif)); /* learn the gateway's MAC before anyone waits for it */
}

/* Linux's format: address (32 hex digits), interface index, prefix
 * length, scope (0x10 host, 0x20 link, 0 global), flags (0x80 permanent),
 * name. Addresses still in duplicate detection are left out. */
size_t net_if_inet6(char *buf, size_t size)
{
	size_t len = 0;
	struct netif *n;
	NETIF_FOREACH(n)
	{
		for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
			if (!ip6_addr_isvalid(netif_ip6_addr_state(n, i)) || len + 64 > size)
				continue;
			const ip6_addr_t *a = netif_ip6_addr(n, i);
			bool lo = ip6_addr_isloopback(a);
			for (int w = 0; w < 4; w++)
				ksnprintf(buf + len + 8 * w, 9, "%08x", lwip_ntohl(a->addr[w]));
			len += 32;
			len += (size_t)ksnprintf(buf + len, size - len, " %02x %02x %02x 80 %8s\n",
						 netif_get_index(n), lo ? 128 : 64,
						 lo			   ? 0x10
						 : ip6_addr_islinklocal(a) ? 0x20
									   : 0,
						 n == &net.nif ? "eth0" : "lo");
		}
	}
	return len;
}

/* lwIP's clock (NO_SYS): milliseconds, wrapping is fine. */
u32_t sys_now(void)
{
	return (u32_t)(time_monotonic_ns() / 1000000);
}

unsigned int net_rand(void)
{
	unsigned int r;
	random_bytes(&r, sizeof r);
	return r;
}
