/*
 * ingot.missing=1 (`ingot run --missing-files`) on Linux: the table of paths
 * the program looked for and did not find, printed at exit in the native
 * kernel's format and with its limits (INGOT_MISSING_* in ingot/abi.h), so
 * the host and the user see one kind of list whichever kernel ran. How the
 * paths are found is trace.c's job.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "ingot-init.h"
#include "ingot/missing_list.h"

static struct ingot_missing_list missing;

void missing_note(const char *path)
{
	ingot_missing_add(&missing, path);
}

void missing_report(void)
{
	/* stderr, like every line init prints: the console, as on native. */
	for (int i = 0; i < missing.count; i++)
		fprintf(stderr, INGOT_MISSING_LINE "%s\n", missing.path[i]);
	if (missing.dropped)
		fprintf(stderr, INGOT_MISSING_LINE "... and %d more\n", missing.dropped);
	fflush(stderr);
}
