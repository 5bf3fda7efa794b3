/* stdlib.h — lwIP includes it for malloc (mapped to kmalloc in arch/cc.h)
 * and atoi (netif_find). */
#ifndef INGOT_LWIP_STDLIB_H
#define INGOT_LWIP_STDLIB_H
#include "../../include/kernel.h"
static inline int atoi(const char *s)
{
	int v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}
#endif
