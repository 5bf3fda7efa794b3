/*
 * Network bring-up with plain ioctls: no netlink library, no DHCP client.
 * QEMU user networking has fixed addresses, so the protocol gives them to us
 * (ingot.ip, ingot.gw) and we just apply them.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ingot-init.h"

#define STR(x) #x
#define XSTR(x) STR(x)
#define DEFAULT_IP INGOT_DEFAULT_IP "/" XSTR(INGOT_DEFAULT_PREFIX)
#define DEFAULT_GW INGOT_DEFAULT_GW

static void set_sockaddr(struct sockaddr *sa, in_addr_t addr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	sin.sin_addr.s_addr = addr;
	memcpy(sa, &sin, sizeof sin);
}

/* "A.B.C.D/N" -> address and netmask (network byte order). */
static void parse_cidr(const char *text, in_addr_t *addr, in_addr_t *mask)
{
	char buf[32];
	if (strlen(text) >= sizeof buf)
		ingot_panic("bad ingot.ip=%s", text);
	strcpy(buf, text);

	long bits = 24;
	char *slash = strchr(buf, '/');
	if (slash) {
		char *end;
		*slash = '\0';
		bits = strtol(slash + 1, &end, 10);
		if (*end || end == slash + 1 || bits < 0 || bits > 32)
			ingot_panic("bad prefix length in ingot.ip=%s", text);
	}
	struct in_addr a;
	if (inet_pton(AF_INET, buf, &a) != 1)
		ingot_panic("bad address in ingot.ip=%s", text);
	*addr = a.s_addr;
	*mask = htonl(bits == 0 ? 0 : 0xffffffffu << (32 - bits));
}

static int set_addr(int s, const char *ifname, in_addr_t addr, in_addr_t mask)
{
	struct ifreq ifr = { 0 };
	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	set_sockaddr(&ifr.ifr_addr, addr);
	if (ioctl(s, SIOCSIFADDR, &ifr) != 0)
		return -1;
	set_sockaddr(&ifr.ifr_netmask, mask);
	return ioctl(s, SIOCSIFNETMASK, &ifr);
}

static int bring_up(int s, const char *ifname)
{
	struct ifreq ifr = { 0 };
	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
		return -1;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	return ioctl(s, SIOCSIFFLAGS, &ifr);
}

static int add_default_route(int s, in_addr_t gw)
{
	struct rtentry rt = { 0 };
	set_sockaddr(&rt.rt_dst, INADDR_ANY);
	set_sockaddr(&rt.rt_genmask, INADDR_ANY);
	set_sockaddr(&rt.rt_gateway, gw);
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	return ioctl(s, SIOCADDRT, &rt);
}

void configure_network(void)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		ingot_panic("cannot create a socket: %s", strerror(errno));

	/* Loopback first: programs talk to themselves over 127.0.0.1 even
	 * when the image has no network device at all. */
	if (set_addr(s, "lo", htonl(INADDR_LOOPBACK), htonl(0xff000000)) != 0 ||
	    bring_up(s, "lo") != 0)
		ingot_panic("cannot configure lo: %s", strerror(errno));

	/* No eth0 means the VM was started without a network device, which is
	 * allowed: carry on without saying anything. */
	struct ifreq probe = { 0 };
	strcpy(probe.ifr_name, "eth0");
	if (ioctl(s, SIOCGIFFLAGS, &probe) != 0) {
		close(s);
		return;
	}

	const char *ip = cmdline_value(INGOT_CMDLINE_IP);
	const char *gw_text = cmdline_value(INGOT_CMDLINE_GW);
	in_addr_t addr, mask;
	struct in_addr gw;
	parse_cidr(ip ? ip : DEFAULT_IP, &addr, &mask);
	if (!gw_text)
		gw_text = DEFAULT_GW;
	if (inet_pton(AF_INET, gw_text, &gw) != 1)
		ingot_panic("bad ingot.gw=%s", gw_text);

	if (set_addr(s, "eth0", addr, mask) != 0 || bring_up(s, "eth0") != 0)
		ingot_panic("cannot configure eth0: %s", strerror(errno));
	/* The route needs the interface up, so that the gateway is reachable
	 * through the subnet route the address just created. */
	if (add_default_route(s, gw.s_addr) != 0)
		ingot_panic("cannot add default route via %s: %s", gw_text,
			    strerror(errno));
	close(s);
}
