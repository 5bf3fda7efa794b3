/*
 * missing.c — ingot.missing=1 (`ingot run --missing-files`): remembers the
 * absolute paths the program failed to open, stat or access because they
 * do not exist (ENOENT), and prints them when it exits, one
 * "ingot: missing-file PATH" line each, so a user can add them to the image
 * with files:. A program probing a search path tries many names: the
 * first MISSING_MAX distinct ones are kept, the rest only counted.
 *
 * Concurrency: one CPU, called from system calls (interrupts off), so the
 * table needs no lock (see sched/sched.h).
 */
#include "proc.h"
#include "missing.h"
#include "../include/errno.h"

/* Distinct paths kept (a screenful); longer paths are cut and marked "...". */
#define MISSING_MAX  INGOT_MISSING_MAX
#define MISSING_PATH INGOT_MISSING_PATH

static struct {
	bool on;
	int count;   /* paths in the table */
	int dropped; /* distinct paths beyond MISSING_MAX */
	char path[MISSING_MAX][MISSING_PATH];
} missing;

void missing_enable(void)
{
	missing.on = true;
}

void missing_note(const char *path, long result)
{
	if (!missing.on || result != -ENOENT || !path || path[0] != '/')
		return;
	char cut[MISSING_PATH];
	size_t n = strnlen(path, MISSING_PATH);
	if (n >= MISSING_PATH) {
		n = MISSING_PATH - 4;
		memcpy(cut + n, "...", 4);
	} else {
		cut[n] = '\0';
	}
	memcpy(cut, path, n);
	for (int i = 0; i < missing.count; i++)
		if (strcmp(missing.path[i], cut) == 0)
			return;
	if (missing.count == MISSING_MAX) {
		missing.dropped++;
		return;
	}
	memcpy(missing.path[missing.count++], cut, strlen(cut) + 1);
}

void missing_report(void)
{
	if (!missing.on)
		return;
	for (int i = 0; i < missing.count; i++)
		kprintf(INGOT_MISSING_LINE "%s\n", missing.path[i]);
	if (missing.dropped)
		kprintf(INGOT_MISSING_LINE "... and %d more\n", missing.dropped);
}
