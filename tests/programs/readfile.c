/* readfile.c — reads /data/hello.txt from the image with stdio and
 * with open/read/fstat, and checks a missing file gives ENOENT. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

int main(void) {
	FILE *f = fopen("/data/hello.txt", "r");
	if (!f) { printf("fopen failed: %s\n", strerror(errno)); return 1; }
	char line[256];
	while (fgets(line, sizeof line, f))
		printf("line: %s", line);
	fclose(f);
	int fd = open("/data/hello.txt", O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) { printf("open/fstat failed\n"); return 1; }
	char buf[256];
	ssize_t n = read(fd, buf, sizeof buf);
	printf("size=%lld read=%zd regular=%s\n", (long long)st.st_size, n, S_ISREG(st.st_mode) ? "yes" : "no");
	printf("eof read=%zd\n", read(fd, buf, sizeof buf));
	close(fd);
	errno = 0;
	fd = open("/data/does-not-exist", O_RDONLY);
	printf("missing: fd=%d ENOENT=%s\n", fd, errno == ENOENT ? "yes" : "no");
	return 0;
}
