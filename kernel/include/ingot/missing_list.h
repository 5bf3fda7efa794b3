/*
 * ingot/missing_list.h — the list behind ingot.missing=1 (`ingot run
 * --missing-files`): the distinct paths a program looked for and did not
 * find, kept in the order first seen. One implementation for both guests,
 * the native kernel (kernel/sys/missing.c) and the Linux init shim
 * (linux/init/missing.c), so the host reads one kind of list whichever
 * kernel ran. The limits and the line format are in ingot/abi.h.
 *
 * Header-only and freestanding: the includer provides strnlen, strlen,
 * memcpy and strcmp (the kernel's lib/, or libc).
 */
#ifndef INGOT_MISSING_LIST_H
#define INGOT_MISSING_LIST_H

struct ingot_missing_list {
	int count;   /* paths in the table */
	int dropped; /* distinct paths beyond INGOT_MISSING_MAX */
	char path[INGOT_MISSING_MAX][INGOT_MISSING_PATH];
};

/* Adds path unless it is there already; a path too long for a slot is cut
 * and marked "...", and past INGOT_MISSING_MAX paths only a count is kept
 * (a program probing a search path tries many names). */
static inline void ingot_missing_add(struct ingot_missing_list *l, const char *path)
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
	for (int i = 0; i < l->count; i++)
		if (strcmp(l->path[i], cut) == 0)
			return;
	if (l->count == INGOT_MISSING_MAX) {
		l->dropped++;
		return;
	}
	memcpy(l->path[l->count++], cut, strlen(cut) + 1);
}

#endif
