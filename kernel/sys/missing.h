/* missing.h — the paths a program looked for and did not find (missing.c). */
#ifndef INGOT_MISSING_H
#define INGOT_MISSING_H

void missing_enable(void);
/* Records path when result is -ENOENT and path is absolute. */
void missing_note(const char *path, long result);
/* Prints the recorded paths ("ingot: missing-file PATH"); called at exit. */
void missing_report(void);

#endif
