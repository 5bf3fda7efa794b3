/*
 * Order of events for PID 1. Each step is in its own file; see ingot-init.h.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "ingot-init.h"

int main(void)
{
	/* /dev must exist before we can have a console, so mount first; any
	 * error before the console is up is written straight to COM1. */
	mount_filesystems();
	open_console();
	configure_network();
	mount_volumes();

	char **argv = read_nul_list(INGOT_ARGV_PATH, 1);
	char **envp = read_nul_list(INGOT_ENV_PATH, 0);
	/* INGOT_CWD_PATH (optional): the directory the program starts in. */
	char **cwd = read_nul_list(INGOT_CWD_PATH, 0);
	if (cwd[0] && chdir(cwd[0]) != 0) {
		ingot_say("cannot start in %s: %s", cwd[0], strerror(errno));
		report_exit(INGOT_EXIT_NOT_RUN);
	}

	int trace = cmdline_has(INGOT_CMDLINE_MISSING);
	int status = run_program(argv, envp, trace);
	if (trace)
		missing_report();
	report_exit(status);
}
