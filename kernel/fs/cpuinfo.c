/*
 * cpuinfo.c — the text of /proc/cpuinfo, in the layout of Linux's
 * arch/x86/kernel/cpu/proc.c, for the one CPU Ingot runs on.
 *
 * Identification (vendor, family, model, stepping, brand string) and the
 * flags come from CPUID. Flag names are Linux's (arch/x86/include/asm/
 * cpufeatures.h) for the bits programs commonly test (sse4_2, avx2, ...);
 * bits Linux hides or that we do not name are left out.
 */
#include "fs.h"

struct flagdef {
	uint8_t reg; /* index into the 4 registers of the leaf: eax ebx ecx edx */
	uint8_t bit;
	const char *name;
};
enum { EAX, EBX, ECX, EDX };

static const struct flagdef leaf1[] = {
	{EDX, 0, "fpu"},     {EDX, 1, "vme"},	  {EDX, 2, "de"},
	{EDX, 3, "pse"},     {EDX, 4, "tsc"},	  {EDX, 5, "msr"},
	{EDX, 6, "pae"},     {EDX, 7, "mce"},	  {EDX, 8, "cx8"},
	{EDX, 9, "apic"},    {EDX, 11, "sep"},	  {EDX, 12, "mtrr"},
	{EDX, 13, "pge"},    {EDX, 14, "mca"},	  {EDX, 15, "cmov"},
	{EDX, 16, "pat"},    {EDX, 17, "pse36"},  {EDX, 19, "clflush"},
	{EDX, 21, "dts"},    {EDX, 22, "acpi"},	  {EDX, 23, "mmx"},
	{EDX, 24, "fxsr"},   {EDX, 25, "sse"},	  {EDX, 26, "sse2"},
	{EDX, 27, "ss"},     {EDX, 28, "ht"},	  {EDX, 29, "tm"},
	{EDX, 31, "pbe"},    {ECX, 0, "pni"},	  {ECX, 1, "pclmulqdq"},
	{ECX, 2, "dtes64"},  {ECX, 3, "monitor"}, {ECX, 4, "ds_cpl"},
	{ECX, 5, "vmx"},     {ECX, 6, "smx"},	  {ECX, 7, "est"},
	{ECX, 8, "tm2"},     {ECX, 9, "ssse3"},	  {ECX, 11, "sdbg"},
	{ECX, 12, "fma"},    {ECX, 13, "cx16"},	  {ECX, 14, "xtpr"},
	{ECX, 15, "pdcm"},   {ECX, 17, "pcid"},	  {ECX, 18, "dca"},
	{ECX, 19, "sse4_1"}, {ECX, 20, "sse4_2"}, {ECX, 21, "x2apic"},
	{ECX, 22, "movbe"},  {ECX, 23, "popcnt"}, {ECX, 24, "tsc_deadline_timer"},
	{ECX, 25, "aes"},    {ECX, 26, "xsave"},  {ECX, 28, "avx"},
	{ECX, 29, "f16c"},   {ECX, 30, "rdrand"}, {ECX, 31, "hypervisor"},
};
static const struct flagdef leaf_ext1[] = {
	/* 0x80000001 */
	{EDX, 11, "syscall"}, {EDX, 20, "nx"},	 {EDX, 26, "pdpe1gb"},
	{EDX, 27, "rdtscp"},  {EDX, 29, "lm"},	 {ECX, 0, "lahf_lm"},
	{ECX, 5, "abm"},      {ECX, 6, "sse4a"}, {ECX, 8, "3dnowprefetch"},
};
static const struct flagdef leaf7[] = {
	/* 7, subleaf 0 */
	{EBX, 0, "fsgsbase"},
	{EBX, 3, "bmi1"},
	{EBX, 4, "hle"},
	{EBX, 5, "avx2"},
	{EBX, 7, "smep"},
	{EBX, 8, "bmi2"},
	{EBX, 9, "erms"},
	{EBX, 10, "invpcid"},
	{EBX, 11, "rtm"},
	{EBX, 16, "avx512f"},
	{EBX, 17, "avx512dq"},
	{EBX, 18, "rdseed"},
	{EBX, 19, "adx"},
	{EBX, 20, "smap"},
	{EBX, 21, "avx512ifma"},
	{EBX, 23, "clflushopt"},
	{EBX, 24, "clwb"},
	{EBX, 28, "avx512cd"},
	{EBX, 29, "sha_ni"},
	{EBX, 30, "avx512bw"},
	{EBX, 31, "avx512vl"},
	{ECX, 1, "avx512vbmi"},
	{ECX, 2, "umip"},
	{ECX, 3, "pku"},
	{ECX, 6, "avx512_vbmi2"},
	{ECX, 8, "gfni"},
	{ECX, 9, "vaes"},
	{ECX, 10, "vpclmulqdq"},
	{ECX, 11, "avx512_vnni"},
	{ECX, 12, "avx512_bitalg"},
	{ECX, 14, "avx512_vpopcntdq"},
	{ECX, 22, "rdpid"},
	{EDX, 4, "fsrm"},
	{EDX, 8, "avx512_vp2intersect"},
	{EDX, 14, "serialize"},
};

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	/* SAFETY: CPUID is unprivileged, has no side effects beyond the four
     * output registers, and exists on every x86-64 CPU. */
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

