/*
 * sys_socket_opt.c — setsockopt/getsockopt for AF_INET and AF_INET6
 * sockets (AF_UNIX ones go to sys_socket_unix.c): SOL_SOCKET, IPPROTO_TCP,
 * IPPROTO_IP and IPPROTO_IPV6 (IPV6_V6ONLY, net/README.md has the list).
 */
#include "sys_socket.h"
#include "../include/ktime.h"
#include "../fs/fs.h"
#include "../net/net.h"
#include "../net/socket.h"
#include "../net/unix.h"

#define SOL_SOCKET	    1
#define IPPROTO_TCP	    6
#define IPV6_UNICAST_HOPS   16
#define IPV6_MULTICAST_IF   17
#define IPV6_MULTICAST_HOPS 18
#define IPV6_MULTICAST_LOOP 19
#define IPV6_TCLASS	    67
#define SO_REUSEADDR	    2
#define SO_TYPE		    3
#define SO_ERROR	    4
#define SO_BROADCAST	    6
#define SO_SNDBUF	    7
#define SO_RCVBUF	    8
#define SO_KEEPALIVE	    9
#define SO_LINGER	    13
#define SO_REUSEPORT	    15
#define SO_RCVTIMEO	    20
#define SO_SNDTIMEO	    21
#define SO_ACCEPTCONN	    30
#define SO_PROTOCOL	    38
#define SO_DOMAIN	    39
#define TCP_NODELAY	    1
#define TCP_MAXSEG	    2
#define TCP_KEEPIDLE	    4
#define TCP_KEEPINTVL	    5
#define TCP_KEEPCNT	    6
#define IP_TOS		    1
#define IP_TTL		    2
#define IPPROTO_IP	    0

long sys_setsockopt(long fd, long level, long name, long uval, long len, long a5)
{
	struct usock *u = unix_of(fd_get((int)fd));
	if (u)
		return unix_sys_setsockopt(u, level, name, uval, len);
	int err = 0;
	struct sock *s = sock_get(fd, &err);
	if (!s)
		return err;
	int v = 0;
	if (len < 0 || (len < 4 && (level == SOL_SOCKET || level == IPPROTO_TCP)))
		return -EINVAL; /* Linux: these options take at least an int */
	if (len >= 4 && copy_from_user(&v, (const void *)uval, 4) < 0)
		return -EFAULT;
	if (level == SOL_SOCKET) {
		switch (name) {
		case SO_REUSEADDR: s->reuseaddr = v != 0; return 0;
		case SO_REUSEPORT: s->reuseport = v != 0; return 0;
		case SO_BROADCAST: s->broadcast = v != 0; return 0;
		case SO_KEEPALIVE:
			s->keepalive = v != 0;
			sock_pcb_keepalive(s);
			return 0;
		/* Linux: at most net.core.[rw]mem_max (212992), at least the
         * minimum; reported doubled. Clamped here, so nothing overflows. */
		case SO_RCVBUF: s->rcvbuf = (int)MAX(MIN((uint32_t)v, 212992u), 1152u); return 0;
		case SO_SNDBUF: s->sndbuf = (int)MAX(MIN((uint32_t)v, 212992u), 2304u); return 0;
		case SO_RCVTIMEO:
		case SO_SNDTIMEO: {
			struct timeval_u tv;
			if (len < (long)sizeof tv)
				return -EINVAL;
			if (copy_from_user(&tv, (const void *)uval, sizeof tv) < 0)
				return -EFAULT;
			if (tv.usec < 0 || tv.usec >= (int64_t)USEC_PER_SEC)
				return -EDOM;
			uint64_t ns = sock_timeout_ns(tv);
			*(name == SO_RCVTIMEO ? &s->rcvtimeo : &s->sndtimeo) = ns;
			return 0;
		}
		case SO_LINGER: return 0; /* accepted, not honoured: close never lingers */
		}
		return -ENOPROTOOPT;
	}
	if (level == IPPROTO_TCP && s->type == SOCK_STREAM) {
		switch (name) {
		case TCP_NODELAY:
			s->nodelay = v != 0;
			sock_pcb_nodelay(s);
			return 0;
		/* Linux's ranges (MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL, MAX_TCP_KEEPCNT) */
		case TCP_KEEPIDLE:
		case TCP_KEEPINTVL:
			if (v < 1 || v > 32767)
				return -EINVAL;
			sock_pcb_keep_timing(
				s, name == TCP_KEEPIDLE ? SOCK_KEEP_IDLE_S : SOCK_KEEP_INTVL_S,
				(uint32_t)v);
			return 0;
		case TCP_KEEPCNT:
			if (v < 1 || v > 127)
				return -EINVAL;
			sock_pcb_keep_timing(s, SOCK_KEEP_CNT, (uint32_t)v);
			return 0;
		case TCP_MAXSEG: return 0;
		}
		return -ENOPROTOOPT;
	}
	if (level == IPPROTO_IP && (name == IP_TOS || name == IP_TTL))
		return 0;
	if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
		switch (name) {
		case IPV6_V6ONLY:
			if (s->state != SS_NEW)
				return -EINVAL; /* Linux: only before bind/connect */
			s->v6only = v != 0;
			return 0;
		case IPV6_UNICAST_HOPS:
		case IPV6_TCLASS:
		case IPV6_MULTICAST_IF:
		case IPV6_MULTICAST_HOPS:
		case IPV6_MULTICAST_LOOP:
			return 0; /* accepted, lwIP's defaults stay (the JDK sets MULTICAST_HOPS on every UDP socket) */
		}
	}
	return -ENOPROTOOPT;
}

