/*
 * udp.c — datagram sockets over lwIP's raw UDP API.
 *
 * on_recv queues each datagram (its pbuf and the sender) on s->dq, up to
 * UDP_QUEUE_MAX; beyond that new datagrams are dropped, as a full socket
 * buffer drops them on Linux. recv takes one datagram per call, cutting
 * it to the caller's buffer (MSG_TRUNC reports the full length).
 */
#include "socket.h"
#include "../fs/uapi.h"

#define UDP_QUEUE_MAX 512

static void on_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr,
		    u16_t port)
{
	struct sock *s = arg;
	struct dgram *d = s->dq_len < UDP_QUEUE_MAX ? kmalloc(sizeof *d) : NULL;
	if (!d) {
		pbuf_free(p);
		return;
	}
	d->next = NULL;
	d->p = p;
	d->addr = *addr;
	d->port = port;
	if (s->dq_tail)
		s->dq_tail->next = d;
	else
		s->dq = d;
	s->dq_tail = d;
	s->dq_len++;
	sock_wake(s);
}

int udp_sock_open(struct sock *s)
{
	s->udp = udp_new_ip_type(s->family == AF_INET6 ? IPADDR_TYPE_ANY : IPADDR_TYPE_V4);
	if (!s->udp)
		return -ENOMEM;
	udp_recv(s->udp, on_recv, s);
	return 0;
}

int udp_sock_bind(struct sock *s, const ip_addr_t *addr, uint16_t port)
{
	if (s->udp->local_port)
		return -EINVAL;
	if (s->reuseaddr)
		ip_set_option(s->udp, SOF_REUSEADDR);
	err_t e = udp_bind(s->udp, addr, port);
	if (e != ERR_OK)
		return e == ERR_USE ? -EADDRINUSE : sock_err_from_lwip(e);
	s->state = SS_BOUND;
	return 0;
}

int udp_sock_connect(struct sock *s, const ip_addr_t *addr, uint16_t port)
{
	if (ip_addr_isany(addr) && port == 0) { /* AF_UNSPEC-style disconnect */
		udp_disconnect(s->udp);
		s->udp_connected = false;
		return 0;
	}
	err_t e = udp_connect(s->udp, addr, port);
	if (e != ERR_OK)
		return sock_err_from_lwip(e);
	s->udp_connected = true;
	s->state = SS_BOUND;
	return 0;
}

ssize_t udp_sock_send(struct sock *s, const struct sock_iov *iov, int cnt, bool has_to,
		      const ip_addr_t *addr, uint16_t port, bool user)
{
	size_t total = 0;
	for (int i = 0; i < cnt; i++) { /* never wraps (sys/iov.c also caps it) */
		if (iov[i].len > 65507 - total)
			return -EMSGSIZE;
		total += iov[i].len;
	}
	if (!has_to && !s->udp_connected)
		return -EDESTADDRREQ;
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)total, PBUF_RAM);
	if (!p)
		return -ENOBUFS;
	size_t off = 0;
	for (int i = 0; i < cnt; i++) {
		char *dst = (char *)p->payload + off;
		if (!user)
			memcpy(dst, iov[i].base, iov[i].len);
		else if (copy_from_user(dst, iov[i].base, iov[i].len) < 0) {
			pbuf_free(p);
			return -EFAULT;
		}
		off += iov[i].len;
	}
	err_t e;
	if (has_to) {
		if (IP_IS_V4(addr) && ip4_addr_get_u32(ip_2_ip4(addr)) == 0xffffffffu &&
		    !s->broadcast) {
			pbuf_free(p);
			return -EACCES;
		}
		e = udp_sendto(s->udp, p, addr, port);
	} else {
		e = udp_send(s->udp, p);
	}
	pbuf_free(p);
	if (e != ERR_OK)
		return e == ERR_RTE ? -ENETUNREACH : sock_err_from_lwip(e);
	s->state = SS_BOUND;
	return (ssize_t)total;
}

ssize_t udp_sock_recv(struct sock *s, const struct sock_iov *iov, int cnt, int flags, bool nonblock,
		      ip_addr_t *addr, uint16_t *port, size_t *full_len)
{
	nonblock |= (flags & MSG_DONTWAIT) != 0;
	uint64_t deadline = sock_deadline(s->rcvtimeo);
	while (!s->dq) {
		if (s->shut_rd)
			return 0;
		int r = sock_block(s, nonblock, deadline);
		if (r)
			return r;
	}
	struct dgram *d = s->dq;
	size_t off = 0, len = d->p->tot_len;
	for (int i = 0; i < cnt && off < len; i++) {
		size_t k = MIN(iov[i].len, len - off);
		char tmp[512];
		for (size_t done = 0; done < k;) { /* pbuf chain -> user, via a small buffer */
			size_t c = MIN(sizeof tmp, k - done);
			pbuf_copy_partial(d->p, tmp, (u16_t)c, (u16_t)(off + done));
			if (copy_to_user((char *)iov[i].base + done, tmp, c) < 0)
				return -EFAULT;
			done += c;
		}
		off += k;
	}
	*addr = d->addr;
	*port = d->port;
	*full_len = len;
	if (!(flags & MSG_PEEK)) {
		s->dq = d->next;
		if (!s->dq)
			s->dq_tail = NULL;
		s->dq_len--;
		pbuf_free(d->p);
		kfree(d);
	}
	return (ssize_t)off;
}

int udp_sock_poll(struct sock *s)
{
	return (s->dq || s->shut_rd ? POLLIN : 0) | POLLOUT;
}

void udp_sock_close(struct sock *s)
{
	if (s->udp)
		udp_remove(s->udp);
	s->udp = NULL;
	while (s->dq) {
		struct dgram *d = s->dq;
		s->dq = d->next;
		pbuf_free(d->p);
		kfree(d);
	}
	s->dq_tail = NULL;
	s->dq_len = 0;
}
