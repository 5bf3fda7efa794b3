/*
 * fs.h — internal interface between the files of kernel/fs and the file
 * system calls in kernel/sys/sys_file*.c. Not for the rest of the kernel
 * (which uses vfs.h).
 *
 * Concurrency: there are no locks. The core runs one system call at a time
 * (one CPU, no kernel preemption), so every function here requires that its
 * caller is that one running syscall or boot. A call may block only in
 * waitq_wait (pipes), where other threads' calls run; state must be
 * consistent there and re-checked after.
 */
#ifndef INGOT_FS_FS_H
#define INGOT_FS_FS_H
#include "vfs.h"
#include "uapi.h"

/* Which file system a node belongs to; decides writability and st_dev. */
enum fs_kind {
	FS_ROOT = 1, /* the cpio image: read-only */
	FS_TMP,	     /* /tmp: in memory, writable */
	FS_DEV,	     /* /dev: device nodes */
	FS_PROC,     /* /proc: generated at open */
	FS_PIPE,     /* anonymous pipes: never in the tree */
	FS_VOL,	     /* a volume: ext2 on a disk, loaded in memory (volume.c) */
};

/* Character devices of /dev (node->dev). */
enum dev_kind { DEV_NULL = 1, DEV_ZERO, DEV_RANDOM, DEV_URANDOM, DEV_CONSOLE };

/* Generated /proc entries (node->gen). */
enum proc_gen {
	PROC_NONE = 0,
	PROC_EXE, /* symlink: proc_exe_path() */
	PROC_CMDLINE,
	PROC_MAPS,
	PROC_MEMINFO,
	PROC_CPUINFO,
	PROC_FD,    /* /proc/self/fd/N symlinks; node->dev holds N */
	PROC_FDDIR, /* the /proc/self/fd directory, listed from the fd table */
	PROC_MOUNTS,
	PROC_MOUNTINFO,
	PROC_ENVIRON, /* the initial environment: /.ingot/env */
	PROC_UPTIME,
	PROC_CWD,      /* magic symlink to the cwd */
	PROC_ROOT,     /* magic symlink to / */
	PROC_IF_INET6, /* /proc/net/if_inet6: net_if_inet6() */
};

/*
 * One file, directory, symlink or device. A node has exactly one name (no
 * hard links): it is linked into its parent's child list, or unlinked
 * (parent == NULL) and kept alive only by refs. Freed when both are gone.
 */
struct node {
	uint32_t mode;	    /* S_IFxxx | permission bits */
	uint8_t fs;	    /* enum fs_kind */
	uint8_t gen;	    /* enum proc_gen, FS_PROC only */
	uint8_t name_owned; /* name was kmalloc'd (else points into cpio) */
	uint8_t data_owned; /* data was kmalloc'd (else points into cpio) */
	uint32_t nlink;
	uint32_t refs; /* open files + cwd holding this node */
	uint32_t dev;  /* enum dev_kind, or fd number for PROC_FD */
	uint64_t ino;
	const char *name;	   /* NUL-terminated last component */
	struct node *parent;	   /* NULL once unlinked (root: itself) */
	struct node *first, *last; /* children, in creation order (dirs) */
	struct node *prev, *next;  /* siblings */
	uint32_t nchildren;
	char *data;		      /* file bytes or symlink target */
	size_t size;		      /* bytes used */
	size_t cap;		      /* bytes allocated when data_owned */
	size_t charged;		      /* FS_TMP: bytes counted against /tmp's cap (ramfs.c) */
	uint64_t atime, mtime, ctime; /* ns since epoch; 0 for the image */
	struct node *hnext;	      /* name hash chain (node.c) */
	uint32_t hash;		      /* name hash while linked */
	size_t pipe_head;	      /* FS_PIPE: ring buffer start in data */
	uint32_t pipe_readers, pipe_writers; /* FS_PIPE: open ends */
	uint32_t disk_ino;    /* FS_VOL: its ext2 inode number, 0 until written (ext2_sync.c) */
	struct vol_map *vmap; /* FS_VOL: its blocks on disk (ext2.h), NULL: none yet */
	uint32_t maps,
		wmaps; /* MAP_SHARED mappings of it, and of those ever writable (mm/filemap.c) */
};

/* node.c — the tree */
struct node *node_root(void);
struct node *node_new(struct node *dir, const char *name, size_t len, uint32_t mode, int fs);
struct node *node_child(struct node *dir, const char *name, size_t len);
void node_link(struct node *dir, struct node *n);
void node_unlink(struct node *n);
void node_get(struct node *n);
void node_put(struct node *n);
int node_path(struct node *n, char *buf, size_t size);
int node_set_name(struct node *n, const char *name, size_t len);
void node_swap_names(struct node *a, struct node *b);
uint64_t node_now(void);
void node_reset(void);

