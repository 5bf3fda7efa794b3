/*
 * main.c — runs every fs host test group and prints "N passed, M failed".
 * Exit status is non-zero when any check failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

int t_pass, t_fail;

static void put32hex(char *p, uint32_t v)
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 7; i >= 0; i--, v >>= 4)
		p[i] = hex[v & 0xf];
}

static void grow(struct arc *a, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2 + 1024;
		a->buf = realloc(a->buf, a->cap);
	}
}

void arc_add(struct arc *a, const char *name, uint32_t mode, const char *data, size_t len)
{
	static uint32_t ino = 100;
	size_t namesize = strlen(name) + 1;
	grow(a, 110 + namesize + len + 8);
	char *h = a->buf + a->len;
	memcpy(h, "070701", 6);
	uint32_t f[13] = {ino++, mode, 0, 0, 1, 0, (uint32_t)len, 0, 0, 0, 0, (uint32_t)namesize,
			  0};
	for (int i = 0; i < 13; i++)
		put32hex(h + 6 + 8 * i, f[i]);
	a->len += 110;
	memcpy(a->buf + a->len, name, namesize);
	a->len += namesize;
	while (a->len % 4)
		a->buf[a->len++] = 0;
	memcpy(a->buf + a->len, data, len);
	a->len += len;
	while (a->len % 4)
		a->buf[a->len++] = 0;
}

void arc_file(struct arc *a, const char *name, const char *text)
{
	arc_add(a, name, S_IFREG | 0644, text, strlen(text));
}

void arc_end(struct arc *a)
{
	arc_add(a, "TRAILER!!!", 0, "", 0);
}

static void arc_link(struct arc *a, const char *name, const char *target)
{
	arc_add(a, name, S_IFLNK | 0777, target, strlen(target));
}

void std_image(struct arc *a)
{
	memset(a, 0, sizeof(*a));
	arc_add(a, ".", S_IFDIR | 0755, "", 0);
	arc_add(a, ".ingot", S_IFDIR | 0755, "", 0);
	arc_add(a, ".ingot/argv", S_IFREG | 0644, "/bin/prog\0-v\0", 13);
	arc_add(a, ".ingot/env", S_IFREG | 0644, "A=1\0B=two\0", 10);
	arc_add(a, "bin", S_IFDIR | 0755, "", 0);
	arc_add(a, "bin/prog", S_IFREG | 0755, "\177ELFprog", 8);
	arc_add(a, "dev", S_IFDIR | 0755, "", 0);
	arc_file(a, "dev/junk", "pruned at boot");
	arc_add(a, "etc", S_IFDIR | 0755, "", 0);
	arc_file(a, "etc/hosts", "127.0.0.1 localhost\n");
	arc_link(a, "etc/self", ".");
	arc_link(a, "etc/up", "..");
	arc_link(a, "lib", "usr/lib");
	arc_link(a, "lib64", "/usr/lib");
	arc_link(a, "loop1", "loop2");
	arc_link(a, "loop2", "/loop1");
	arc_link(a, "dangling", "/nowhere");
	arc_add(a, "tmp", S_IFDIR | 01777, "", 0);
	arc_file(a, "usr/lib/libc.so.6", "libc");
	arc_link(a, "usr/lib/ld.so", "../../lib64/libc.so.6");
	arc_file(a, "deep/a/b/c/file", "deep");
	/* a chain of 40 links resolves; 41 is one too many */
	char name[32], target[32];
	for (int i = 0; i < 41; i++) {
		snprintf(name, sizeof(name), "chain/l%d", i);
		snprintf(target, sizeof(target), i == 40 ? "/etc/hosts" : "l%d", i + 1);
		arc_link(a, name, target);
	}
	arc_end(a);
}

void setup_with(struct arc *a)
{
	vfs_reset();
	int r = vfs_init(a->buf, a->len);
	if (r) {
		printf("FAIL setup: vfs_init = %d\n", r);
		exit(1);
	}
	fd_init_stdio();
	console_len = 0;
}

void setup(void)
{
	static struct arc img;
	if (!img.buf)
		std_image(&img);
	setup_with(&img);
}

long slurp(const char *path, char *buf, size_t size)
{
	long fd = x_open(path, O_RDONLY, 0);
	if (fd < 0)
		return fd;
	size_t len = 0;
	long r;
	while (len + 1 < size && (r = x_read(fd, buf + len, 7)) > 0) /* odd chunks */
		len += (size_t)r;
	buf[len] = 0;
	x_close(fd);
	return (long)len;
}

int main(void)
{
	test_cpio();
	test_namei();
	test_tmp();
	test_fd();
	test_stat();
	test_dev_proc();
	test_attr();
	test_copy();
	test_random();
	test_ext2();
	test_ext2_sync();
	printf("%d passed, %d failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}
