/*
 * missing.c — ingot.missing=1 (`ingot run --missing-files`): remembers the
 * absolute paths the program failed to open, stat or access because they
 * do not exist (ENOENT), and prints them when it exits, one
 * "ingot: missing-file PATH" line each, so a user can add them to the image
 * with files:. The list itself is ingot/missing_list.h, shared with the
 * Linux init shim.
 *
 * Concurrency: one CPU, called from system calls (interrupts off), so the
 * table needs no lock (see sched/sched.h).
 */
#include "proc.h"
#include "missing.h"
#include "../include/errno.h"
#include "../include/ingot/missing_list.h"

static struct {
	bool on;
	struct ingot_missing_list list;
} missing;

void missing_enable(void)
{
	missing.on = true;
}

void missing_note(const char *path, long result)
{
	if (!missing.on || result != -ENOENT || !path || path[0] != '/')
		return;
	ingot_missing_add(&missing.list, path);
}

void missing_report(void)
{
	if (!missing.on)
		return;
	for (int i = 0; i < missing.list.count; i++)
		kprintf(INGOT_MISSING_LINE "%s\n", missing.list.path[i]);
	if (missing.list.dropped)
		kprintf(INGOT_MISSING_LINE "... and %d more\n", missing.list.dropped);
}
