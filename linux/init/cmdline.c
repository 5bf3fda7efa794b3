/*
 * The protocol's settings arrive as key=value words on the kernel command
 * line. The kernel hands unknown words to init as environment variables, but
 * only when they contain no dots, which ours do, so we read /proc/cmdline.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ingot-init.h"

static char cmdline[4096];
static int loaded;

static void load(void)
{
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = read(fd, cmdline, sizeof cmdline - 1);
		cmdline[n > 0 ? n : 0] = '\0';
		close(fd);
	}
	/* Split into NUL-terminated words in place. */
	for (char *p = cmdline; *p; p++)
		if (*p == ' ' || *p == '\n' || *p == '\t')
			*p = '\0';
	loaded = 1;
}

/* Value of the last "key=value" word (later words override earlier ones,
 * as with kernel parameters), or NULL. key includes the "=". */
const char *cmdline_value(const char *key)
{
	if (!loaded)
		load();
	size_t klen = strlen(key);
	const char *found = NULL;
	const char *end = cmdline + sizeof cmdline - 1;
	for (const char *w = cmdline; w < end; w += strlen(w) + 1)
		if (strncmp(w, key, klen) == 0)
			found = w + klen;
	return found;
}

int cmdline_has(const char *word)
{
	if (!loaded)
		load();
	const char *end = cmdline + sizeof cmdline - 1;
	for (const char *w = cmdline; w < end; w += strlen(w) + 1)
		if (strcmp(w, word) == 0)
			return 1;
	return 0;
}