/* cpio.c */
int cpio_load(struct node *root, const void *cpio, size_t len);

/* namei.c — lookups. LOOKUP_FOLLOW follows a final symlink. */
#define LOOKUP_FOLLOW 1
#define LOOKUP_DIR    2 /* final component must be a directory */
struct node *namei_cwd(void);
void namei_set_cwd(struct node *n);
uint32_t namei_umask(void);
uint32_t namei_set_umask(uint32_t mask); /* returns the old mask */
void namei_reset(void);
int namei(struct node *start, const char *path, int flags, struct node **out);
/* Resolves all but the last component. *last points into path (not
 * NUL-terminated: *lastlen). last is "" for "/", "." for ".". */
int namei_parent(struct node *start, const char *path, struct node **dir, const char **last,
		 size_t *lastlen);
int namei_readlink(struct node *n, const char **target, size_t *len, char *tmp, size_t tmpsize);

/* ramfs.c — /tmp */
int ramfs_create(struct node *dir, const char *name, size_t len, uint32_t mode, struct node **out);
int ramfs_mkdir(struct node *dir, const char *name, size_t len, uint32_t mode);
int ramfs_symlink(struct node *dir, const char *name, size_t len, const char *target);
ssize_t ramfs_write(struct node *n, uint64_t off, const void *src, size_t len, bool user);
int ramfs_truncate(struct node *n, uint64_t size);
int ramfs_unlink(struct node *dir, const char *name, size_t len, bool rmdir);
int ramfs_rename(struct node *odir, const char *oname, size_t olen, struct node *ndir,
		 const char *nname, size_t nlen, unsigned flags);
/* node.c calls it when a /tmp node is freed: its bytes leave the count. */
void ramfs_uncharge(struct node *n);
/* Bytes /tmp uses now and may use at most (0: no cap), for statfs. */
void ramfs_usage(size_t *used, size_t *limit);
void ramfs_reset(void); /* vfs_reset: the tree is forgotten, so is its size */
/* Volumes (volume.c): FS_TMP and FS_VOL share this code; each has its own
 * cap (a volume's: its data blocks). */
bool fs_is_writable(int fs);
void ramfs_add_volume_room(uint64_t bytes);
void ramfs_charge_loaded(struct node *n);
/* volume.c: fsync of a node (0 unless it is on a volume; -EIO, -ENOSPC),
 * and statfs numbers of the volume a node is on (false: not on one). */
int volume_sync_node(struct node *n);
/* ext2_map.c: bytes [from, to) of a volume node changed (ramfs.c), and
 * freeing a node's block map (node.c). */
void vol_map_dirty(struct node *n, uint64_t from, uint64_t to);
void vol_map_free(struct vol_map *m);
void volume_reset(void);
bool volume_statfs(struct node *n, uint64_t *bsize, uint64_t *blocks, uint64_t *bfree,
		   uint64_t *files, uint64_t *ffree);

/* mm/filemap.c: the frames of a file's shared mappings cache its bytes.
 * Before a read of [off, off+len) takes them from data (only if
 * n->wmaps), filemap_flush copies the dirty ones there; after a write or
 * truncate changes them (only if n->maps), filemap_refresh copies them
 * into the frames. filemap_flush_all: every mapping (fsync of a volume). */
void filemap_flush(struct node *n, uint64_t off, uint64_t len);
void filemap_refresh(struct node *n, uint64_t off, uint64_t len);
void filemap_flush_all(void);

/* devfs.c — /dev */
void devfs_init(struct node *devdir);
ssize_t devfs_read(struct node *n, void *ubuf, size_t len);
ssize_t devfs_write(struct node *n, const void *ubuf, size_t len, bool user);
uint64_t devfs_rdev(struct node *n);

/* procfs.c — /proc */
void procfs_init(struct node *procdir);
/* Generates the content of a /proc file into a new kmalloc'd buffer. */
int procfs_snapshot(struct node *n, char **buf, size_t *len);
int procfs_readlink(struct node *n, char *buf, size_t size);
struct node *procfs_fd_lookup(struct node *fddir, const char *name, size_t len);
/* For a "magic" /proc link (fd/N, cwd, root): sets *out to the node it
 * stands for and returns 0 or -ENOENT; returns 1 for any other node. */
int procfs_follow(struct node *link, struct node **out);
void procfs_fd_sync(void);
size_t procfs_cpuinfo(char *buf, size_t size);
/* net/netif.c: the IPv6 addresses, one /proc/net/if_inet6 line each (the
 * JDK uses IPv6 only when this file has a line). Returns the length. */
size_t net_if_inet6(char *buf, size_t size);

