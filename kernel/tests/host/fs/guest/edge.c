/*
 * edge.c — a guest program for the differential check of the fs against
 * Linux's tmpfs: it makes a directory (argv[1], default /tmp/p) and runs
 * ~120 edge cases of open/mkdir/rmdir/unlink/rename/symlink/lseek/
 * ftruncate/fcntl/dup/getdents/pipe2, printing each result and errno name.
 * guest/check.sh runs it natively on a host tmpfs and under Ingot and
 * diffs the two outputs: they must be identical.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <linux/fs.h>
static char base[256];
static const char *P(const char *rel)
{
	static char b[4][512];
	static int i;
	i = (i + 1) % 4;
	snprintf(b[i], 512, "%s/%s", base, rel);
	return b[i];
}
static void r(const char *what, long v)
{
	printf("%-40s %ld %s\n", what, v, v < 0 ? strerrorname_np(errno) : "");
	errno = 0;
}
int main(int argc, char **argv)
{
	snprintf(base, sizeof base, "%s", argc > 1 ? argv[1] : "/tmp/p");
	r("mkdir base", mkdir(base, 0755));
	r("chdir base", chdir(base));
	r("open creat", open(P("f"), O_CREAT | O_WRONLY, 0644));
	r("open creat excl", open(P("f"), O_CREAT | O_EXCL | O_WRONLY, 0644));
	r("open f/ creat", open(P("f/"), O_CREAT | O_WRONLY, 0644));
	r("open f/", open(P("f/"), O_RDONLY));
	r("open nope/ creat", open(P("nope/"), O_CREAT | O_WRONLY, 0644));
	r("open f O_DIRECTORY", open(P("f"), O_RDONLY | O_DIRECTORY));
	r("open . O_CREAT", open(".", O_CREAT | O_RDONLY, 0644));
	r("open . O_WRONLY", open(".", O_WRONLY));
	r("open . O_RDONLY|O_TRUNC", open(".", O_RDONLY | O_TRUNC));
	r("open accmode 3", open(P("f"), 3));
	r("open missing/x creat", open(P("missing/x"), O_CREAT | O_WRONLY, 0644));
	r("open f/x creat", open(P("f/x"), O_CREAT | O_WRONLY, 0644));
	r("mkdir d", mkdir(P("d"), 0755));
	r("mkdir d again", mkdir(P("d"), 0755));
	r("mkdir f", mkdir(P("f"), 0755));
	r("mkdir f/x", mkdir(P("f/x"), 0755));
	r("mkdir .", mkdir(".", 0755));
	r("mkdir ..", mkdir("..", 0755));
	r("mkdir d2/", mkdir(P("d2/"), 0755));
	r("rmdir d2/", rmdir(P("d2/")));
	r("rmdir f", rmdir(P("f")));
	r("rmdir .", rmdir("."));
	r("rmdir ..", rmdir(".."));
	r("rmdir d/.", rmdir(P("d/.")));
	r("rmdir missing", rmdir(P("missing")));
	r("unlink d", unlink(P("d")));
	r("unlink f/", unlink(P("f/")));
	r("unlink missing", unlink(P("missing")));
	r("unlink d/", unlink(P("d/")));
	r("symlink f l", symlink("f", P("l")));
	r("symlink d ld", symlink("d", P("ld")));
	r("symlink x f", symlink("x", P("f")));
	r("symlink '' e", symlink("", P("e")));
	r("rmdir ld", rmdir(P("ld")));
	r("rmdir ld/", rmdir(P("ld/")));
	r("unlink l/", unlink(P("l/")));
	r("open l O_NOFOLLOW", open(P("l"), O_RDONLY | O_NOFOLLOW));
	r("open l O_CREAT|O_EXCL", open(P("l"), O_CREAT | O_EXCL | O_WRONLY, 0644));
	r("open ld/ O_NOFOLLOW", open(P("ld/"), O_RDONLY | O_NOFOLLOW));
	r("mkdir ld", mkdir(P("ld"), 0755));
	r("rename f f", rename(P("f"), P("f")));
	r("rename f d", rename(P("f"), P("d")));
	r("rename d f", rename(P("d"), P("f")));
	r("rename d d/sub", rename(P("d"), P("d/sub")));
	r("rename missing x", rename(P("missing"), P("x")));
	r("rename f x/", rename(P("f"), P("x/")));
	r("rename f/ x", rename(P("f/"), P("x")));
	r("rename . x", rename(".", P("x")));
	r("rename f ..", rename(P("f"), ".."));
	r("rename l l2", rename(P("l"), P("l2")));
	r("readlink l2", readlink(P("l2"), (char[64]){0}, 64));
	r("readlink f", readlink(P("f"), (char[64]){0}, 64));
	r("readlink l2 buf0", readlink(P("l2"), (char[64]){0}, 0));
	r("readlink ''", readlink("", (char[64]){0}, 64));
	r("mkdir d/sub", mkdir(P("d/sub"), 0755));
	r("rmdir d", rmdir(P("d")));
	r("rename d/sub d2", rename(P("d/sub"), P("d2")));
	r("rename d2 d (empty)", rename(P("d2"), P("d")));
	struct stat st;
	r("stat d2 gone", stat(P("d2"), &st));
	r("stat ''", stat("", &st));
	r("stat f/", stat(P("f/"), &st));
	r("lstat l2/", lstat(P("l2/"), &st));
	int fd = open(P("f"), O_RDWR);
	r("fd", fd >= 0 ? 0 : -1);
	r("write 5", write(fd, "hello", 5));
	r("lseek -1 SET", lseek(fd, -1, SEEK_SET));
	r("lseek 0 9", lseek(fd, 0, 9));
	r("lseek 100 END", lseek(fd, 100, SEEK_END));
	r("write at 105", write(fd, "x", 1));
	r("fstat size", fstat(fd, &st) ? -1 : st.st_size);
	r("SEEK_DATA 0", lseek(fd, 0, SEEK_DATA));
	r("SEEK_HOLE 0 (tmpfs hole)", lseek(fd, 0, SEEK_HOLE) >= 0 ? 0 : -1);
	r("SEEK_DATA 200", lseek(fd, 200, SEEK_DATA));
	r("pread -1", pread(fd, (char[8]){0}, 8, -1));
	r("ftruncate -1", ftruncate(fd, -1));
	r("ftruncate 3", ftruncate(fd, 3));
	r("read after trunc (pos 106)", read(fd, (char[8]){0}, 8));
	r("F_GETFL", fcntl(fd, F_GETFL));
	r("F_SETFL append", fcntl(fd, F_SETFL, O_APPEND | O_RDONLY));
	r("F_GETFL2", fcntl(fd, F_GETFL));
	r("F_DUPFD -1", fcntl(fd, F_DUPFD, -1));
	r("F_GETFD bad", fcntl(999, F_GETFD));
	r("dup3 same", dup3(fd, fd, 0));
	r("dup2 same", dup2(fd, fd) == fd ? 0 : -1);
	r("dup2 bad new", dup2(fd, -1));
	int rfd = open(P("f"), O_RDONLY);
	r("ftruncate ro", ftruncate(rfd, 0));
	r("write ro", write(rfd, "x", 1));
	int dfd = open(P("d"), O_RDONLY | O_DIRECTORY);
	r("read dir", read(dfd, (char[8]){0}, 8));
	r("ftruncate dir", ftruncate(dfd, 0));
	r("getdents64 small", syscall(SYS_getdents64, dfd, (char[8]){0}, 8));
	r("getdents64 file", syscall(SYS_getdents64, rfd, (char[64]){0}, 64));
	r("lseek dir END", lseek(dfd, 0, SEEK_END));
	r("openat dfd rel", openat(dfd, "../f", O_RDONLY) >= 0 ? 0 : -1);
	r("openat file rel", openat(rfd, "x", O_RDONLY));
	r("openat bad rel", openat(999, "x", O_RDONLY));
	r("fstatat empty no flag", fstatat(rfd, "", &st, 0));
	r("fstatat empty flag", fstatat(rfd, "", &st, AT_EMPTY_PATH));
	r("fstatat bad flag", fstatat(rfd, "x", &st, 0x8));
	r("unlinkat bad flag", unlinkat(dfd, "x", 0x1));
	r("unlinkat removedir file", unlinkat(AT_FDCWD, P("f"), AT_REMOVEDIR));
	r("access f X_OK", access(P("f"), X_OK));
	r("access d X_OK", access(P("d"), X_OK));
	r("access f 8", access(P("f"), 8));
	r("faccessat2 bad flags", syscall(SYS_faccessat2, AT_FDCWD, P("f"), R_OK, 0x8));
	r("renameat2 exchange missing",
	  syscall(SYS_renameat2, AT_FDCWD, P("f"), AT_FDCWD, P("zz"), RENAME_EXCHANGE));
	r("renameat2 noreplace",
	  syscall(SYS_renameat2, AT_FDCWD, P("f"), AT_FDCWD, P("d"), RENAME_NOREPLACE));
	r("renameat2 both", syscall(SYS_renameat2, AT_FDCWD, P("f"), AT_FDCWD, P("d"),
				    RENAME_NOREPLACE | RENAME_EXCHANGE));
	r("renameat2 exchange f d",
	  syscall(SYS_renameat2, AT_FDCWD, P("f"), AT_FDCWD, P("d"), RENAME_EXCHANGE));
	r("stat f is dir", stat(P("f"), &st) ? -1 : S_ISDIR(st.st_mode));
	r("getcwd small", syscall(SYS_getcwd, (char[4]){0}, 4));
	r("rmdir cwd", rmdir(base));
	r("chdir /", chdir("/"));
	int p[2];
	r("pipe2 bad flags", pipe2(p, 0x1));
	r("pipe2", pipe2(p, O_NONBLOCK));
	r("pipe read empty", read(p[0], (char[8]){0}, 8));
	r("pipe lseek", lseek(p[0], 0, SEEK_CUR));
	r("pipe write", write(p[1], "ab", 2));
	r("pipe getfl", fcntl(p[1], F_GETFL));
	close(p[1]);
	r("pipe read", read(p[0], (char[8]){0}, 8));
	r("pipe read eof", read(p[0], (char[8]){0}, 8));
	r("null lseek", lseek(open("/dev/null", O_RDWR), 5, SEEK_SET));
	r("writev bad cnt", syscall(SYS_writev, 1, NULL, -1));
	r("readv 0", readv(0, NULL, 0));
	return 0;
}
