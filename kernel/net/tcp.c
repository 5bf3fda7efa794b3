/*
 * tcp.c — stream sockets over lwIP's raw TCP API.
 *
 * Receive: lwIP hands segments to on_recv, which splits each chain into
 * single pbufs queued on s->rx (linked through ->next but never treated
 * as one lwIP chain: a chain's u16 tot_len could not hold a window of
 * unread bytes above 64 KiB); recv copies them out and only then opens
 * the window (tcp_recved), so
 * the peer is flow-controlled by how fast the program reads. Send: bytes
 * are copied into lwIP (TCP_WRITE_FLAG_COPY) as far as tcp_sndbuf allows;
 * on_sent wakes writers when acknowledgements free space. Accept: the
 * listener's on_accept wraps each new pcb in a sock queued on s->acq.
 * When lwIP frees a pcb on its own (reset, abort, timeout) on_err records
 * the errno and the socket goes to SS_CLOSED.
 */
#include "socket.h"
#include "../fs/uapi.h"

static struct {
	/* User bytes on their way into tcp_write or out of the receive queue.
     * Shared: nothing blocks between filling and emptying it. */
	uint8_t bounce[32768] __attribute__((aligned(16)));
} tcp;

static void attach(struct sock *s, struct tcp_pcb *pcb);
static void detach(struct tcp_pcb *pcb);

/* Both directions are finished (FIN received, ours sent): hand the pcb
 * back to lwIP now. It would otherwise sit in TIME_WAIT, which lwIP frees
 * after 2 MSL without telling anyone, leaving s->tcp dangling. */
static void release_if_done(struct sock *s)
{
	if (!s->tcp || !s->rd_eof || !s->shut_wr)
		return;
	struct tcp_pcb *pcb = s->tcp;
	s->tcp = NULL;
	detach(pcb);
	if (tcp_close(pcb) != ERR_OK)
		tcp_abort(pcb);
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct sock *s = arg;
	if (!p) {
		s->rd_eof = true;
		release_if_done(s);
	} else if (s->shut_rd) {
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
	} else {
		while (p) { /* the link's reference becomes the queue's */
			struct pbuf *next = p->next;
			p->next = NULL;
			p->tot_len = p->len;
			if (s->rx_tail)
				s->rx_tail->next = p;
			else
				s->rx = p;
			s->rx_tail = p;
			p = next;
		}
	}
	sock_wake(s);
	return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	sock_wake(arg);
	return ERR_OK;
}

static void on_err(void *arg, err_t err)
{
	struct sock *s = arg;
	s->tcp = NULL; /* lwIP has freed it */
	if (err == ERR_CLSD)
		s->err = 0; /* an orderly end (our FIN acknowledged after theirs) */
	else if (s->state == SS_CONNECTING && err == ERR_RST)
		s->err = ECONNREFUSED;
	else
		s->err = -sock_err_from_lwip(err);
	s->state = SS_CLOSED;
	sock_wake(s);
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *s = arg;
	s->state = SS_CONNECTED;
	sock_wake(s);
	return ERR_OK;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *l = arg;
	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	if (l->acq_len == l->acq_cap)
		return ERR_MEM; /* backlog full: lwIP aborts the new connection */
	struct sock *s = sock_new(l->family, SOCK_STREAM);
	if (!s)
		return ERR_MEM;
	s->state = SS_CONNECTED;
	s->nodelay = l->nodelay;
	s->keepalive = l->keepalive;
	attach(s, pcb);
	if (s->nodelay)
		tcp_nagle_disable(pcb);
	l->acq[(l->acq_head + l->acq_len++) % l->acq_cap] = s;
	sock_wake(l);
	return ERR_OK;
}

static void attach(struct sock *s, struct tcp_pcb *pcb)
{
	s->tcp = pcb;
	tcp_arg(pcb, s);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_err);
}

int tcp_sock_open(struct sock *s)
{
	struct tcp_pcb *pcb =
		tcp_new_ip_type(s->family == AF_INET6 ? IPADDR_TYPE_ANY : IPADDR_TYPE_V4);
	if (!pcb)
		return -ENOMEM;
	attach(s, pcb);
	return 0;
}

int tcp_sock_bind(struct sock *s, const ip_addr_t *addr, uint16_t port)
{
	if (s->state != SS_NEW || !s->tcp)
		return -EINVAL;
	if (s->reuseaddr)
		ip_set_option(s->tcp, SOF_REUSEADDR);
	err_t e = tcp_bind(s->tcp, addr, port);
	if (e != ERR_OK)
		return e == ERR_USE ? -EADDRINUSE : sock_err_from_lwip(e);
	s->state = SS_BOUND;
	return 0;
}