/* pipe.c — anonymous pipes */
struct file;
int pipe_create(uint32_t flags, struct file **rd, struct file **wr);
void pipe_ref(struct node *n, uint32_t accmode, int delta);
ssize_t pipe_read(struct file *f, void *ubuf, size_t len);
ssize_t pipe_write(struct file *f, const void *src, size_t len, bool user);
size_t pipe_capacity(void);
/* splice/tee: wait for any pipe change (0/-EINTR); the contiguous bytes
 * at off past the read position; drop k read bytes; append kernel bytes
 * (as many as fit). */
int pipe_wait(void);
size_t pipe_peek(struct node *n, size_t off, const char **p);
void pipe_consume(struct node *n, size_t k);
ssize_t pipe_append(struct node *n, const void *src, size_t len);

/* file.c — open files and the fd table */
/* Files that are not nodes' bytes (sockets; later eventfd, epoll) give
 * their own operations: read/write take user or kernel buffers like
 * pipe_write, poll returns POLLIN/POLLOUT/POLLERR/POLLHUP, release runs at
 * the last close. file_read/file_write/fd_poll/file_put call them. */
struct file_ops {
	ssize_t (*read)(struct file *f, void *ubuf, size_t len);
	ssize_t (*write)(struct file *f, const void *src, size_t len, bool user);
	int (*poll)(struct file *f, int events);
	void (*release)(struct file *f);
	long (*ioctl)(struct file *f, unsigned long req, long arg); /* optional: -ENOTTY */
};
struct file {
	struct node *node;
	uint64_t off;
	uint32_t flags; /* O_ACCMODE | status flags (O_APPEND, O_NONBLOCK, ...) */
	uint32_t refs;	/* fds sharing this open file (dup) */
	uint32_t holds; /* running system calls using it (fd_get, include/held.h) */
	char *snap;	/* /proc content generated at open */
	size_t snap_len;
	const struct file_ops *ops; /* NULL: the node decides (see file_read) */
	void *priv;		    /* the ops' object (a socket) */
};
/* sys/sys_epoll.c: drops f from every epoll set at its last close. */
void epoll_file_closed(struct file *f);
#define FD_MAX 1024
/* Whether an open file may be read / written (O_PATH and the "ioctl only"
 * access mode 3 allow neither). */
static inline bool file_can_read(const struct file *f)
{
	uint32_t acc = f->flags & O_ACCMODE;
	return !(f->flags & O_PATH) && (acc == O_RDONLY || acc == O_RDWR);
}
static inline bool file_can_write(const struct file *f)
{
	uint32_t acc = f->flags & O_ACCMODE;
	return !(f->flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR);
}
int file_open_node(struct node *n, uint32_t flags, struct file **out);
void file_put(struct file *f);
/* The open file of fd, held until the running system call returns (see
 * include/held.h), or NULL. Safe to keep across a sleep. */
struct file *fd_get(int fd);
/* The same without a hold: only for code that does not sleep before it is
 * done with the file (poll scans, /proc listings, the fd table). */
struct file *fd_peek(int fd);
int fd_install(struct file *f, int minfd, bool cloexec);
int fd_close(int fd);
int fd_dup_to(int oldfd, int newfd, bool cloexec);
int fd_get_cloexec(int fd);
int fd_set_cloexec(int fd, bool on);
void fd_reset(void);
ssize_t file_read(struct file *f, void *ubuf, size_t len, uint64_t off, bool use_off);
ssize_t file_write(struct file *f, const void *ubuf, size_t len, uint64_t off, bool use_off);
/* The same from kernel memory (sendfile, copy_file_range). */
ssize_t file_write_kernel(struct file *f, const void *src, size_t len, uint64_t off, bool use_off);
/* The bytes a read of f sees: the node's data or the /proc snapshot.
 * A reader of [off, off+len) calls file_sync_mapped first, so stores
 * through shared mappings of the file are in data. */
void file_sync_mapped(struct file *f, uint64_t off, uint64_t len);
void file_bytes(struct file *f, const char **data, size_t *size);
bool node_writable(struct node *n);
void fd_exec_cloexec(void);
void vfs_reset(void);
/* Copies a path from the user into a new PATH_MAX kmalloc'd buffer (the
 * caller kfree's it). Returns 0, -EFAULT or -ENAMETOOLONG. */
int user_path(const char *upath, char **out);
/* sys/sys_file_stat.c: the node an *at call names (dirfd + path, or dirfd
 * itself with AT_EMPTY_PATH; AT_SYMLINK_NOFOLLOW honoured). 0 or -errno. */
int at_node(long dirfd, long upath, int flags, struct node **out);
/* sys/sys_file.c: the file of fd for positional I/O (pread, preadv): -EBADF,
 * -EINVAL for a negative offset, -ESPIPE for pipes and the console. */
long fd_positional(long fd, long off, struct file **f);
/* Resolves (dirfd, path) for the *at calls into a starting directory. */
int fd_at_start(int dirfd, const char *path, struct node **start);

#endif
