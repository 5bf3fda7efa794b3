/*
 * procfs.c — the small /proc a native Ingot guest offers.
 *
 *   /proc/self/exe      symlink to proc_exe_path()
 *   /proc/self/cmdline  proc_cmdline()        /proc/self/maps  proc_maps()
 *   /proc/self/fd/N     symlinks to the path of each open fd
 *   /proc/self/cwd, /proc/self/root           symlinks to the cwd and /
 *   /proc/self/environ  the initial environment (/.ingot/env)
 *   /proc/self/mounts, mountinfo, /proc/mounts  a fixed mount table
 *   /proc/cpuinfo       from CPUID (cpuinfo.c)  /proc/meminfo  proc_meminfo()
 *   /proc/uptime        time_monotonic_ns()
 *   /proc/net/if_inet6  the IPv6 addresses (net/netif.c)
 *
 * fd/N, cwd and root are "magic" links as on Linux: following one leads to
 * the node itself (procfs_follow), so an unlinked file or a pipe can be
 * reopened through /proc/self/fd/N.
 *
 * /proc/self is a directory, not a link to /proc/<pid>: there is one process.
 * Regular /proc files have size 0 (as on Linux) and their content is
 * generated once, when opened, into a kmalloc'd snapshot owned by the open
 * file (file.c frees it on the last close); reads never see a torn state.
 * /proc/self/fd/N nodes are made on first lookup and kept (one per fd
 * number, at most FD_MAX); a lookup of a closed fd gives -ENOENT and
 * procfs_fd_sync prunes them before a listing.
 */
#include "fs.h"

#define SNAP_START 4096
#define SNAP_MAX   (1u << 20) /* maps of a huge process is still far below */

static const char mounts_text[] = "rootfs / rootfs ro 0 0\n"
				  "devtmpfs /dev devtmpfs rw 0 0\n"
				  "proc /proc proc rw 0 0\n"
				  "tmpfs /tmp tmpfs rw 0 0\n";

/* Mount ids, parent ids, st_dev (major 0, minor = enum fs_kind), root,
 * mount point, options, separator, type, source, super options. */
static const char mountinfo_text[] = "1 1 0:1 / / ro,relatime - rootfs rootfs ro\n"
				     "2 1 0:3 / /dev rw,relatime - devtmpfs devtmpfs rw\n"
				     "3 1 0:4 / /proc rw,relatime - proc proc rw\n"
				     "4 1 0:2 / /tmp rw,relatime - tmpfs tmpfs rw\n";

static struct {
	struct node *fddir; /* /proc/self/fd */
} procfs;

static struct node *add(struct node *dir, const char *name, uint32_t mode, int gen)
{
	struct node *n = node_new(dir, name, strlen(name), mode, FS_PROC);
	if (!n)
		panic("fs: no memory for /proc");
	n->gen = (uint8_t)gen;
	return n;
}

void procfs_init(struct node *proc)
{
	struct node *self = add(proc, "self", S_IFDIR | 0555, PROC_NONE);
	add(self, "exe", S_IFLNK | 0777, PROC_EXE);
	add(self, "cmdline", S_IFREG | 0444, PROC_CMDLINE);
	add(self, "maps", S_IFREG | 0444, PROC_MAPS);
	add(self, "mounts", S_IFREG | 0444, PROC_MOUNTS);
	add(self, "mountinfo", S_IFREG | 0444, PROC_MOUNTINFO);
	add(self, "environ", S_IFREG | 0400, PROC_ENVIRON);
	add(self, "cwd", S_IFLNK | 0777, PROC_CWD);
	add(self, "root", S_IFLNK | 0777, PROC_ROOT);
	procfs.fddir = add(self, "fd", S_IFDIR | 0500, PROC_FDDIR);
	add(proc, "cpuinfo", S_IFREG | 0444, PROC_CPUINFO);
	add(proc, "meminfo", S_IFREG | 0444, PROC_MEMINFO);
	add(proc, "mounts", S_IFREG | 0444, PROC_MOUNTS);
	add(proc, "uptime", S_IFREG | 0444, PROC_UPTIME);
	struct node *net = add(proc, "net", S_IFDIR | 0555, PROC_NONE);
	add(net, "if_inet6", S_IFREG | 0444, PROC_IF_INET6);
}

static size_t put_text(char *buf, size_t size, const char *text, size_t len)
{
	size_t n = MIN(size, len);
	memcpy(buf, text, n);
	return n;
}

