/*
 * layout.h — the on-disk header and the loader's low-memory map, shared by
 * mbr.S and stage2.S. The Java side (core/.../disk/DiskLayout.java) writes
 * the same header; docs/disk.md is the description of record.
 *
 * Disk (512-byte sectors, little-endian):
 *   LBA 0        MBR: boot code (<= 446 bytes), one partition entry, 0x55aa
 *   LBA 1        header (below)
 *   LBA 2..      stage 2 (HDR_LOADER_LBA, HDR_LOADER_SECTORS)
 *   4 KiB-aligned: the kernel ELF, then the rootfs cpio
 */
#define HDR_MAGIC_LO        0x4f474e49   /* "INGO" */
#define HDR_MAGIC_HI        0x4b534454   /* "TDSK" */
#define HDR_VERSION         1
/* Field offsets in the header sector. */
#define HDR_OFF_MAGIC       0
#define HDR_OFF_VERSION     8
#define HDR_OFF_LOADER_LBA  16
#define HDR_OFF_LOADER_SECTORS 20
#define HDR_OFF_KERNEL_LBA  24   /* u64 */
#define HDR_OFF_KERNEL_BYTES 32  /* u64 */
#define HDR_OFF_ROOTFS_LBA  40   /* u64 */
#define HDR_OFF_ROOTFS_BYTES 48  /* u64 */
#define HDR_OFF_CMDLINE_LEN 56   /* u32, without the NUL */
#define HDR_OFF_CMDLINE     64   /* NUL-terminated, at most 447 bytes */

/* Low memory while the loader runs (all below 0x7c00 or in 0x8000-0x1ffff). */
#define ELFBUF       0x2000   /* first 4 KiB of the kernel ELF */
#define NOTEBUF      0x3000   /* one PT_NOTE segment, at most 4 KiB */
#define START_INFO   0x5000   /* struct hvm_start_info (56 bytes) */
#define MODLIST      0x5040   /* one struct hvm_modlist_entry (32 bytes) */
#define MEMMAP       0x5100   /* struct hvm_memmap_entry[MEMMAP_MAX] (24 bytes each) */
#define MEMMAP_MAX   64
#define STACK_TOP    0x7c00
#define HEADER       0x7e00   /* the header sector, read by the MBR */
#define STAGE2       0x8000   /* stage 2, read by the MBR */
#define STAGE2_MAX_SECTORS 48 /* 24 KiB: 0x8000-0xdfff */
#define BOUNCE_SEG   0x1000   /* int 13h reads land at 0x10000 */
#define BOUNCE       0x10000
#define BOUNCE_SECTORS 64     /* 32 KiB per int 13h call */

/* Stage 2's GDT (stage2.S): flat 32-bit code and data. */
#define CODE_SEL     0x08
#define DATA_SEL     0x10
#define E820_RAM     1

#define COM1         0x3f8
#define DEBUG_EXIT   0xf4     /* isa-debug-exit, as the boot protocol has it */
