/*
 * sock_pcb.c — what the socket system calls (sys/sys_socket*.c) may ask of
 * or set on a socket's lwIP pcb: its addresses, its queued bytes and the
 * TCP options Linux lets a program set. sys/ never reads or writes a
 * pcb's fields itself, so lwIP's structures stay behind net/'s API.
 *
 * Each call is a no-op (or answers "nothing") while the socket has no pcb
 * yet; the option is then applied when net/ makes one (tcp.c: accept
 * inherits the listener's nodelay and keepalive).
 */
#include "socket.h"

bool sock_pcb_name(struct sock *s, bool peer, ip_addr_t *addr, uint16_t *port)
{
	if (s->tcp) {
		*addr = peer ? s->tcp->remote_ip : s->tcp->local_ip;
		*port = peer ? s->tcp->remote_port : s->tcp->local_port;
		return true;
	}
	if (s->udp) {
		*addr = peer ? s->udp->remote_ip : s->udp->local_ip;
		*port = peer ? s->udp->remote_port : s->udp->local_port;
		return true;
	}
	return false;
}

size_t sock_rx_queued(struct sock *s)
{
	if (s->type == SOCK_DGRAM)
		return s->dq ? s->dq->p->tot_len : 0; /* the next datagram, as Linux's SIOCINQ */
	size_t n = 0;
	for (struct pbuf *p = s->rx; p; p = p->next)
		n += p->len;
	return n;
}

void sock_pcb_keepalive(struct sock *s)
{
	if (!s->tcp)
		return;
	if (s->keepalive)
		ip_set_option(s->tcp, SOF_KEEPALIVE);
	else
		ip_reset_option(s->tcp, SOF_KEEPALIVE);
}

void sock_pcb_nodelay(struct sock *s)
{
	if (!s->tcp)
		return;
	if (s->nodelay)
		tcp_nagle_disable(s->tcp);
	else
		tcp_nagle_enable(s->tcp);
}

void sock_pcb_keep_timing(struct sock *s, enum sock_keep which, uint32_t v)
{
	if (!s->tcp)
		return;
	switch (which) {
	case SOCK_KEEP_IDLE_S: s->tcp->keep_idle = v * 1000; break;
	case SOCK_KEEP_INTVL_S: s->tcp->keep_intvl = v * 1000; break;
	case SOCK_KEEP_CNT: s->tcp->keep_cnt = v; break;
	}
}
