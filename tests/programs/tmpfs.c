/* tmpfs.c — /tmp: write, read back, mkdir, rename, readdir-free checks,
 * unlink, rmdir. Prints each step's outcome. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

static void step(const char *what, int ok) { printf("%s: %s\n", what, ok ? "ok" : strerror(errno)); }

int main(void) {
	const char msg[] = "written to tmpfs\n";
	int fd = open("/tmp/a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	step("create", fd >= 0);
	step("write", write(fd, msg, sizeof msg - 1) == (ssize_t)sizeof msg - 1);
	step("close", close(fd) == 0);
	step("mkdir", mkdir("/tmp/dir", 0755) == 0);
	step("mkdir again fails", mkdir("/tmp/dir", 0755) != 0 && errno == EEXIST);
	step("rename", rename("/tmp/a.txt", "/tmp/dir/b.txt") == 0);
	struct stat st;
	step("old name gone", stat("/tmp/a.txt", &st) != 0 && errno == ENOENT);
	step("stat new", stat("/tmp/dir/b.txt", &st) == 0 && st.st_size == (off_t)sizeof msg - 1);
	char buf[64] = { 0 };
	fd = open("/tmp/dir/b.txt", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	printf("read back %zd bytes: %s", n, buf);
	FILE *f = fopen("/tmp/dir/b.txt", "a");
	fprintf(f, "appended line\n");
	fclose(f);
	f = fopen("/tmp/dir/b.txt", "r");
	while (fgets(buf, sizeof buf, f))
		printf("> %s", buf);
	fclose(f);
	step("rmdir non-empty fails", rmdir("/tmp/dir") != 0 && errno == ENOTEMPTY);
	step("unlink", unlink("/tmp/dir/b.txt") == 0);
	step("rmdir", rmdir("/tmp/dir") == 0);
	step("gone", access("/tmp/dir", F_OK) != 0);
	return 0;
}
