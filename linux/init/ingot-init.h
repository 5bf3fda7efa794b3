/*
 * ingot-init: the PID 1 of Ingot's Linux images.
 *
 * The kernel unpacks the image's cpio as the root filesystem and runs /init,
 * which is this program. It prepares the few things the boot protocol
 * (docs/boot-protocol.md) promises a program, runs that one program, and
 * reports its exit status to the host. Each .c file does one of those jobs;
 * this header is the list of them.
 */
#ifndef INGOT_INIT_H
#define INGOT_INIT_H

#include <stdint.h>
#include <sys/types.h>

#include "ingot/abi.h" /* kernel/include: the host <-> guest contract */

/* Protocol exit statuses. */
enum {
	INGOT_EXIT_NOT_RUN = INGOT_STATUS_NOT_RUN, /* the program could not be found or started */
	INGOT_EXIT_PANIC = INGOT_STATUS_INIT_FAILED, /* init itself failed */
};

/* fail.c: messages, and giving up in the protocol's way. */
void ingot_say(const char *fmt, ...);                         /* "ingot: ..." */
_Noreturn void ingot_panic(const char *fmt, ...);             /* status 126 */

/* mounts.c: /proc, /sys, /dev, /tmp. Panics on the required ones. */
void mount_filesystems(void);

/* volumes.c: ext2 volumes at the paths of ingot.volumes=; unmounted (so
 * written back) before the exit is reported. */
void mount_volumes(void);
void unmount_volumes(void);

/* console.c: /dev/null as stdin; /dev/console as stdout and stderr. */
void open_console(void);
void drain_console(void);

/* cmdline.c: one word of /proc/cmdline ("ingot.ip=" -> its value). */
const char *cmdline_value(const char *key);
int cmdline_has(const char *word); /* 1 if this exact word is there */

/* net.c: lo and, when present, eth0 with its address and default route. */
void configure_network(void);

/* spec.c: the NUL-separated /.ingot/argv and /.ingot/env. */
char **read_nul_list(const char *path, int required);

/* hostsig.c: COM3's "ingot-signal N" lines (polled). init: 1 if the UART
 * is there; poll: the next requested signal, or 0. */
int host_signal_init(void);
int host_signal_poll(void);

/* run.c: fork, exec, forward signals and the host's, reap; returns the
 * shell-style status. trace: follow it for missing files (trace.c). */
int run_program(char **argv, char **envp, int trace);

/* trace.c: ingot.missing=1, following the program with ptrace. trace_me in
 * the child before execve; trace_start in the parent after fork; then
 * trace_event for each waitpid result: 1 if it was a ptrace stop (handled
 * and resumed), 0 if an exit the caller must look at too. */
void trace_me(void);
void trace_start(pid_t pid);
int trace_event(pid_t tid, int status);

/* missing.c: the paths not found, printed at exit in the native format. */
void missing_note(const char *path);
void missing_report(void);

/* exitrec.c: COM2 record + isa-debug-exit; never returns. */
_Noreturn void report_exit(int status);

#endif
