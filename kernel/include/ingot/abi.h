/*
 * ingot/abi.h — the host <-> guest contract of Ingot images, version
 * INGOT_ABI_VERSION: the one source of truth for the numbers and strings
 * that the Java toolchain (which builds and boots images) and the two
 * guests (the native kernel, kernel/, and the Linux init shim,
 * linux/init/) must agree on. docs/boot-protocol.md explains each rule.
 *
 * Rules for this file:
 *   - Self-contained: no includes, only `#define INGOT_<NAME> <value>` with
 *     a decimal or hex integer or a "string", so a freestanding kernel, a
 *     musl program and the Java test that reads it all can use it.
 *   - Every INGOT_<NAME> here has a twin <NAME> in core's
 *     dev.ingot.core.GuestAbi with the same value; GuestAbiTest fails when
 *     either side changes alone. Add both, or neither.
 *   - A change that an existing image or guest cannot follow bumps
 *     INGOT_ABI_VERSION (and the version in docs/boot-protocol.md).
 *
 * Error rules: every line a guest itself prints on the console starts with
 * INGOT_DIAG_PREFIX; a guest that cannot start the program exits
 * INGOT_STATUS_NOT_RUN; a kernel panic or init failure exits
 * INGOT_STATUS_INIT_FAILED; a program killed by signal N exits
 * INGOT_STATUS_SIGNAL_BASE + N.
 */
#ifndef INGOT_ABI_H
#define INGOT_ABI_H

#define INGOT_ABI_VERSION 1

/* Ports the hypervisor gives the guest (QEMU -serial/-device arguments). */
#define INGOT_CONSOLE_PORT    0x3f8 /* COM1: program stdout/stderr */
#define INGOT_CONSOLE_IRQ     4
#define INGOT_CONTROL_PORT    0x2f8 /* COM2: only the exit record */
#define INGOT_CONTROL_IRQ     3
#define INGOT_SIGNAL_PORT     0x3e8 /* COM3: "ingot-signal N\n" from ingot stop */
#define INGOT_SIGNAL_IRQ      13    /* not COM3's usual 4 (COM1's): free on microvm and pc */
#define INGOT_SIGNAL_PREFIX   "ingot-signal "
#define INGOT_DEBUG_EXIT_PORT 0xf4 /* isa-debug-exit: QEMU ends (S << 1) | 1 */
#define INGOT_DEBUG_EXIT_SIZE 4

/* Program exit: "ingot-exit S\n" on COM2, then S to the debug-exit port. */
#define INGOT_EXIT_RECORD_PREFIX "ingot-exit "
#define INGOT_STATUS_INIT_FAILED 126
#define INGOT_STATUS_NOT_RUN	 127
#define INGOT_STATUS_SIGNAL_BASE 128
#define INGOT_DIAG_PREFIX	 "ingot: "

/* The rootfs (a newc cpio): what to run. NUL-terminated string lists. */
#define INGOT_ARGV_PATH	      "/.ingot/argv"
#define INGOT_ENV_PATH	      "/.ingot/env"
#define INGOT_CWD_PATH	      "/.ingot/cwd" /* the program's start directory (optional) */
#define INGOT_LINUX_INIT_PATH "/init"

/* Kernel command-line words (value follows the '='; unknown words are
 * ignored by both guests). */
#define INGOT_CMDLINE_IP      "ingot.ip="	/* A.B.C.D/N */
#define INGOT_CMDLINE_GW      "ingot.gw="	/* A.B.C.D */
#define INGOT_CMDLINE_DHCP    "ingot.dhcp=1"	/* native: DHCP first */
#define INGOT_CMDLINE_TRACE   "ingot.trace=1"	/* native: strace-style log */
#define INGOT_CMDLINE_NO_ASLR "ingot.aslr=0"	/* native: no randomisation */
#define INGOT_CMDLINE_DEBUG   "ingot.debug=1"	/* native: boot timings */
#define INGOT_CMDLINE_NO_VDSO "ingot.vdso=0"	/* native: no vDSO */
#define INGOT_CMDLINE_BLKTEST "ingot.blktest=1" /* native: block self-check */
#define INGOT_CMDLINE_MISSING "ingot.missing=1" /* both: list failed opens at exit */
#define INGOT_CMDLINE_VOLUMES "ingot.volumes="	/* /a,/b: the N-th path is disk volN's */

/* ingot.missing=1: at exit, one line per path the program looked for and
 * did not find (ENOENT), the first INGOT_MISSING_MAX distinct ones, each
 * cut to INGOT_MISSING_PATH bytes; then "... and N more" if any were dropped. */
#define INGOT_MISSING_LINE "ingot: missing-file "
#define INGOT_MISSING_MAX  64
#define INGOT_MISSING_PATH 256

/* Volumes: ext2 disks on virtio-blk, serial INGOT_VOLUME_SERIAL N, in the
 * order of ingot.volumes=. */
#define INGOT_VOLUME_SERIAL "vol"
#define INGOT_MAX_VOLUMES   4

/* QEMU user networking, the default without ingot.ip= / ingot.gw=. */
#define INGOT_DEFAULT_IP     "10.0.2.15"
#define INGOT_DEFAULT_PREFIX 24
#define INGOT_DEFAULT_GW     "10.0.2.2"
#define INGOT_DEFAULT_DNS    "10.0.2.3"

#endif
