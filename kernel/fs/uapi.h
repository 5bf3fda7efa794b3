/*
 * uapi.h — Linux x86-64 user ABI constants and structures used by the file
 * system calls. Values are those of include/uapi/asm-generic/fcntl.h,
 * include/uapi/linux/stat.h, arch/x86/include/uapi/asm/stat.h and
 * include/uapi/asm-generic/termbits.h; the layouts are checked by
 * static_assert so a slip cannot silently corrupt a guest buffer.
 */
#ifndef INGOT_FS_UAPI_H
#define INGOT_FS_UAPI_H
#include "../include/kernel.h"

#define PATH_MAX    4096 /* include/uapi/linux/limits.h, counts the NUL */
#define NAME_MAX    255
#define SYMLOOP_MAX 40 /* Linux's MAXSYMLINKS */

/* open(2) flags (octal, as in asm-generic/fcntl.h). */
#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR	    00000002
#define O_CREAT	    00000100
#define O_EXCL	    00000200
#define O_NOCTTY    00000400
#define O_TRUNC	    00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_DSYNC	    00010000
#define O_ASYNC	    00020000
#define O_DIRECT    00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000
#define O_PATH	    010000000
#define O_TMPFILE   (020000000 | O_DIRECTORY)

#define AT_FDCWD	    (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR	    0x200
#define AT_EACCESS	    0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_NO_AUTOMOUNT	    0x800
#define AT_EMPTY_PATH	    0x1000
#define AT_STATX_SYNC_TYPE  0x6000

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE	 2
#define RENAME_WHITEOUT	 4

/* fcntl commands */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_GETLK		5
#define F_SETLK		6
#define F_SETLKW	7
#define F_OFD_GETLK	36
#define F_OFD_SETLK	37
#define F_OFD_SETLKW	38
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ	1031
#define F_GETPIPE_SZ	1032
#define FD_CLOEXEC	1
#define F_UNLCK		2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* st_mode */
#define S_IFMT	    0170000
#define S_IFSOCK    0140000
#define S_IFLNK	    0120000
#define S_IFREG	    0100000
#define S_IFBLK	    0060000
#define S_IFDIR	    0040000
#define S_IFCHR	    0020000
#define S_IFIFO	    0010000
#define S_ISDIR(m)  (((m)&S_IFMT) == S_IFDIR)
#define S_ISREG(m)  (((m)&S_IFMT) == S_IFREG)
#define S_ISLNK(m)  (((m)&S_IFMT) == S_IFLNK)
#define S_ISCHR(m)  (((m)&S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m)&S_IFMT) == S_IFIFO)
#define S_ISSOCK(m) (((m)&S_IFMT) == S_IFSOCK)

/* d_type values (include/linux/fs_types.h: mode >> 12) */
#define DT_UNKNOWN 0
#define DT_FIFO	   1
#define DT_CHR	   2
#define DT_DIR	   4
#define DT_REG	   8
#define DT_LNK	   10

/* struct stat as the x86-64 kernel lays it out (asm/stat.h). */
struct linux_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint64_t st_nlink;
	uint32_t st_mode;
	uint32_t st_uid;
	uint32_t st_gid;
	int32_t __pad0;
	uint64_t st_rdev;
	int64_t st_size;
	int64_t st_blksize;
	int64_t st_blocks;
	uint64_t st_atime_sec, st_atime_nsec;
	uint64_t st_mtime_sec, st_mtime_nsec;
	uint64_t st_ctime_sec, st_ctime_nsec;
	int64_t __unused[3];
};
_Static_assert(sizeof(struct linux_stat) == 144, "struct stat is 144 bytes");

struct statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t __reserved;
};

/* struct statx (include/uapi/linux/stat.h). */
struct linux_statx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t __spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor;
	uint32_t stx_dev_major, stx_dev_minor;
	uint64_t stx_mnt_id;
	uint32_t stx_dio_mem_align, stx_dio_offset_align;
	uint64_t __spare3[12];
};
_Static_assert(sizeof(struct linux_statx) == 256, "struct statx is 256 bytes");

#define STATX_BASIC_STATS 0x7ffu /* TYPE..BLOCKS: everything we fill */
#define STATX__RESERVED	  0x80000000u

/* linux_dirent64: fixed part is 19 bytes, then the NUL-terminated name;
 * d_reclen is rounded up to 8. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};
_Static_assert(__builtin_offsetof(struct linux_dirent64, d_name) == 19, "dirent64 header");

struct linux_iovec {
	uint64_t iov_base;
	uint64_t iov_len;
};
#define IOV_MAX 1024

/* The kernel's struct termios that TCGETS copies: 4 flags, c_line and
 * NCCS = 19 control chars, 36 bytes (asm-generic/termbits.h). glibc's
 * 60-byte struct termios is converted from this one in user space, so
 * writing 60 bytes here would overrun glibc's buffer. */
struct linux_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[19];
};
_Static_assert(sizeof(struct linux_termios) == 36, "kernel termios is 36 bytes");

/* termios2 (TCGETS2, used by newer glibc): termios plus the two speeds. */
struct linux_termios2 {
	struct linux_termios t;
	uint32_t c_ispeed, c_ospeed;
};
_Static_assert(sizeof(struct linux_termios2) == 44, "termios2 is 44 bytes");

struct linux_winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* ioctl requests (asm-generic/ioctls.h) */
#define TCGETS	   0x5401
#define TCSETS	   0x5402
#define TCSETSW	   0x5403
#define TCSETSF	   0x5404
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541B
#define TCGETS2	   0x802C542A /* _IOR('T', 0x2A, struct termios2) */
#define TCSETS2	   0x402C542B
#define TCSETSW2   0x402C542C
#define TCSETSF2   0x402C542D
#define FIONBIO	   0x5421
#define FIONCLEX   0x5450
#define FIOCLEX	   0x5451

/* poll(2) event bits (asm-generic/poll.h) */
#define POLLIN	 0x001
#define POLLOUT	 0x004
#define POLLERR	 0x008
#define POLLHUP	 0x010
#define POLLNVAL 0x020

#endif
