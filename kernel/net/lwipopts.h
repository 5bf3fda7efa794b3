/*
 * lwipopts.h — lwIP 2.1.3 configuration for Ingot (see lwip/opt.h for every
 * option's meaning).
 *
 * NO_SYS=1: lwIP runs without threads, called from the kernel with
 * interrupts off (net_lock/net_unlock in net.h), so nothing in lwIP needs
 * its own locking. Only the raw (callback) API is built; the socket layer
 * is ours (sys/sys_socket*.c). Memory comes from kmalloc, so pools grow
 * with the kernel heap instead of being fixed arrays.
 *
 * Sizes are for throughput on QEMU user networking: full-size segments
 * (1460-byte MSS for a 1500-byte MTU), a 256 KiB window (window scaling,
 * RFC 7323, when the peer offers it) and as much send buffer.
 */
#ifndef INGOT_LWIPOPTS_H
#define INGOT_LWIPOPTS_H

#define NO_SYS		     1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET	     0
#define LWIP_NETCONN	     0
#define LWIP_IPV4	     1
#define LWIP_IPV6	     1 /* AF_INET6, dual-stack through IPADDR_TYPE_ANY pcbs (net/README.md) */
#define LWIP_IPV6_AUTOCONFIG 1 /* SLAAC from the router's advertisement (QEMU's slirp: fec0::/64) */
#define LWIP_IPV6_DHCP6	     0
#define LWIP_IPV6_MLD	     1 /* joins the solicited-node groups neighbour discovery needs */
#define LWIP_IPV6_FRAG	     0 /* TCP's MSS keeps segments whole; no fragmented UDP over IPv6 */
#define LWIP_IPV6_REASS	     0
#define LWIP_ND6_QUEUEING    1 /* like ARP_QUEUEING: keep packets waiting for a neighbour */
#define MEMP_NUM_ND6_QUEUE   64
#define LWIP_ARP	     1
#define ARP_QUEUEING	     1 /* keep every packet waiting for ARP, not just the last */
#define MEMP_NUM_ARP_QUEUE   64
#define LWIP_ETHERNET	     1
#define LWIP_ICMP	     1
#define LWIP_RAW	     0
#define LWIP_UDP	     1
#define LWIP_TCP	     1
#define LWIP_DHCP	     1
#define DHCP_DOES_ARP_CHECK \
	0 /* the offered-address ARP probe costs 0.5 s of boot; slirp's pool has no conflicts */
#define LWIP_DNS		   0
#define LWIP_IGMP		   0
#define LWIP_AUTOIP		   0
#define LWIP_STATS		   0
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK   0
#define LWIP_SINGLE_NETIF	   0 /* the NIC and the loopback interface */
#define LWIP_CHECKSUM_ON_COPY	   0
#define IP_REASSEMBLY		   1
#define IP_FRAG			   1

/* Memory: heap and pools from kmalloc (mem_clib_* in arch/cc.h). */
#define MEM_LIBC_MALLOC	  1
#define MEMP_MEM_MALLOC	  1
#define MEM_ALIGNMENT	  16
#define PBUF_POOL_SIZE	  256
#define PBUF_POOL_BUFSIZE 1536 /* one Ethernet frame per pbuf */

/* TCP. */
#define TCP_MSS			   1460
#define LWIP_WND_SCALE		   1
#define TCP_RCV_SCALE		   2		   /* windows up to 256 KiB */
#define TCP_WND			   (176 * TCP_MSS) /* 257 KB */
#define TCP_SND_BUF		   (176 * TCP_MSS)
#define TCP_SND_QUEUELEN	   (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_SNDLOWAT		   (32 * 1024) /* lwIP: must stay below 64 KiB - 4 MSS */
#define MEMP_NUM_TCP_SEG	   (TCP_SND_QUEUELEN * 4)
#define MEMP_NUM_TCP_PCB	   256
#define MEMP_NUM_TCP_PCB_LISTEN	   32
#define MEMP_NUM_UDP_PCB	   64
#define TCP_LISTEN_BACKLOG	   1
#define TCP_DEFAULT_LISTEN_BACKLOG 128
#define TCP_QUEUE_OOSEQ		   1
#define LWIP_TCP_KEEPALIVE	   1
#define SO_REUSE		   1 /* SO_REUSEADDR: rebind a port in TIME_WAIT */
#define LWIP_SO_RCVBUF		   0
#define TCP_OVERSIZE		   TCP_MSS
#define LWIP_TCP_TIMESTAMPS	   0
#define LWIP_TCP_SACK_OUT	   0

/* Checksums: the device fills in/validates them when it offers
 * VIRTIO_NET_F_CSUM / GUEST_CSUM; slirp does not, so compute in software.
 * (Turned on per netif with NETIF_SET_CHECKSUM_CTRL.) */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1

#define LWIP_NETIF_HOSTNAME 0
#define LWIP_NETIF_API	    0
/* 127.0.0.1 (loopif) and packets to our own address loop back; with
 * NO_SYS they wait in a queue that net_flush (netif_poll_all) delivers. */
#define LWIP_HAVE_LOOPIF	1
#define LWIP_NETIF_LOOPBACK	1
#define LWIP_LOOPBACK_MAX_PBUFS 0

/* Copies: lwIP's own (frame <-> pbuf, tcp_write's copy) go through
 * net_memcpy, which moves 8-byte words whatever the alignment (headers
 * put payloads at odd offsets; a byte loop costs 2x under TCG). Two bytes
 * of padding before the Ethernet header put the IP header, and so a TCP
 * payload without options, on an 8-byte boundary: copy_to_user from a
 * pbuf to an aligned user buffer then runs word by word too. */
#define ETH_PAD_SIZE 2
void *net_memcpy(void *dst, const void *src, unsigned long n); /* net/netif.c */
#define MEMCPY(dst, src, len)  net_memcpy(dst, src, len)
#define SMEMCPY(dst, src, len) net_memcpy(dst, src, len)

#define LWIP_DEBUG_TIMERNAMES  0
#define LWIP_NOASSERT_ON_ERROR 1
#endif
