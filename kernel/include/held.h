/*
 * held.h — the open files a system call is using (Linux's fdget/fdput).
 *
 * fd_get() (fs/file.c) takes a reference on the file it returns and
 * records it in the calling thread's held_files; the syscall dispatcher
 * drops them all when the call returns (fd_release_held), and so does
 * thread_exit. A file, and what it owns (node, pipe buffer, socket,
 * eventfd, timerfd, epoll set), therefore stays allocated while any call
 * that looked it up still runs, even if another thread closes the fd
 * meanwhile and the memory would otherwise be reused.
 *
 * Closing the last fd of a file that running calls still hold marks those
 * threads (closed) and wakes them: their waitq_wait returns -EBADF once,
 * so a read, write, accept or epoll_wait blocked on the file ends with
 * EBADF (or the bytes already moved). The file itself is released when the
 * last holder returns. A held file may still gain an fd reference after
 * its last close (dup of the held pointer, a file passed in a message):
 * it is freed only when both its fds (refs) and its holds are gone.
 *
 * Callers need no release: take the file with fd_get and use it until the
 * call returns, sleeping or not. fd_peek is the lookup without a hold, for
 * code that does not sleep while it uses the file (scans over many fds).
 */
#ifndef INGOT_HELD_H
#define INGOT_HELD_H
#include "kernel.h"

#define HELD_MAX 16 /* distinct files one call may hold (sendfile, epoll_ctl: 2) */

struct file;
struct held_files {
	struct file *f[HELD_MAX];
	uint8_t n;
	bool closed; /* a held file lost its last fd: the next wait returns -EBADF */
};

/* sched/thread.c: the running thread's held files (NULL before threads exist). */
struct held_files *held_current(void);
/* sched/thread.c: f lost its last fd; marks and wakes every other thread holding it. */
void held_file_closed(struct file *f);

#endif
