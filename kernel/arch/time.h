/* time.h — clock setup and sleeping (time.c); the clocks are in kernel.h. */
#ifndef INGOT_TIME_H
#define INGOT_TIME_H
#include <stdint.h>
#include <stdbool.h>
void time_init(uint64_t tsc0);
uint64_t time_tsc_hz(void);
uint64_t tsc_to_ns(uint64_t ticks);
void time_timer_arm(uint64_t deadline_ns); /* 0: stop */
bool time_has_timer(void);
/* Physical address of the clock page the vDSO reads (vdso/vvar.h). */
uint64_t time_vvar_phys(void);
void time_timer_interrupt(void);
#endif