int tcp_sock_listen(struct sock *s, int backlog)
{
	if (s->state == SS_LISTENING)
		return 0;
	if (s->state == SS_NEW) {
		ip_addr_t any;
		sock_any(s, &any);
		int r = tcp_sock_bind(s, &any, 0);
		if (r)
			return r;
	}
	if (s->state != SS_BOUND)
		return -EINVAL;
	backlog = backlog < 1 ? 1 : backlog > 4096 ? 4096 : backlog;
	s->acq = kzalloc((size_t)backlog * sizeof *s->acq);
	if (!s->acq)
		return -ENOMEM;
	s->acq_cap = backlog;
	struct tcp_pcb *lp = tcp_listen_with_backlog(s->tcp, (u8_t)MIN(backlog, 255));
	if (!lp)
		return -ENOMEM;
	s->tcp = lp; /* the old pcb was freed by tcp_listen */
	tcp_arg(lp, s);
	tcp_accept(lp, on_accept);
	s->state = SS_LISTENING;
	return 0;
}

int tcp_sock_accept(struct sock *s, bool nonblock, struct sock **out)
{
	if (s->state != SS_LISTENING)
		return -EINVAL;
	uint64_t deadline = sock_deadline(s->rcvtimeo);
	while (!s->acq_len) {
		int r = sock_block(s, nonblock, deadline);
		if (r)
			return r;
	}
	*out = s->acq[s->acq_head];
	s->acq_head = (s->acq_head + 1) % s->acq_cap;
	s->acq_len--;
	return 0;
}

int tcp_sock_connect(struct sock *s, const ip_addr_t *addr, uint16_t port, bool nonblock)
{
	if (s->state == SS_CONNECTING)
		return -EALREADY;
	if (s->state == SS_CONNECTED)
		return -EISCONN;
	if (s->state == SS_LISTENING || !s->tcp)
		return -EINVAL;
	err_t e = tcp_connect(s->tcp, addr, port, on_connected);
	if (e != ERR_OK)
		return sock_err_from_lwip(e);
	s->state = SS_CONNECTING;
	if (nonblock)
		return -EINPROGRESS;
	uint64_t deadline = sock_deadline(s->sndtimeo);
	while (s->state == SS_CONNECTING) {
		int r = sock_block(s, false, deadline);
		if (r)
			return r == -EAGAIN ? -EINPROGRESS : r; /* Linux: the connect goes on */
	}
	if (s->state == SS_CONNECTED)
		return 0;
	int err = s->err;
	s->err = 0;
	return -err;
}

/* Drops n bytes from the front of the receive queue and opens the window. */
static void rx_consume(struct sock *s, size_t n)
{
	if (s->tcp)
		for (size_t left = n; left;) {
			u16_t k = (u16_t)MIN(left, 0xffffu);
			tcp_recved(s->tcp, k);
			left -= k;
		}
	while (n) {
		struct pbuf *p = s->rx;
		if (n < p->len) {
			pbuf_remove_header(p, n);
			return;
		}
		n -= p->len;
		s->rx = p->next;
		if (!s->rx)
			s->rx_tail = NULL;
		p->next = NULL;
		pbuf_free(p);
	}
}

ssize_t tcp_sock_recv(struct sock *s, void *buf, size_t len, int flags, bool nonblock, bool user)
{
	if (s->state == SS_LISTENING || s->state == SS_NEW || s->state == SS_BOUND)
		return -ENOTCONN;
	if (len == 0)
		return 0;
	nonblock |= (flags & MSG_DONTWAIT) != 0;
	uint64_t deadline = sock_deadline(s->rcvtimeo);
	size_t done = 0;
	for (;;) {
		while (s->rx && done < len) {
			/* Gather up to a bounce buffer's worth, then one copy out: the
             * user side stays 8-byte aligned (segments are 1460 bytes, so
             * per-segment copies would mostly run the byte loop). */
			size_t k = 0;
			for (struct pbuf *p = s->rx; p && k < len - done && k < sizeof tcp.bounce;
			     p = (flags & MSG_PEEK) ? NULL : p->next) {
				size_t c =
					MIN(MIN(len - done, sizeof tcp.bounce) - k, (size_t)p->len);
				net_memcpy(tcp.bounce + k, p->payload, c);
				k += c;
			}
			if (!user)
				memcpy((char *)buf + done, tcp.bounce, k);
			else if (copy_to_user((char *)buf + done, tcp.bounce, k) < 0)
				return done ? (ssize_t)done : -EFAULT;
			done += k;
			if (flags & MSG_PEEK)
				break; /* peek looks at the first segment only */
			rx_consume(s, k);
		}
		if (done && (!(flags & MSG_WAITALL) || done == len || (flags & MSG_PEEK)))
			return (ssize_t)done;
		if (s->rd_eof || s->shut_rd)
			return (ssize_t)done;
		if (s->state == SS_CLOSED || !s->tcp) {
			if (done)
				return (ssize_t)done;
			int err = s->err;
			s->err = 0;
			return err ? -err : 0;
		}
		int r = sock_block(s, nonblock, deadline);
		if (r)
			return done ? (ssize_t)done : r;
	}
}

