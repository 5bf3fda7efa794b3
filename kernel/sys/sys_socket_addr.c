/*
 * sys_socket_addr.c — socket addresses between the program (struct
 * sockaddr_in, sockaddr_in6) and lwIP (ip_addr_t), for AF_INET and
 * AF_INET6 sockets.
 *
 * Dual stack, as Linux with IPV6_V6ONLY=0 (the default): an AF_INET6
 * socket's pcb is IPADDR_TYPE_ANY, so binding [::] listens on IPv4 and
 * IPv6 at once, and ::ffff:a.b.c.d stands for the IPv4 address a.b.c.d
 * both ways: a connect or sendto to it goes out as IPv4, and an IPv4 peer
 * (a connection QEMU's hostfwd forwards, say) is reported as
 * ::ffff:a.b.c.d. With IPV6_V6ONLY=1, [::] is IPv6's any address only and
 * v4-mapped addresses are unreachable (ENETUNREACH).
 */
#include "../fs/fs.h"
#include "../net/socket.h"

#define SIN6_LEN_RFC2133 24 /* Linux accepts a sockaddr_in6 without scope_id */

static const uint8_t v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

void sock_any(struct sock *s, ip_addr_t *a)
{
	if (s->family == AF_INET)
		*a = *IP4_ADDR_ANY;
	else if (s->v6only)
		*a = *IP6_ADDR_ANY;
	else
		*a = *IP_ANY_TYPE;
}

static int from_in6(struct sock *s, const uint8_t b[16], uint32_t scope_id, ip_addr_t *out)
{
	if (memcmp(b, v4mapped, sizeof v4mapped) == 0) {
		if (s->v6only)
			return -ENETUNREACH;
		uint32_t v4;
		memcpy(&v4, b + 12, 4);
		ip_addr_t a = IPADDR4_INIT(v4);
		*out = a;
		return 0;
	}
	static const uint8_t zero[16];
	if (memcmp(b, zero, 16) == 0) {
		sock_any(s, out);
		return 0;
	}
	uint32_t w[4];
	memcpy(w, b, 16);
	ip_addr_t a = IPADDR6_INIT(w[0], w[1], w[2], w[3]);
	*out = a;
	if (ip6_addr_islinklocal(ip_2_ip6(out))) { /* the zone: sin6_scope_id, else the NIC */
		uint32_t zone = scope_id	? scope_id
				: netif_default ? netif_get_index(netif_default)
						: 0;
		ip6_addr_set_zone(ip_2_ip6(out), (u8_t)MIN(zone, 255u));
	}
	return 0;
}

int sockaddr_from_user(struct sock *s, long uaddr, long len, ip_addr_t *addr, uint16_t *port)
{
	union {
		uint16_t family;
		struct sockaddr_in_linux v4;
		struct sockaddr_in6_linux v6;
	} sa;
	if (len < 0 || (size_t)len < sizeof(uint16_t))
		return -EINVAL;
	memset(&sa, 0, sizeof sa);
	if (copy_from_user(&sa, (const void *)uaddr, MIN((size_t)len, sizeof sa)) < 0)
		return -EFAULT;
	if (sa.family == 0 /* AF_UNSPEC */) {
		sock_any(s, addr);
		*port = 0;
		return 0;
	}
	if (s->family == AF_INET6) {
		if ((size_t)len < SIN6_LEN_RFC2133)
			return -EINVAL;
		if (sa.family != AF_INET6)
			return -EAFNOSUPPORT;
		*port = lwip_ntohs(sa.v6.port);
		return from_in6(s, sa.v6.addr, sa.v6.scope_id, addr);
	}
	if (sa.family != AF_INET)
		return -EAFNOSUPPORT;
	if ((size_t)len < sizeof sa.v4)
		return -EINVAL;
	ip_addr_t a = IPADDR4_INIT(sa.v4.addr);
	*addr = a;
	*port = lwip_ntohs(sa.v4.port);
	return 0;
}

size_t sockaddr_fill(struct sock *s, const ip_addr_t *addr, uint16_t port, void *buf)
{
	if (s->family == AF_INET) {
		uint32_t v4 = IP_IS_V4(addr) ? ip4_addr_get_u32(ip_2_ip4(addr)) : 0;
		struct sockaddr_in_linux sa = {AF_INET, lwip_htons(port), v4, {0}};
		memcpy(buf, &sa, sizeof sa);
		return sizeof sa;
	}
	struct sockaddr_in6_linux sa;
	memset(&sa, 0, sizeof sa);
	sa.family = AF_INET6;
	sa.port = lwip_htons(port);
	if (IP_IS_V6_VAL(*addr)) {
		memcpy(sa.addr, ip_2_ip6(addr)->addr, 16);
		if (ip6_addr_islinklocal(ip_2_ip6(addr)) && ip6_addr_has_zone(ip_2_ip6(addr)))
			sa.scope_id = ip6_addr_zone(ip_2_ip6(addr));
	} else if (IP_IS_V4_VAL(*addr)) {
		uint32_t v4 = ip4_addr_get_u32(ip_2_ip4(addr));
		memcpy(sa.addr, v4mapped, sizeof v4mapped);
		memcpy(sa.addr + 12, &v4, 4);
	} /* IPADDR_TYPE_ANY: [::] */
	memcpy(buf, &sa, sizeof sa);
	return sizeof sa;
}

/* Writes the address to (uaddr, *ulen) the accept/getsockname way:
 * truncated to the caller's length, the full length written back. */
int sockaddr_to_user(struct sock *s, long uaddr, long ulen, const ip_addr_t *addr, uint16_t port)
{
	if (!uaddr)
		return 0;
	int32_t len;
	if (copy_from_user(&len, (const void *)ulen, sizeof len) < 0)
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	uint8_t buf[sizeof(struct sockaddr_in6_linux)];
	int32_t full = (int32_t)sockaddr_fill(s, addr, port, buf);
	if (copy_to_user((void *)uaddr, buf, (size_t)MIN(len, full)) < 0)
		return -EFAULT;
	return copy_to_user((void *)ulen, &full, sizeof full);
}
