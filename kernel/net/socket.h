/*
 * socket.h — Ingot's sockets: AF_INET stream (TCP) and datagram (UDP)
 * sockets over lwIP's raw API, living in the fd table as files whose ops
 * (fs.h struct file_ops) are sock_file_ops.
 *
 * Concurrency: lwIP callbacks (from the NIC interrupt or from lwIP calls
 * in a syscall) and syscalls touch a sock only with interrupts off, so
 * there are no locks. Callbacks never block: they queue, set flags and
 * wake s->wq plus pollers (poll_notify). Syscalls block on s->wq.
 */
#ifndef INGOT_SOCKET_H
#define INGOT_SOCKET_H
#include "../include/kernel.h"
#include "../include/wait.h"
#include "../include/ktime.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"

/* Linux ABI (include/linux/socket.h, in.h). */
#define AF_UNIX	       1
#define AF_INET	       2
#define AF_INET6       10
#define AF_NETLINK     16
#define IPPROTO_IPV6   41
#define IPV6_V6ONLY    26
#define SOCK_STREAM    1
#define SOCK_DGRAM     2
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK  04000
#define SOCK_CLOEXEC   02000000
#define MSG_PEEK       0x2
#define MSG_TRUNC      0x20
#define MSG_DONTWAIT   0x40
#define MSG_WAITALL    0x100
#define MSG_NOSIGNAL   0x4000
#define SHUT_RD	       0
#define SHUT_WR	       1
#define SHUT_RDWR      2

struct sockaddr_in_linux {
	uint16_t family;
	uint16_t port; /* network order */
	uint32_t addr; /* network order */
	uint8_t zero[8];
};

struct sockaddr_in6_linux {
	uint16_t family;
	uint16_t port; /* network order */
	uint32_t flowinfo;
	uint8_t addr[16];
	uint32_t scope_id;
};

/* What a socket is doing; a doc line per state. */
enum sock_state {
	SS_NEW = 0,    /* created; TCP: pcb allocated, unbound */
	SS_BOUND,      /* bind() done (UDP stays here, connected or not) */
	SS_LISTENING,  /* TCP: listen() done, accepting into acq */
	SS_CONNECTING, /* TCP: SYN sent, waiting for the handshake */
	SS_CONNECTED,  /* TCP: established (maybe half-closed) */
	SS_CLOSED,     /* TCP: the pcb is gone (reset, aborted, timed out) */
};

struct dgram { /* a received UDP datagram */
	struct dgram *next;
	struct pbuf *p;
	ip_addr_t addr; /* the sender (IPv4 or IPv6) */
	uint16_t port;	/* host order */
};

struct sock {
	int family;  /* AF_INET or AF_INET6 (dual-stack unless v6only) */
	int type;    /* SOCK_STREAM or SOCK_DGRAM */
	bool v6only; /* IPV6_V6ONLY: no IPv4 through this AF_INET6 socket */
	enum sock_state state;
	struct tcp_pcb *tcp; /* NULL once lwIP freed it (SS_CLOSED) */
	struct udp_pcb *udp;
	struct waitq wq; /* syscalls blocked on this socket */
	int err;	 /* pending error for SO_ERROR (positive errno) */
	bool rd_eof;	 /* TCP: FIN received */
	bool shut_rd, shut_wr;
	bool udp_connected;
	struct pbuf *rx, *rx_tail; /* TCP: received, unread bytes (single pbufs, see tcp.c) */
	struct sock **acq;	   /* SS_LISTENING: accepted, not yet accept()ed */
	int acq_head, acq_len, acq_cap;
	struct dgram *dq, *dq_tail; /* UDP: received datagrams */
	int dq_len;
	int rcvbuf, sndbuf;	     /* SO_RCVBUF/SO_SNDBUF as set (reported doubled, as Linux) */
	uint64_t rcvtimeo, sndtimeo; /* SO_RCVTIMEO/SO_SNDTIMEO in ns, 0: none */
	int waiters;		     /* threads inside sock_block on this socket */
	uint32_t wakes;		     /* sock_wake calls, so sock_block sees one net_flush caused */
	bool dead;		     /* closed while waiters > 0: the last one frees it */
	bool reuseaddr, reuseport, keepalive, nodelay, broadcast;
};

struct sock *sock_new(int family, int type);
void sock_free(struct sock *s);
void sock_wake(struct sock *s);
int sock_err_from_lwip(err_t e);
/* Blocks until woken: 0, or -EAGAIN if nonblock or deadline (a
 * time_monotonic_ns() value, 0 for none) passed, -EINTR on a signal,
 * -EBADF if another thread closed the socket meanwhile (s is then gone:
 * the caller returns at once). */
