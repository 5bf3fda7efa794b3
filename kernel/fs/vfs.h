/*
 * vfs.h — the file system seen by the rest of the kernel.
 *
 * The tree is built at boot from the rootfs cpio (read-only), with
 * /tmp as an in-memory writable file system, /dev and /proc synthesised.
 * File descriptors live here too (one process, one table).
 *
 * Implemented by fs/ and sys/sys_file.c; used by the core (ELF loader,
 * mmap of files, /proc/self/exe).
 */
#ifndef INGOT_VFS_H
#define INGOT_VFS_H
#include "../include/kernel.h"

/* Builds the tree from the cpio newc archive at [cpio, cpio+len). The archive
 * memory stays owned by the caller and must stay mapped (files may point into
 * it instead of being copied). Returns 0 or a negative errno. */
int vfs_init(const void *cpio, size_t len);

/* Caps what /tmp (and /dev/shm) may hold: file bytes plus a node's size
 * per name, as tmpfs's default of half of RAM. Past it, writes and creates
 * give -ENOSPC. 0 (the default) means no cap. */
void vfs_set_tmp_limit(size_t bytes);

/* Whole-file access for the kernel itself (no fd). Returns 0 and sets
 * *data and *size to the file's bytes (read-only, do not free), or -errno.
 * Follows symlinks. */
int vfs_read_file(const char *path, const void **data, size_t *size);

/* Resolves symlinks and "." / ".." in path; writes the canonical absolute
 * path into out. Returns 0 or -errno. */
int vfs_realpath(const char *path, char *out, size_t size);

/* Sets up fds 0, 1, 2: stdin reads EOF-free nothing (like /dev/null), and
 * stdout/stderr write to the console. */
void fd_init_stdio(void);

/* For mmap of a file: reads up to n bytes at off into kbuf (kernel memory).
 * Returns bytes read, or -EBADF / -EACCES / -ENODEV if fd is not a
 * readable regular file. */
ssize_t fd_pread_kernel(int fd, void *kbuf, size_t n, uint64_t off);

/* File syscalls, in sys/sys_file.c. The core's syscall table points at these. */
long sys_read(long, long, long, long, long, long);
long sys_write(long, long, long, long, long, long);
long sys_readv(long, long, long, long, long, long);
long sys_writev(long, long, long, long, long, long);
long sys_pread64(long, long, long, long, long, long);
long sys_pwrite64(long, long, long, long, long, long);
long sys_open(long, long, long, long, long, long);
long sys_openat(long, long, long, long, long, long);
long sys_close(long, long, long, long, long, long);
long sys_lseek(long, long, long, long, long, long);
long sys_fstat(long, long, long, long, long, long);
long sys_stat(long, long, long, long, long, long);
long sys_lstat(long, long, long, long, long, long);
long sys_newfstatat(long, long, long, long, long, long);
long sys_statx(long, long, long, long, long, long);
long sys_getdents64(long, long, long, long, long, long);
long sys_getcwd(long, long, long, long, long, long);
long sys_chdir(long, long, long, long, long, long);
long sys_access(long, long, long, long, long, long);
long sys_faccessat(long, long, long, long, long, long);
long sys_faccessat2(long, long, long, long, long, long);
long sys_readlink(long, long, long, long, long, long);
long sys_readlinkat(long, long, long, long, long, long);
long sys_fcntl(long, long, long, long, long, long);
long sys_dup(long, long, long, long, long, long);
long sys_dup2(long, long, long, long, long, long);
long sys_dup3(long, long, long, long, long, long);
long sys_ioctl(long, long, long, long, long, long);
long sys_unlink(long, long, long, long, long, long);
long sys_unlinkat(long, long, long, long, long, long);
long sys_mkdir(long, long, long, long, long, long);
long sys_mkdirat(long, long, long, long, long, long);
long sys_rmdir(long, long, long, long, long, long);
long sys_rename(long, long, long, long, long, long);
long sys_renameat(long, long, long, long, long, long);
long sys_renameat2(long, long, long, long, long, long);
long sys_umask(long, long, long, long, long, long);
long sys_ftruncate(long, long, long, long, long, long);
long sys_fsync(long, long, long, long, long, long);
long sys_pipe2(long, long, long, long, long, long); /* in-process pipes: fs/pipe.c */

/* Drops the files a system call held (fd_get): the dispatcher calls it when
 * every call returns, thread_exit when a thread ends (include/held.h). */
struct held_files;
void fd_release_held(struct held_files *h);

/* Extensions (added by the fs side; wire them when convenient). */
/* For execve: closes every fd that has FD_CLOEXEC. */
void fd_exec_cloexec(void);
long sys_fchdir(long, long, long, long, long, long);	      /* 81 */
long sys_truncate(long, long, long, long, long, long);	      /* 76 */
long sys_fdatasync(long, long, long, long, long, long);	      /* 75 */
long sys_symlink(long, long, long, long, long, long);	      /* 88 */
long sys_symlinkat(long, long, long, long, long, long);	      /* 266 */
long sys_pipe(long, long, long, long, long, long);	      /* 22 */
long sys_sendfile(long, long, long, long, long, long);	      /* 40 */
long sys_flock(long, long, long, long, long, long);	      /* 73 */
long sys_creat(long, long, long, long, long, long);	      /* 85 */
long sys_chmod(long, long, long, long, long, long);	      /* 90 */
long sys_fchmod(long, long, long, long, long, long);	      /* 91 */
long sys_chown(long, long, long, long, long, long);	      /* 92 */
long sys_fchown(long, long, long, long, long, long);	      /* 93 */
long sys_lchown(long, long, long, long, long, long);	      /* 94 */
long sys_fadvise64(long, long, long, long, long, long);	      /* 221 */
long sys_fchownat(long, long, long, long, long, long);	      /* 260 */
long sys_fchmodat(long, long, long, long, long, long);	      /* 268 */
long sys_utimensat(long, long, long, long, long, long);	      /* 280 */
long sys_fallocate(long, long, long, long, long, long);	      /* 285 */
long sys_statfs(long, long, long, long, long, long);	      /* 137 */
long sys_fstatfs(long, long, long, long, long, long);	      /* 138 */
long sys_copy_file_range(long, long, long, long, long, long); /* 326 */
long sys_preadv(long, long, long, long, long, long);	      /* 295 */
long sys_pwritev(long, long, long, long, long, long);	      /* 296 */
long sys_preadv2(long, long, long, long, long, long);	      /* 327 */
long sys_pwritev2(long, long, long, long, long, long);	      /* 328 */
/* Volumes (fs/volume.c, docs/volumes.md): mounts the ext2 disks named by
 * ingot.volumes= (after the block devices are probed); writes them all
 * back (proc_exit calls it once, before the machine stops). */
void vfs_mount_volumes(const char *cmdline);
void volume_sync_all(void);
long sys_sync(long, long, long, long, long, long);   /* 162 */
long sys_syncfs(long, long, long, long, long, long); /* 306 */
/* For poll/select: which of events (POLLIN 1, POLLOUT 4) fd is ready for,
 * plus POLLERR 8 / POLLHUP 0x10; POLLNVAL 0x20 for a bad fd. */
int fd_poll(int fd, int events);

#endif
