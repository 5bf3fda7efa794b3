/*
 * volwrite — volume write and fsync throughput (bench/volume).
 *   volwrite DIR MB      writes MB MiB to DIR/bulk in 64 KiB writes, then
 *                        one fsync; then 200 rounds of a 4 KiB pwrite +
 *                        fsync on DIR/small (what a database commit does).
 * Prints "write_mib_s W", "fsync_ms F" (the bulk file's one fsync) and
 * "commits_s C", timed with CLOCK_MONOTONIC inside the guest.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define COMMITS 200

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const char *what)
{
    perror(what);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return fprintf(stderr, "usage: volwrite DIR MB\n"), 2;
    long mb = atol(argv[2]);
    char path[512];
    static char buf[CHUNK];
    memset(buf, 'v', sizeof buf);

    snprintf(path, sizeof path, "%s/bulk", argv[1]);
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0)
        return fail(path);
    double t0 = now();
    for (long i = 0; i < mb * 1024 * 1024 / CHUNK; i++)
        if (write(fd, buf, CHUNK) != CHUNK)
            return fail("write");
    double t1 = now();
    if (fsync(fd))
        return fail("fsync");
    double t2 = now();
    close(fd);
    printf("write_mib_s %.1f\nfsync_ms %.1f\n", (double)mb / (t2 - t0), (t2 - t1) * 1000);

    snprintf(path, sizeof path, "%s/small", argv[1]);
    fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0)
        return fail(path);
    t0 = now();
    for (int i = 0; i < COMMITS; i++)
        if (pwrite(fd, buf, 4096, (off_t)(i % 16) * 4096) != 4096 || fsync(fd))
            return fail("commit");
    t1 = now();
    close(fd);
    printf("commits_s %.1f\n", COMMITS / (t1 - t0));
    return 0;
}
