/*
 * arch/cc.h — lwIP's compiler/platform port for the Ingot kernel.
 *
 * Freestanding: the C library pieces lwIP wants (string functions,
 * malloc) map onto lib/string.c and mm/heap.c; assertions panic.
 */
#ifndef INGOT_LWIP_CC_H
#define INGOT_LWIP_CC_H
#include "../../../include/kernel.h"

#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_LIMITS_H   1
#define LWIP_NO_CTYPE_H	   1
#define LWIP_NO_UNISTD_H   1
#define X8_F		   "x"
#define U16_F		   "u"
#define S16_F		   "d"
#define X16_F		   "x"
#define U32_F		   "u"
#define S32_F		   "d"
#define X32_F		   "x"
#define SZT_F		   "lu"
#define INT_MAX		   0x7fffffff
#define SSIZE_MAX	   0x7fffffffffffffffL

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_PLATFORM_DIAG(x) \
	do {                  \
		kprintf x;    \
	} while (0)
#define LWIP_PLATFORM_ASSERT(x) panic("lwip: %s (%s:%d)", x, __FILE__, __LINE__)
unsigned int net_rand(void); /* net/sys_arch.c */
#define LWIP_RAND() ((u32_t)net_rand())

#define mem_clib_malloc	      kmalloc
#define mem_clib_free	      kfree
#define mem_clib_calloc(n, s) kzalloc((n) * (s))

#define lwip_htons(x) __builtin_bswap16(x)
#define lwip_htonl(x) __builtin_bswap32(x)
#endif
