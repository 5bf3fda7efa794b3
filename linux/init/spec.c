/*
 * /.ingot/argv and /.ingot/env: what the toolchain wants run. Both are lists
 * of NUL-terminated strings; we read a file whole and point into it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingot-init.h"

/* Missing required file: the program cannot be started (status 127).
 * A missing optional file is an empty list. */
static _Noreturn void cannot(const char *what, const char *path)
{
	ingot_say("cannot read %s: %s", path, what);
	report_exit(INGOT_EXIT_NOT_RUN);
}

char **read_nul_list(const char *path, int required)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (!required) {
			char **empty = calloc(1, sizeof *empty);
			if (!empty)
				ingot_panic("out of memory");
			return empty;
		}
		cannot(strerror(errno), path);
	}

	/* One spare byte so that a last string without its NUL still ends. */
	size_t size = (size_t)st.st_size;
	char *data = malloc(size + 1);
	if (!data)
		ingot_panic("out of memory");
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, data + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	data[got] = '\0';

	/* Every NUL ends a string; so does the end of a file whose last byte
	 * is not a NUL. An empty file is an empty list. */
	size_t count = 0;
	for (size_t i = 0; i < got; i++)
		if (data[i] == '\0')
			count++;
	if (got > 0 && data[got - 1] != '\0')
		count++;

	char **list = calloc(count + 1, sizeof *list);
	if (!list)
		ingot_panic("out of memory");
	char *p = data;
	for (size_t i = 0; i < count; i++) {
		list[i] = p;
		p += strlen(p) + 1;
	}

	if (required && (count == 0 || list[0][0] != '/'))
		cannot("argv[0] must be an absolute path", path);
	return list;
}
