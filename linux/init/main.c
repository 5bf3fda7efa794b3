/*
 * Order of events for PID 1. Each step is in its own file; see ingot-init.h.
 */
#include "ingot-init.h"

int main(void)
{
	/* /dev must exist before we can have a console, so mount first; any
	 * error before the console is up is written straight to COM1. */
	mount_filesystems();
	open_console();
	configure_network();

	char **argv = read_nul_list("/.ingot/argv", 1);
	char **envp = read_nul_list("/.ingot/env", 0);

	report_exit(run_program(argv, envp));
}
