/*
 * time.c — clocks and sleeping.
 *
 * Monotonic time is the TSC scaled to ns: ns = (tsc - tsc0) * mult >> 32,
 * mult = 2^32 * 1e9 / tsc_hz. tsc_hz comes from CPUID leaf 0x15 when it
 * reports a crystal, else from polling PIT channel 0 (median of three 1 ms windows) (the PIT
 * runs at 1193182 Hz; no IRQ needed, we read the latched count). Wall
 * time is the CMOS RTC read once at boot plus monotonic time.
 *
 * The PIT window also measures the APIC timer rate.
 * The scheduler's one timer is the local APIC timer in one-shot mode
 * (xAPIC MMIO at the address in IA32_APIC_BASE, reached through the direct
 * map): time_timer_arm programs the next event (a sleeper's deadline or the
 * end of a time slice, at most 1 s ahead); nothing armed means no
 * interrupts at all while the CPU idles in hlt.
 */
#include "../include/kernel.h"
#include "../mm/mm.h"
#include "time.h"
#include "x86.h"
#include "../vdso/vvar.h"

#define PIT_HZ	1193182
#define PIT_CH0 0x40
#define PIT_CMD 0x43
/* Local APIC registers (Intel SDM vol. 3, table 11-1). */
#define APIC_EOI	 0xb0
#define APIC_SVR	 0xf0
#define APIC_LVT_TIMER	 0x320
#define APIC_TIMER_INIT	 0x380
#define APIC_TIMER_CUR	 0x390
#define APIC_TIMER_DIV	 0x3e0
#define APIC_LVT_MASKED	 (1U << 16)
#define TIMER_VECTOR_NUM 0x20 /* arch/cpu.h TIMER_VECTOR */

/* The conversion parameters (tsc0, mult, boot_wall_ns) live in the vvar
 * page, alone in its page: it is mapped read-only into the program for
 * the vDSO (elf/vdso.c), which reads the clocks with the same numbers. */
static union {
	struct vvar v;
	uint8_t page[VVAR_SIZE];
} vvar __attribute__((aligned(VVAR_SIZE)));

static struct {
	uint64_t tsc_hz;
	volatile uint32_t *apic; /* NULL if no usable APIC timer */
	uint64_t apic_hz;
} clk;

static uint16_t pit_read(void)
{
	outb(PIT_CMD, 0x00); /* latch channel 0 */
	uint8_t lo = inb(PIT_CH0);
	return lo | (uint16_t)inb(PIT_CH0) << 8;
}

static void apic_write(uint32_t reg, uint32_t v)
{
	clk.apic[reg / 4] = v;
}
static uint32_t apic_read(uint32_t reg)
{
	return clk.apic[reg / 4];
}

/* Starts the APIC timer counting down from its maximum, masked. */
static void apic_start_count(void)
{
	if (!clk.apic)
		return;
	apic_write(APIC_TIMER_DIV, 0xb); /* divide by 1 */
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | TIMER_VECTOR_NUM);
	apic_write(APIC_TIMER_INIT, 0xffffffff);
}

/* Ticks counted since apic_start_count, then stops the count. */
static uint32_t apic_stop_count(void)
{
	if (!clk.apic)
		return 0;
	uint32_t elapsed = 0xffffffff - apic_read(APIC_TIMER_CUR);
	apic_write(APIC_TIMER_INIT, 0);
	return elapsed;
}

/* One measurement of the TSC (and the APIC timer, in the same window)
 * against PIT_WINDOW_TICKS of PIT channel 0. The host is shared and the
 * virtual CPU can stall between two reads: a window where one read-to-read
 * gap dominates (the count may have wrapped, every 55 ms) or the PIT jumped
 * is rejected. Returns the TSC rate, or 0 for a rejected window. */