struct out {
	char *p;
	size_t size, len;
};

static void put(struct out *o, const char *fmt, ...)
{
	if (o->len + 1 >= o->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(o->p + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	o->len += strnlen(o->p + o->len, o->size - o->len - 1);
}

static void put_flags(struct out *o, const struct flagdef *d, size_t n, const uint32_t r[4])
{
	for (size_t i = 0; i < n; i++)
		if (r[d[i].reg] & (1u << d[i].bit))
			put(o, " %s", d[i].name);
}

/* Fills buf with the cpuinfo text; returns bytes written (without NUL). */
size_t procfs_cpuinfo(char *buf, size_t size)
{
	struct out o = {buf, size, 0};
	if (size == 0)
		return 0;
	buf[0] = 0;
	uint32_t r[4], maxleaf, maxext;
	char vendor[13];
	cpuid(0, 0, r);
	maxleaf = r[0];
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = 0;
	cpuid(0x80000000u, 0, r);
	maxext = r[0];
	char brand[49] = "unknown";
	if (maxext >= 0x80000004u) {
		for (uint32_t i = 0; i < 3; i++) {
			cpuid(0x80000002u + i, 0, r);
			memcpy(brand + 16 * i, r, 16);
		}
		brand[48] = 0;
	}
	const char *model_name = brand;
	while (*model_name == ' ')
		model_name++;
	uint32_t l1[4];
	cpuid(1, 0, l1);
	uint32_t family = (l1[0] >> 8) & 0xf, model = (l1[0] >> 4) & 0xf;
	if (family == 0xf)
		family += (l1[0] >> 20) & 0xff;
	if (family >= 6)
		model |= ((l1[0] >> 16) & 0xf) << 4;

	put(&o, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n", vendor,
	    family, model);
	put(&o, "model name\t: %s\nstepping\t: %u\n", model_name, l1[0] & 0xf);
	put(&o, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\n");
	put(&o, "apicid\t\t: 0\ninitial apicid\t: 0\nfpu\t\t: yes\nfpu_exception\t: yes\n");
	put(&o, "cpuid level\t: %u\nwp\t\t: yes\nflags\t\t:", maxleaf);
	put_flags(&o, leaf1, ARRAY_SIZE(leaf1), l1);
	if (maxext >= 0x80000001u) {
		cpuid(0x80000001u, 0, r);
		put_flags(&o, leaf_ext1, ARRAY_SIZE(leaf_ext1), r);
	}
	if (maxleaf >= 7) {
		cpuid(7, 0, r);
		put_flags(&o, leaf7, ARRAY_SIZE(leaf7), r);
	}
	uint32_t clflush = ((l1[1] >> 8) & 0xff) * 8;
	put(&o, "\nclflush size\t: %u\ncache_alignment\t: %u\n", clflush, clflush);
	if (maxext >= 0x80000008u) {
		cpuid(0x80000008u, 0, r);
		put(&o, "address sizes\t: %u bits physical, %u bits virtual\n", r[0] & 0xff,
		    (r[0] >> 8) & 0xff);
	}
	put(&o, "power management:\n\n");
	return o.len;
}
