/* string.h — lwIP includes it; the kernel's own lib/ provides what it uses. */
#include "../../include/kernel.h"