#define PIT_WINDOW_TICKS (PIT_HZ / 1000) /* 1 ms */
static uint64_t pit_window(uint64_t *apic_hz)
{
	uint16_t last = pit_read();
	apic_start_count();
	uint64_t t0 = rdtsc(), prev = t0, max_gap = 0, ticks = 0;
	for (uint64_t spins = 0; ticks < PIT_WINDOW_TICKS; spins++) {
		uint16_t now = pit_read();
		uint64_t t = rdtsc();
		uint16_t step = (uint16_t)(last - now); /* counts down, wraps */
		if (step > PIT_WINDOW_TICKS / 4 || (spins > 2000000 && ticks == 0)) {
			apic_stop_count();
			return 0;
		}
		max_gap = MAX(max_gap, t - prev);
		prev = t;
		ticks += step;
		last = now;
	}
	uint64_t dt = rdtsc() - t0;
	uint32_t apic_ticks = apic_stop_count();
	if (max_gap > dt / 4)
		return 0;
	*apic_hz = (uint64_t)apic_ticks * PIT_HZ / ticks;
	return dt * PIT_HZ / ticks;
}

/* The median of three accepted windows (up to 12 tries). Returns 0 if the
 * PIT does not count. */
static uint64_t calibrate_pit(void)
{
	outb(PIT_CMD, 0x34); /* channel 0, lo/hi byte, mode 2, binary */
	outb(PIT_CH0, 0);
	outb(PIT_CH0, 0); /* reload 65536 */
	uint64_t hz[3], apic[3];
	int n = 0;
	for (int attempt = 0; attempt < 12 && n < 3; attempt++) {
		hz[n] = pit_window(&apic[n]);
		/* Plausible TSC rates: 100 MHz .. 20 GHz. */
		if (hz[n] >= 100000000ULL && hz[n] <= 20000000000ULL)
			n++;
	}
	if (n == 0)
		return 0;
	for (int i = 0; i < n; i++) /* sort the (at most 3) samples */
		for (int j = i + 1; j < n; j++)
			if (hz[j] < hz[i]) {
				uint64_t t = hz[i];
				hz[i] = hz[j];
				hz[j] = t;
				t = apic[i];
				apic[i] = apic[j];
				apic[j] = t;
			}
	clk.apic_hz = apic[n / 2];
	return hz[n / 2];
}

/* The legacy 8259 PICs, if the machine has them: remap to vectors
 * 0x30-0x3f (away from CPU exceptions, where their reset base would put
 * IRQ0 on the double-fault vector) and mask every line; the kernel only
 * uses the local APIC. ICW1-4 per the 8259A datasheet. */
