/*
 * main.c — kmain: the boot sequence after boot.S reaches 64-bit C.
 */
#include "include/kernel.h"
#include "drivers/serial.h"

void kmain(uint32_t start_info_phys) {
	serial_init();
	kprintf("ingot: hello from the native kernel (start_info 0x%x)\n", start_info_phys);
	machine_exit(0);
}
