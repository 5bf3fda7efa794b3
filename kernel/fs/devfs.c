/*
 * devfs.c — /dev: the character devices a Linux program expects.
 *
 * null (reads EOF, writes vanish), zero (reads zeros), random and urandom
 * (random_bytes(); writes are accepted and ignored, as Linux mixes them
 * into the pool), console (reads return 0 like an idle serial line with no
 * input wired yet; writes go to console_write()). stdin/stdout/stderr are
 * symlinks to /proc/self/fd/0..2 as udev makes them, and /dev/shm is a
 * writable in-memory directory like /tmp (POSIX shm_open uses it).
 *
 * Reads and writes move data through a small bounce buffer on the stack,
 * copy_to_user/copy_from_user doing the checks of the guest pointer.
 */
#include "fs.h"

#define DEV_CHUNK 256 /* bounce buffer size: small enough for the kernel stack */

/* Major/minor numbers from Linux's Documentation/admin-guide/devices.txt. */
static const struct devdef {
	const char *name;
	uint8_t kind;
	uint16_t mode;
	uint16_t major, minor;
} devs[] = {
	{"null", DEV_NULL, 0666, 1, 3},	      {"zero", DEV_ZERO, 0666, 1, 5},
	{"random", DEV_RANDOM, 0666, 1, 8},   {"urandom", DEV_URANDOM, 0666, 1, 9},
	{"console", DEV_CONSOLE, 0600, 5, 1},
};

static const char *const std_links[][2] = {
	{"stdin", "/proc/self/fd/0"},
	{"stdout", "/proc/self/fd/1"},
	{"stderr", "/proc/self/fd/2"},
};

static struct {
	struct node *dir; /* /dev */
} devfs;

void devfs_init(struct node *devdir)
{
	devfs.dir = devdir;
	for (size_t i = 0; i < ARRAY_SIZE(devs); i++) {
		const struct devdef *d = &devs[i];
		struct node *n =
			node_new(devdir, d->name, strlen(d->name), S_IFCHR | d->mode, FS_DEV);
		if (!n)
			panic("fs: no memory for /dev");
		n->dev = d->kind;
	}
	for (size_t i = 0; i < ARRAY_SIZE(std_links); i++) {
		struct node *n = node_new(devdir, std_links[i][0], strlen(std_links[i][0]),
					  S_IFLNK | 0777, FS_DEV);
		if (!n)
			panic("fs: no memory for /dev");
		n->data = (char *)std_links[i][1];
		n->size = strlen(std_links[i][1]);
	}
	if (!node_new(devdir, "shm", 3, S_IFDIR | 01777, FS_TMP))
		panic("fs: no memory for /dev/shm");
}

/* Linux's new_encode_dev(): minor low byte, major, then minor's high bits. */
uint64_t devfs_rdev(struct node *n)
{
	for (size_t i = 0; i < ARRAY_SIZE(devs); i++)
		if (devs[i].kind == n->dev)
			return (uint64_t)(devs[i].minor & 0xff) | ((uint64_t)devs[i].major << 8) |
			       ((uint64_t)(devs[i].minor & ~0xffu) << 12);
	return 0;
}

ssize_t devfs_read(struct node *n, void *ubuf, size_t len)
{
	if (n->dev != DEV_ZERO && n->dev != DEV_RANDOM && n->dev != DEV_URANDOM)
		return 0; /* null, console: end of file */
	char chunk[DEV_CHUNK];
	size_t done = 0;
	if (n->dev == DEV_ZERO)
		memset(chunk, 0, sizeof(chunk));
	while (done < len) {
		size_t k = MIN(len - done, sizeof(chunk));
		if (n->dev != DEV_ZERO)
			random_bytes(chunk, k);
		if (copy_to_user((char *)ubuf + done, chunk, k) < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += k;
	}
	return (ssize_t)done;
}

ssize_t devfs_write(struct node *n, const void *ubuf, size_t len, bool user)
{
	if (n->dev != DEV_CONSOLE)
		return (ssize_t)len;
	if (!user) {
		console_write(ubuf, len);
		return (ssize_t)len;
	}
	char chunk[DEV_CHUNK];
	size_t done = 0;
	while (done < len) {
		size_t k = MIN(len - done, sizeof(chunk));
		if (copy_from_user(chunk, (const char *)ubuf + done, k) < 0)
			return done ? (ssize_t)done : -EFAULT;
		console_write(chunk, k);
		done += k;
	}
	return (ssize_t)done;
}
