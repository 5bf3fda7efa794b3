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

static struct {
	int count;   /* paths in the table */
	int dropped; /* distinct paths beyond INGOT_MISSING_MAX */
	char path[INGOT_MISSING_MAX][INGOT_MISSING_PATH];
} missing;

void missing_note(const char *path)
{
	char cut[INGOT_MISSING_PATH];
	size_t n = strnlen(path, INGOT_MISSING_PATH);
	if (n >= INGOT_MISSING_PATH) {
		n = INGOT_MISSING_PATH - 4;
		memcpy(cut + n, "...", 4);
	} else {
		cut[n] = '\0';
	}
	memcpy(cut, path, n);
	for (int i = 0; i < missing.count; i++)
		if (strcmp(missing.path[i], cut) == 0)
			return;
	if (missing.count == INGOT_MISSING_MAX) {
		missing.dropped++;
		return;
	}
	memcpy(missing.path[missing.count++], cut, strlen(cut) + 1);
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
