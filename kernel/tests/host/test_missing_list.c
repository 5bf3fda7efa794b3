/* test_missing_list.c — host test of include/ingot/missing_list.h, the
 * --missing-files list both guests keep: first-seen order, no repeats,
 * long paths cut and marked, and only a count past INGOT_MISSING_MAX. */
#include <stdio.h>
#include <string.h>
#include "../../include/ingot/abi.h"
#include "../../include/ingot/missing_list.h"

#include "check.h"

static struct ingot_missing_list l;

int main(void)
{
	ingot_missing_add(&l, "/etc/a");
	ingot_missing_add(&l, "/etc/b");
	ingot_missing_add(&l, "/etc/a");
	CHECK(l.count == 2 && l.dropped == 0);
	CHECK(strcmp(l.path[0], "/etc/a") == 0 && strcmp(l.path[1], "/etc/b") == 0);

	/* A path longer than a slot keeps its start and ends in "...". */
	char longpath[INGOT_MISSING_PATH * 2];
	memset(longpath, 'x', sizeof longpath - 1);
	longpath[0] = '/';
	longpath[sizeof longpath - 1] = '\0';
	ingot_missing_add(&l, longpath);
	CHECK(l.count == 3);
	CHECK(strlen(l.path[2]) == INGOT_MISSING_PATH - 1);
	CHECK(strncmp(l.path[2], longpath, INGOT_MISSING_PATH - 4) == 0);
	CHECK(strcmp(l.path[2] + INGOT_MISSING_PATH - 4, "...") == 0);
	/* The same long path again is the same entry. */
	ingot_missing_add(&l, longpath);
	CHECK(l.count == 3);
	/* A path of exactly one slot minus its NUL is kept whole. */
	char fits[INGOT_MISSING_PATH];
	memset(fits, 'y', sizeof fits - 1);
	fits[0] = '/';
	fits[sizeof fits - 1] = '\0';
	ingot_missing_add(&l, fits);
	CHECK(l.count == 4 && strcmp(l.path[3], fits) == 0);

	/* Past the limit only distinct new paths are counted. */
	char name[INGOT_MISSING_PATH]; /* as big as the bound strnlen is given */
	for (int i = 0; l.count < INGOT_MISSING_MAX; i++) {
		snprintf(name, sizeof name, "/fill/%d", i);
		ingot_missing_add(&l, name);
	}
	ingot_missing_add(&l, "/over/1");
	ingot_missing_add(&l, "/over/2");
	ingot_missing_add(&l, "/etc/a"); /* already listed: not a drop */
	CHECK(l.count == INGOT_MISSING_MAX && l.dropped == 2);

	printf("test_missing_list: %s\n", failures ? "FAILED" : "ok");
	return failures != 0;
}