static void pic_disable(void)
{
	outb(0x20, 0x11);
	outb(0xa0, 0x11); /* ICW1: init, ICW4 follows */
	outb(0x21, 0x30);
	outb(0xa1, 0x38); /* ICW2: vector bases */
	outb(0x21, 0x04);
	outb(0xa1, 0x02); /* ICW3: cascade on IRQ2 */
	outb(0x21, 0x01);
	outb(0xa1, 0x01); /* ICW4: 8086 mode */
	outb(0x21, 0xff);
	outb(0xa1, 0xff); /* OCW1: mask all */
}

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static int bcd(int v, bool is_bcd)
{
	return is_bcd ? (v & 15) + (v >> 4) * 10 : v;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static uint64_t rtc_read_ns(void)
{
	/* Wait out an update in progress (status A bit 7), MC146818 datasheet. */
	for (int i = 0; i < 100000 && (cmos(0x0a) & 0x80); i++)
		cpu_pause();
	uint8_t b = cmos(0x0b);
	bool is_bcd = !(b & 0x04), h12 = !(b & 0x02);
	int s = bcd(cmos(0x00), is_bcd), mi = bcd(cmos(0x02), is_bcd);
	int hr_raw = cmos(0x04);
	int h = bcd(hr_raw & 0x7f, is_bcd);
	if (h12 && (hr_raw & 0x80))
		h = (h % 12) + 12;
	int d = bcd(cmos(0x07), is_bcd), mo = bcd(cmos(0x08), is_bcd);
	int y = bcd(cmos(0x09), is_bcd) + 2000;
	int64_t days = days_from_civil(y, mo, d);
	return (uint64_t)(((days * 24 + h) * 60 + mi) * 60 + s) * 1000000000ULL;
}

/* Finds and enables the local APIC (xAPIC MMIO via the direct map). */
static void apic_enable(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	if (!(base & (1 << 11)))
		return; /* APIC globally disabled */
	clk.apic = phys_to_virt(base & 0xfffff000);
	apic_write(APIC_SVR, 0x100 | 0xff); /* enable, spurious vector 0xff */
}

/* Measures the APIC timer against the TSC when the PIT did not. */
static void apic_calibrate_tsc(void)
{
	apic_start_count();
	uint64_t t0 = rdtsc(), want = clk.tsc_hz / 1000; /* 1 ms */
	while (rdtsc() - t0 < want)
		cpu_pause();
	clk.apic_hz = (uint64_t)apic_stop_count() * 1000;
}

void time_init(uint64_t tsc0)
{
	vvar.v.version = VVAR_VERSION;
	vvar.v.tsc0 = tsc0;
	pic_disable();
	uint32_t r[4];
	cpuid(0, 0, r);
	if (r[0] >= 0x15) {
		cpuid(0x15, 0, r); /* TSC = crystal * EBX / EAX */
		if (r[0] && r[1] && r[2])
			clk.tsc_hz = (uint64_t)r[2] * r[1] / r[0];
	}
	apic_enable();
	if (!clk.tsc_hz)
		clk.tsc_hz = calibrate_pit();
	if (!clk.tsc_hz) {
		kprintf("ingot: no PIT or CPUID TSC frequency; assuming 1 GHz\n");
		clk.tsc_hz = 1000000000ULL;
	}
	vvar.v.mult = (1000000000ULL << 32) / clk.tsc_hz;
	vvar.v.boot_wall_ns = rtc_read_ns() - time_monotonic_ns();
	if (clk.apic && !clk.apic_hz)
		apic_calibrate_tsc();
	if (clk.apic_hz == 0)
		clk.apic = NULL; /* no working timer: sleeps spin on the TSC */
	else
		apic_write(APIC_LVT_TIMER, TIMER_VECTOR_NUM); /* one-shot, unmasked */
}

uint64_t time_tsc_hz(void)
{
	return clk.tsc_hz;
}

uint64_t tsc_to_ns(uint64_t ticks)
{
	return (uint64_t)(((unsigned __int128)ticks * vvar.v.mult) >> 32);
}

uint64_t time_monotonic_ns(void)
{
	uint64_t mono, real;
	vvar_read(&vvar.v, &mono, &real);
	return mono;
}

uint64_t time_realtime_ns(void)
{
	uint64_t mono, real;
	vvar_read(&vvar.v, &mono, &real);
	return real;
}

uint64_t time_vvar_phys(void)
{
	return virt_to_phys(&vvar);
}

void time_timer_interrupt(void)
{
	if (clk.apic)
		apic_write(APIC_EOI, 0);
}

/* Programs the one-shot timer to fire at deadline_ns (monotonic), at most
 * 1 s ahead (the caller re-arms then); 0 stops it. Without an APIC the
 * idle loop has no timer and sched.c polls the clock instead. */
void time_timer_arm(uint64_t deadline_ns)
{
	if (!clk.apic)
		return;
	if (!deadline_ns) {
		apic_write(APIC_TIMER_INIT, 0);
		return;
	}
	uint64_t now = time_monotonic_ns();
	uint64_t delta = deadline_ns > now ? MIN(deadline_ns - now, 1000000000ULL) : 0;
	uint64_t count = delta * clk.apic_hz / 1000000000ULL; /* <= 1 s: no overflow */
	if (count > 0xffffffff)
		count = 0xffffffff;
	if (count == 0)
		count = 1;
	apic_write(APIC_TIMER_INIT, (uint32_t)count);
}

bool time_has_timer(void)
{
	return clk.apic != NULL;
}