long sys_getsockopt(long fd, long level, long name, long uval, long ulen, long a5)
{
	struct usock *u = unix_of(fd_get((int)fd));
	if (u)
		return unix_sys_getsockopt(u, level, name, uval, ulen);
	int err = 0;
	struct sock *s = sock_get(fd, &err);
	if (!s)
		return err;
	int32_t len;
	if (copy_from_user(&len, (const void *)ulen, 4) < 0)
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	int v;
	if (level == SOL_SOCKET) {
		switch (name) {
		case SO_TYPE: v = s->type; break;
		case SO_ERROR:
			v = s->err;
			s->err = 0;
			break;
		case SO_REUSEADDR: v = s->reuseaddr; break;
		case SO_REUSEPORT: v = s->reuseport; break;
		case SO_KEEPALIVE: v = s->keepalive; break;
		case SO_BROADCAST: v = s->broadcast; break;
		case SO_RCVBUF: v = s->rcvbuf * 2; break; /* Linux reports double */
		case SO_SNDBUF: v = s->sndbuf * 2; break;
		case SO_ACCEPTCONN: v = s->state == SS_LISTENING; break;
		case SO_DOMAIN: v = s->family; break;
		case SO_PROTOCOL: v = s->type == SOCK_STREAM ? 6 : 17; break;
		case SO_RCVTIMEO:
		case SO_SNDTIMEO: {
			uint64_t ns = name == SO_RCVTIMEO ? s->rcvtimeo : s->sndtimeo;
			struct timeval_u tv = ns_to_timeval(ns);
			len = MIN(len, (int32_t)sizeof tv);
			if (copy_to_user((void *)uval, &tv, (size_t)len) < 0 ||
			    copy_to_user((void *)ulen, &len, 4) < 0)
				return -EFAULT;
			return 0;
		}
		default: return -ENOPROTOOPT;
		}
	} else if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
		switch (name) {
		case IPV6_V6ONLY: v = s->v6only; break;
		case IPV6_UNICAST_HOPS: v = 64; break; /* lwIP's IP6_HOPLIM */
		case IPV6_TCLASS:
		case IPV6_MULTICAST_IF: v = 0; break;
		case IPV6_MULTICAST_HOPS:
		case IPV6_MULTICAST_LOOP: v = 1; break;
		default: return -ENOPROTOOPT;
		}
	} else if (level == IPPROTO_TCP && s->type == SOCK_STREAM) {
		switch (name) {
		case TCP_NODELAY: v = s->nodelay; break;
		case TCP_MAXSEG: v = TCP_MSS; break;
		default: return -ENOPROTOOPT;
		}
	} else {
		return -ENOPROTOOPT;
	}
	len = MIN(len, 4);
	if (copy_to_user((void *)uval, &v, (size_t)len) < 0 ||
	    copy_to_user((void *)ulen, &len, 4) < 0)
		return -EFAULT;
	return 0;
}