static size_t generate(int gen, char *buf, size_t size)
{
	switch (gen) {
	case PROC_CMDLINE: return proc_cmdline(buf, size);
	case PROC_MAPS: return proc_maps(buf, size);
	case PROC_MEMINFO: return proc_meminfo(buf, size);
	case PROC_CPUINFO: return procfs_cpuinfo(buf, size);
	case PROC_IF_INET6: return net_if_inet6(buf, size);
	case PROC_MOUNTS: return put_text(buf, size, mounts_text, sizeof(mounts_text) - 1);
	case PROC_MOUNTINFO: return put_text(buf, size, mountinfo_text, sizeof(mountinfo_text) - 1);
	case PROC_ENVIRON: {
		const void *env;
		size_t len;
		return vfs_read_file(INGOT_ENV_PATH, &env, &len) ? 0
								 : put_text(buf, size, env, len);
	}
	case PROC_UPTIME: { /* "seconds.centis idle.centis": idle is not kept */
		uint64_t cs = time_monotonic_ns() / 10000000u;
		ksnprintf(buf, size, "%lu.%02lu 0.00\n", (unsigned long)(cs / 100),
			  (unsigned long)(cs % 100));
		return strnlen(buf, size);
	}
	}
	return 0;
}

/* Generates n's content, doubling the buffer while the generator fills it
 * (a result of size-1 or more may have been cut). */
int procfs_snapshot(struct node *n, char **out, size_t *len)
{
	for (size_t size = SNAP_START; size <= SNAP_MAX; size *= 2) {
		char *buf = kmalloc(size);
		if (!buf)
			return -ENOMEM;
		size_t got = generate(n->gen, buf, size);
		if (got + 1 < size || size == SNAP_MAX) {
			*out = buf;
			*len = MIN(got, size);
			return 0;
		}
		kfree(buf);
	}
	return -ENOMEM;
}

/* Writes the target of a /proc symlink into buf; returns its length. */
int procfs_readlink(struct node *n, char *buf, size_t size)
{
	if (n->gen == PROC_EXE) {
		const char *exe = proc_exe_path();
		size_t len = exe ? strlen(exe) : 0;
		if (len == 0)
			return -ENOENT;
		if (len >= size)
			return -ENAMETOOLONG;
		memcpy(buf, exe, len + 1);
		return (int)len;
	}
	if (n->gen == PROC_ROOT || n->gen == PROC_CWD) {
		int r = node_path(n->gen == PROC_ROOT ? node_root() : namei_cwd(), buf, size);
		return r == -ERANGE ? -ENAMETOOLONG : r;
	}
	if (n->gen != PROC_FD)
		return -EINVAL;
	struct file *f = fd_peek((int)n->dev);
	if (!f)
		return -ENOENT;
	if (S_ISFIFO(f->node->mode)) { /* Linux: "pipe:[inode]" */
		ksnprintf(buf, size, "pipe:[%lu]", (unsigned long)f->node->ino);
		size_t len = strnlen(buf, size);
		return len + 1 >= size ? -ENAMETOOLONG : (int)len;
	}
	int r = node_path(f->node, buf, size);
	if (r == -ENOENT) { /* unlinked: Linux shows "/name (deleted)" */
		static const char del[] = " (deleted)";
		size_t len = strlen(f->node->name);
		if (len + sizeof(del) + 1 > size)
			return -ENAMETOOLONG;
		buf[0] = '/';
		memcpy(buf + 1, f->node->name, len);
		memcpy(buf + 1 + len, del, sizeof(del));
		return (int)(len + sizeof(del));
	}
	return r == -ERANGE ? -ENAMETOOLONG : r;
}

int procfs_follow(struct node *link, struct node **out)
{
	if (link->fs != FS_PROC)
		return 1;
	switch (link->gen) {
	case PROC_ROOT: *out = node_root(); return 0;
	case PROC_CWD: *out = namei_cwd(); return 0;
	case PROC_FD: {
		struct file *f = fd_peek((int)link->dev);
		if (!f)
			return -ENOENT;
		*out = f->node;
		return 0;
	}
	}
	return 1;
}

static int parse_fd(const char *name, size_t len)
{
	if (len == 0 || len > 4 || (len > 1 && name[0] == '0'))
		return -1;
	int v = 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v < FD_MAX ? v : -1;
}

struct node *procfs_fd_lookup(struct node *fddir, const char *name, size_t len)
{
	int fd = parse_fd(name, len);
	if (fd < 0 || !fd_peek(fd))
		return NULL;
	struct node *n = node_child(fddir, name, len);
	if (!n) {
		n = node_new(fddir, name, len, S_IFLNK | 0700, FS_PROC);
		if (!n)
			return NULL;
		n->gen = PROC_FD;
		n->dev = (uint32_t)fd;
	}
	return n;
}

/* Makes /proc/self/fd list exactly the open fds. */
void procfs_fd_sync(void)
{
	struct node *dir = procfs.fddir;
	if (!dir)
		return;
	for (struct node *c = dir->first, *next; c; c = next) {
		next = c->next;
		if (!fd_peek((int)c->dev))
			node_unlink(c);
	}
	char name[8];
	for (int fd = 0; fd < FD_MAX; fd++) {
		if (!fd_peek(fd))
			continue;
		ksnprintf(name, sizeof(name), "%d", fd);
		procfs_fd_lookup(dir, name, strnlen(name, sizeof(name)));
	}
}
