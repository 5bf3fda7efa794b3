/* dirs.c — directory listing (getdents64 via readdir), sorted so the
 * order a file system returns does not matter; file types and cwd. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path) {
	DIR *d = opendir(path);
	if (!d) { printf("%s: cannot open\n", path); return; }
	char *names[64];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof names[0], cmp);
	printf("%s:", path);
	for (int i = 0; i < n; i++) {
		char full[256];
		struct stat st;
		snprintf(full, sizeof full, "%s/%s", path, names[i]);
		lstat(full, &st);
		printf(" %s%s", names[i], S_ISDIR(st.st_mode) ? "/" : S_ISLNK(st.st_mode) ? "@" : "");
		free(names[i]);
	}
	printf("\n");
}

int main(void) {
	list("/data");
	mkdir("/tmp/d", 0755);
	const char *files[] = { "zeta", "alpha", "mid" };
	for (int i = 0; i < 3; i++) {
		char p[64];
		snprintf(p, sizeof p, "/tmp/d/%s", files[i]);
		close(open(p, O_CREAT | O_WRONLY, 0600));
	}
	mkdir("/tmp/d/sub", 0700);
	symlink("alpha", "/tmp/d/link");
	list("/tmp/d");
	char target[64] = { 0 };
	printf("readlink: %zd %s\n", readlink("/tmp/d/link", target, sizeof target - 1), target);
	printf("chdir: %d\n", chdir("/tmp/d/sub"));
	char cwd[128];
	printf("cwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
	printf("relative open of ../mid: %s\n", access("../mid", F_OK) == 0 ? "ok" : "failed");
	return 0;
}