int sock_block(struct sock *s, bool nonblock, uint64_t deadline);
/* The deadline for an operation with timeout timeo_ns (0: none). */
uint64_t sock_deadline(uint64_t timeo_ns);

/* net/tcp.c */
int tcp_sock_open(struct sock *s);
int tcp_sock_bind(struct sock *s, const ip_addr_t *addr, uint16_t port);
int tcp_sock_listen(struct sock *s, int backlog);
int tcp_sock_accept(struct sock *s, bool nonblock, struct sock **out);
int tcp_sock_connect(struct sock *s, const ip_addr_t *addr, uint16_t port, bool nonblock);
ssize_t tcp_sock_recv(struct sock *s, void *buf, size_t len, int flags, bool nonblock, bool user);
ssize_t tcp_sock_send(struct sock *s, const void *buf, size_t len, int flags, bool nonblock,
		      bool user);
int tcp_sock_poll(struct sock *s);
int tcp_sock_shutdown(struct sock *s, int how);
void tcp_sock_close(struct sock *s);

/* net/udp.c */
int udp_sock_open(struct sock *s);
int udp_sock_bind(struct sock *s, const ip_addr_t *addr, uint16_t port);
int udp_sock_connect(struct sock *s, const ip_addr_t *addr, uint16_t port);
/* iov of user (or kernel, !user) segments, gathered into one datagram. */
struct sock_iov {
	void *base;
	size_t len;
};
ssize_t udp_sock_send(struct sock *s, const struct sock_iov *iov, int cnt, bool has_to,
		      const ip_addr_t *addr, uint16_t port, bool user);
ssize_t udp_sock_recv(struct sock *s, const struct sock_iov *iov, int cnt, int flags, bool nonblock,
		      ip_addr_t *addr, uint16_t *port, size_t *full_len);
int udp_sock_poll(struct sock *s);
void udp_sock_close(struct sock *s);

/* net/sock_pcb.c: all that sys/ may know of or set on the lwIP pcb. */
/* s's own (peer: remote) address from its pcb; false, with *addr and
 * *port untouched, while it has none. */
bool sock_pcb_name(struct sock *s, bool peer, ip_addr_t *addr, uint16_t *port);
/* Bytes a read would get now (SIOCINQ): the next datagram for UDP. */
size_t sock_rx_queued(struct sock *s);
/* Push s->keepalive / s->nodelay to the pcb, if there is one. */
void sock_pcb_keepalive(struct sock *s);
void sock_pcb_nodelay(struct sock *s);
enum sock_keep { SOCK_KEEP_IDLE_S, SOCK_KEEP_INTVL_S, SOCK_KEEP_CNT };
/* TCP_KEEPIDLE/TCP_KEEPINTVL (seconds) or TCP_KEEPCNT; v already checked. */
void sock_pcb_keep_timing(struct sock *s, enum sock_keep which, uint32_t v);

/* SO_RCVTIMEO/SO_SNDTIMEO's value (usec already checked: EDOM) in ns, as
 * Linux's sock_set_timeout: 0 is no timeout, and so are a negative time
 * and one the overflow rule clamps (ktime.h), which reads back as 0. */
static inline uint64_t sock_timeout_ns(struct timeval_u tv)
{
	uint64_t ns = 0;
	if (tv.sec >= 0 && timeval_to_ns(tv, &ns) == 0 && ns == KTIME_MAX_NS)
		ns = 0;
	return ns;
}

/* sys/sys_socket.c: the fd side. */
int sock_install(struct sock *s, int flags);
/* The socket behind fd, or NULL with *err = -EBADF / -ENOTSOCK. */
struct sock *sock_get(long fd, int *err);
bool sock_fd_nonblock(long fd);
/* The unspecified address a bind to port 0 / an autobind uses for s. */
void sock_any(struct sock *s, ip_addr_t *a);
/* Reads a sockaddr for s's family: sockaddr_in for AF_INET; sockaddr_in6
 * for AF_INET6, whose ::ffff:a.b.c.d becomes the IPv4 address and whose
 * :: is "any, both versions" (IPADDR_TYPE_ANY) unless v6only. AF_UNSPEC
 * gives s's any address and port 0. */
int sockaddr_from_user(struct sock *s, long uaddr, long len, ip_addr_t *addr, uint16_t *port);
/* A sockaddr for s's family in buf (28 bytes): AF_INET6 sockets show IPv4
 * addresses as ::ffff:a.b.c.d. Returns its length. */
size_t sockaddr_fill(struct sock *s, const ip_addr_t *addr, uint16_t port, void *buf);
int sockaddr_to_user(struct sock *s, long uaddr, long ulen, const ip_addr_t *addr, uint16_t port);
#endif