ssize_t tcp_sock_send(struct sock *s, const void *buf, size_t len, int flags, bool nonblock,
		      bool user)
{
	if (s->state == SS_CONNECTING || s->state == SS_NEW || s->state == SS_BOUND ||
	    s->state == SS_LISTENING)
		return -ENOTCONN;
	nonblock |= (flags & MSG_DONTWAIT) != 0;
	uint64_t deadline = sock_deadline(s->sndtimeo);
	size_t done = 0;
	while (done < len) {
		if (s->shut_wr)
			return done ? (ssize_t)done : -EPIPE;
		if (!s->tcp) {
			if (done)
				return (ssize_t)done;
			int err = s->err;
			s->err = 0;
			return err == ECONNRESET ? -ECONNRESET : -EPIPE;
		}
		size_t room = tcp_sndbuf(s->tcp);
		if (tcp_sndqueuelen(s->tcp) >= TCP_SND_QUEUELEN - 2)
			room = 0;
		if (room == 0) {
			tcp_output(s->tcp);
			if (done && nonblock)
				return (ssize_t)done;
			int r = sock_block(s, nonblock, deadline);
			if (r)
				return done ? (ssize_t)done : r;
			continue;
		}
		size_t k = MIN(MIN(room, len - done), sizeof tcp.bounce);
		if (k < len - done && k > 8)
			k &= ~(size_t)7; /* keep the next user offset 8-byte aligned */
		if (!user)
			memcpy(tcp.bounce, (const char *)buf + done, k);
		else if (copy_from_user(tcp.bounce, (const char *)buf + done, k) < 0)
			return done ? (ssize_t)done : -EFAULT;
		u8_t more = done + k < len ? TCP_WRITE_FLAG_MORE : 0;
		err_t e = tcp_write(s->tcp, tcp.bounce, (u16_t)k, TCP_WRITE_FLAG_COPY | more);
		if (e == ERR_MEM) {
			tcp_output(s->tcp);
			int r = sock_block(s, nonblock, deadline);
			if (r)
				return done ? (ssize_t)done : r;
			continue;
		}
		if (e != ERR_OK)
			return done ? (ssize_t)done : sock_err_from_lwip(e);
		done += k;
	}
	if (s->tcp)
		tcp_output(s->tcp);
	return (ssize_t)done;
}

int tcp_sock_poll(struct sock *s)
{
	int ev = 0;
	switch (s->state) {
	case SS_LISTENING: return s->acq_len ? POLLIN : 0;
	case SS_CONNECTING: return 0;
	case SS_NEW:
	case SS_BOUND: return POLLOUT | POLLHUP; /* Linux: an unconnected stream socket */
	case SS_CLOSED: ev = POLLIN | POLLOUT | POLLHUP; return s->err ? ev | POLLERR : ev;
	case SS_CONNECTED:
		if (s->rx || s->rd_eof || s->shut_rd)
			ev |= POLLIN;
		if (s->tcp && !s->shut_wr && tcp_sndbuf(s->tcp) > TCP_SNDLOWAT / 2 &&
		    tcp_sndqueuelen(s->tcp) < TCP_SND_QUEUELEN - 2)
			ev |= POLLOUT;
		if (s->shut_wr)
			ev |= POLLOUT; /* a write would fail at once with EPIPE */
		if (s->rd_eof && s->shut_wr)
			ev |= POLLHUP;
		return ev;
	}
	return 0;
}

/* Frees the unread bytes; with ack, opens the window for them. */
static void rx_drop(struct sock *s, bool ack)
{
	while (s->rx) {
		struct pbuf *p = s->rx;
		s->rx = p->next;
		p->next = NULL;
		if (ack && s->tcp)
			tcp_recved(s->tcp, p->len);
		pbuf_free(p);
	}
	s->rx_tail = NULL;
}

int tcp_sock_shutdown(struct sock *s, int how)
{
	if (s->state != SS_CONNECTED && s->state != SS_CONNECTING)
		return -ENOTCONN;
	bool rd = how == SHUT_RD || how == SHUT_RDWR, wr = how == SHUT_WR || how == SHUT_RDWR;
	if (rd)
		rx_drop(s, true);
	s->shut_rd |= rd;
	if (wr && !s->shut_wr && s->tcp)
		tcp_shutdown(s->tcp, 0, 1);
	s->shut_wr |= wr;
	release_if_done(s);
	sock_wake(s);
	return 0;
}

static void detach(struct tcp_pcb *pcb)
{
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
}

/* The last close: listeners drop their unaccepted connections; a
 * connection closes gracefully (lwIP keeps sending what is queued and
 * finishes the FIN exchange on its own), or is reset when unread data is
 * thrown away, as Linux does. */
void tcp_sock_close(struct sock *s)
{
	if (s->state == SS_LISTENING) {
		for (int i = 0; i < s->acq_len; i++) {
			struct sock *c = s->acq[(s->acq_head + i) % s->acq_cap];
			tcp_sock_close(c);
			sock_free(c);
		}
		if (s->tcp) {
			tcp_arg(s->tcp, NULL);
			tcp_accept(s->tcp, NULL);
			tcp_close(s->tcp);
		}
		kfree(s->acq);
		s->tcp = NULL;
		return;
	}
	struct tcp_pcb *pcb = s->tcp;
	s->tcp = NULL;
	bool unread = s->rx != NULL;
	rx_drop(s, false);
	if (!pcb)
		return;
	detach(pcb);
	if (unread || tcp_close(pcb) != ERR_OK)
		tcp_abort(pcb);
}
