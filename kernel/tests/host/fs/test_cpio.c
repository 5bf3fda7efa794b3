/*
 * test_cpio.c — the rootfs reader: a good image loads with implicit
 * parents; corrupt archives are refused with -EINVAL and never read
 * outside the archive (run under AddressSanitizer, the archive is an exact
 * malloc); an archive made by the real cpio(1) tool loads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static int load(const char *buf, size_t len)
{
	vfs_reset();
	char *exact = malloc(len ? len : 1); /* ASan catches any overread */
	memcpy(exact, buf, len);
	int r = vfs_init(exact, len);
	/* the tree may point into exact: leak it on purpose */
	return r;
}

static void good_image(void)
{
	struct arc a;
	std_image(&a);
	EQ(load(a.buf, a.len), 0);
	const void *data;
	size_t size;
	EQ(vfs_read_file("/etc/hosts", &data, &size), 0);
	EQ(size, 20);
	CHECK(memcmp(data, "127.0.0.1 localhost\n", 20) == 0);
	EQ(vfs_read_file("/deep/a/b/c/file", &data, &size), 0);
	EQ(size, 4);
	EQ(vfs_read_file("/deep/a/b", &data, &size), -EISDIR);
	EQ(vfs_read_file("/lib/libc.so.6", &data, &size), 0);
	EQ(vfs_read_file("/dev/junk", &data, &size), -ENOENT); /* /dev is synthesised */
	EQ(vfs_read_file("/nope", &data, &size), -ENOENT);
	struct node *n;
	EQ(namei(NULL, "/deep/a", LOOKUP_FOLLOW, &n), 0);
	CHECK(S_ISDIR(n->mode));
	EQ(n->mode & 07777, 0755);
	EQ(namei(NULL, "/bin/prog", 0, &n), 0);
	EQ(n->mode, S_IFREG | 0755);
	EQ(namei(NULL, "/tmp", 0, &n), 0);
	EQ(n->fs, FS_TMP);
	EQ(n->mode, S_IFDIR | 01777);
	free(a.buf);
}

/* Archives that are wrong in one way each. */
static void corrupt(void)
{
	struct arc a = {0};
	EQ(load("", 0), -EINVAL); /* no trailer at all */
	arc_file(&a, "x", "data");
	EQ(load(a.buf, a.len), -EINVAL); /* no trailer */
	arc_end(&a);
	EQ(load(a.buf, a.len), 0);
	EQ(load(a.buf, a.len - 4), -EINVAL); /* trailer name cut short */
	EQ(load(a.buf, 100), -EINVAL);	     /* header cut short */

	char *b = malloc(a.len);
	memcpy(b, a.buf, a.len);
	b[0] = '1';
	EQ(load(b, a.len), -EINVAL); /* bad magic */
	memcpy(b, a.buf, a.len);
	b[6 + 8 * 6 + 3] = 'g'; /* filesize: not hex */
	EQ(load(b, a.len), -EINVAL);
	memcpy(b, a.buf, a.len);
	memcpy(b + 6 + 8 * 6, "7fffffff", 8); /* filesize past the end */
	EQ(load(b, a.len), -EINVAL);
	memcpy(b, a.buf, a.len);
	memcpy(b + 6 + 8 * 11, "ffffffff", 8); /* namesize past the end */
	EQ(load(b, a.len), -EINVAL);
	memcpy(b, a.buf, a.len);
	memcpy(b + 6 + 8 * 11, "00000000", 8); /* namesize 0 */
	EQ(load(b, a.len), -EINVAL);
	memcpy(b, a.buf, a.len);
	memcpy(b + 6 + 8 * 11, "00000001", 8); /* name without its NUL */
	EQ(load(b, a.len), -EINVAL);
	free(b);
	free(a.buf);

	struct arc c = {0};
	arc_file(&c, "a", "file");
	arc_file(&c, "a/b", "under a file");
	arc_end(&c);
	EQ(load(c.buf, c.len), -EINVAL);
	free(c.buf);

	struct arc d = {0};
	arc_file(&d, "../escape", "x");
	arc_end(&d);
	EQ(load(d.buf, d.len), -EINVAL);
	free(d.buf);

	struct arc e = {0};
	arc_add(&e, "badlink", S_IFLNK | 0777, "", 0); /* empty symlink target */
	arc_end(&e);
	EQ(load(e.buf, e.len), -EINVAL);
	free(e.buf);

	struct arc f = {0};
	arc_add(&f, "dev/ttyS0", S_IFCHR | 0600, "", 0); /* devices are skipped */
	arc_add(&f, "./etc//x", S_IFREG | 0600, "hi", 2);
	arc_end(&f);
	EQ(load(f.buf, f.len), 0);
	const void *data;
	size_t size;
	EQ(vfs_read_file("/etc/x", &data, &size), 0);
	EQ(size, 2);
	free(f.buf);
}

/* Random damage: every result must be 0 or -EINVAL, with no bad access. */
static void fuzz(void)
{
	struct arc a;
	std_image(&a);
	char *b = malloc(a.len);
	int bad = 0;
	srand(1234);
	for (int i = 0; i < 3000; i++) {
		memcpy(b, a.buf, a.len);
		size_t len = a.len;
		int kind = i % 3;
		if (kind == 0)
			len = (size_t)rand() % a.len;
		for (int k = 0; kind != 0 && k < 1 + rand() % 4; k++) {
			size_t pos = (size_t)rand() % a.len;
			b[pos] = kind == 1 ? (char)rand() : "0123456789abcdef"[rand() % 16];
		}
		int r = load(b, len);
		if (r != 0 && r != -EINVAL)
			bad++;
	}
	EQ(bad, 0);
	free(b);
	free(a.buf);
}

/* An archive written by GNU cpio from a real directory. */
static void real_cpio(void)
{
	char dir[] = "/tmp/ingot-fs-test-XXXXXX";
	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p root/etc root/usr/bin root/tmp && "
		 "printf 'hello' > root/etc/motd && ln -s ../usr/bin root/etc/bin && "
		 "ln root/etc/motd root/etc/motd2 && ln root/etc/motd root/usr/motd3 && "
		 "printf '#!x' > root/usr/bin/tool && chmod 755 root/usr/bin/tool && "
		 "cd root && find . | LC_ALL=C sort | cpio -o -H newc --quiet > ../img.cpio",
		 dir);
	if (system(cmd) != 0) {
		CHECK(!"cpio tool failed");
		return;
	}
	snprintf(cmd, sizeof(cmd), "%s/img.cpio", dir);
	FILE *fp = fopen(cmd, "rb");
	static char buf[1 << 16];
	size_t len = fp ? fread(buf, 1, sizeof(buf), fp) : 0;
	if (fp)
		fclose(fp);
	EQ(load(buf, len), 0);
	const void *data;
	size_t size;
	EQ(vfs_read_file("/etc/motd", &data, &size), 0);
	EQ(size, 5);
	EQ(vfs_read_file("/etc/bin/tool", &data, &size), 0);
	/* hard links: GNU cpio stores the bytes with one entry of the group */
	EQ(vfs_read_file("/etc/motd2", &data, &size), 0);
	EQ(size, 5);
	EQ(vfs_read_file("/usr/motd3", &data, &size), 0);
	EQ(size, 5);
	CHECK(size == 5 && memcmp(data, "hello", 5) == 0);
	struct node *a, *b;
	EQ(namei(NULL, "/etc/motd", 0, &a) | namei(NULL, "/usr/motd3", 0, &b), 0);
	EQ(a->ino, b->ino);
	EQ(a->nlink, 3);
	struct node *n;
	EQ(namei(NULL, "/usr/bin/tool", 0, &n), 0);
	EQ(n->mode & 0777, 0755);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
}

/* An image's package part, then its own files: both load, the later
 * entry of a path wins, zero padding between them is skipped, and what
 * follows a trailer must be another archive. */
static void concatenated(void)
{
	struct arc a = {0};
	arc_add(&a, "etc", S_IFDIR | 0700, "", 0);
	arc_file(&a, "etc/a", "one");
	arc_file(&a, "etc/shared", "old");
	arc_end(&a);
	a.buf = realloc(a.buf, a.len + 512);
	memset(a.buf + a.len, 0, 512); /* padding, as cpio(1) writes it */
	a.len += 512;
	a.cap = a.len;
	arc_add(&a, "etc", S_IFDIR | 0755, "", 0);
	arc_file(&a, "etc/shared", "new!");
	arc_file(&a, "etc/b", "two");
	arc_end(&a);
	EQ(load(a.buf, a.len), 0);
	const void *data;
	size_t size;
	EQ(vfs_read_file("/etc/a", &data, &size), 0);
	EQ(size, 3);
	EQ(vfs_read_file("/etc/b", &data, &size), 0);
	EQ(size, 3);
	EQ(vfs_read_file("/etc/shared", &data, &size), 0);
	EQ(size, 4);
	CHECK(memcmp(data, "new!", 4) == 0);
	struct node *n;
	EQ(namei(NULL, "/etc", 0, &n), 0);
	EQ(n->mode & 07777, 0755);
	arc_file(&a, "x", "not ended"); /* a next archive without its trailer */
	EQ(load(a.buf, a.len), -EINVAL);
	free(a.buf);
	struct arc b = {0};
	arc_file(&b, "x", "data");
	arc_end(&b);
	arc_add(&b, "y", S_IFREG | 0644, "", 0);
	memcpy(b.buf + b.len - 112, "garbage!", 8);
	EQ(load(b.buf, b.len), -EINVAL);
	free(b.buf);
}

void test_cpio(void)
{
	good_image();
	concatenated();
	corrupt();
	fuzz();
	real_cpio();
}
