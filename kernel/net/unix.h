/*
 * unix.h — AF_UNIX sockets: stream, datagram and seqpacket, inside the one
 * process (no lwIP). net/unix.c has connections and the socket as a
 * file, net/unix_name.c names; net/unix_io.c moves the bytes and the ancillary data
 * (SCM_RIGHTS, SCM_CREDENTIALS).
 *
 * A socket's receive queue is a list of messages (struct umsg): one per
 * datagram or seqpacket record; for a stream one per write chunk, read
 * across boundaries. A sender puts its message on the receiver's queue,
 * so "room to write" is the peer's queue below its limit.
 *
 * Lifetime: the open file holds one reference, a thread blocked on the
 * socket another, an unaccepted connection is held by its listener's
 * queue. Peers point at each other without a reference: the release of
 * either clears the other's pointer (every socket is on one list).
 * Concurrency as everywhere in the kernel: one syscall at a time, state
 * re-checked after every wait. All sockets block on one wait queue
 * (like pipes) and every change wakes it and poll_notify()s pollers.
 */
#ifndef INGOT_UNIX_H
#define INGOT_UNIX_H
#include "../include/kernel.h"

struct file;
struct node;
struct sock_iov;

#define SOCK_SEQPACKET	 5
#define UNIX_PATH_MAX	 108
#define SCM_RIGHTS	 1
#define SCM_CREDENTIALS	 2
#define SCM_MAX_FD	 253 /* Linux: fds per SCM_RIGHTS message */
#define MSG_CTRUNC	 0x8
#define MSG_CMSG_CLOEXEC 0x40000000

struct ucred_linux {
	int32_t pid;
	uint32_t uid, gid;
};

/* A name: len bytes of sun_path (0: unnamed; path[0] == 0: abstract). */
struct unix_addr {
	uint8_t len;
	char path[UNIX_PATH_MAX];
};

struct umsg {
	struct umsg *next;
	size_t len, off;   /* data bytes; bytes already read (stream) */
	struct file **fds; /* SCM_RIGHTS in flight (each holds a file ref) */
	int nfds;
	struct ucred_linux cred; /* the sender's */
	struct unix_addr from;	 /* datagram: the sender's name */
	char data[];
};

enum ustate { US_NEW = 0, US_LISTENING, US_CONNECTED };

struct usock {
	int type; /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	enum ustate state;
	int refs;
	bool closed;		/* the file was released */
	bool bound;		/* bind() done: addr is findable */
	struct usock *peer;	/* connected peer (datagram: default target) */
	struct usock *all_next; /* every socket, for lookups and releases */
	struct unix_addr addr, peer_addr;
	struct node *node;	   /* bound path's node, held */
	struct umsg *rq, *rq_tail; /* receive queue */
	size_t rq_bytes;
	int rq_count;
	struct usock *acq, *acq_tail, *acq_next; /* listener: unaccepted */
	int acq_len, backlog;
	bool shut_rd, shut_wr; /* no more receiving / sending */
	bool refused;	       /* datagram: connected peer went away */
	int err;	       /* pending SO_ERROR (positive errno) */
	bool passcred;
	struct ucred_linux peercred;
	uint64_t rcvtimeo, sndtimeo;
	int sndbuf, rcvbuf;
};

/* What a sendmsg carries besides bytes, and what a recvmsg got. */
struct unix_ctl {
	struct file **fds;
	int nfds;
	bool has_cred;
	struct ucred_linux cred;
};

/* net/unix.c */
struct usock *unix_new(int type);
struct usock *unix_first(void); /* the list of every socket (all_next) */
void unix_get(struct usock *s);
void unix_put(struct usock *s);
/* Installs s as an fd (SOCK_NONBLOCK/SOCK_CLOEXEC in flags). On failure
 * the socket is released. */
int unix_install(struct usock *s, int flags);
/* The unix socket behind an open file, or NULL. */
struct usock *unix_of(struct file *f);
void unix_changed(void);
/* Blocks on the unix wait queue: 0, -EAGAIN (nonblock, deadline), -EINTR,
 * -EBADF (s was closed meanwhile). */
int unix_wait(struct usock *s, bool nonblock, uint64_t deadline);
struct ucred_linux unix_cred_now(void);
/* net/unix_name.c */
int unix_addr_from_user(long uaddr, long len, struct unix_addr *a);
int unix_addr_to_user(const struct unix_addr *a, long uaddr, long ulen);
/* A bound socket by name, or NULL with *err. */
struct usock *unix_lookup(const struct unix_addr *a, int type, int *err);
int unix_bind(struct usock *s, const struct unix_addr *a);
/* net/unix.c */
int unix_listen(struct usock *s, int backlog);
int unix_accept(struct usock *s, bool nonblock, struct usock **out);
int unix_connect(struct usock *s, const struct unix_addr *a, bool nonblock);
int unix_shutdown(struct usock *s, int how);
int unix_pair(int type, struct usock **a, struct usock **b);
int unix_poll(struct usock *s);
bool unix_has_room(const struct usock *t);

/* net/unix_io.c. iov segments are user memory unless !user. */
ssize_t unix_send(struct usock *s, const struct sock_iov *iov, int cnt, int flags, bool nonblock,
		  const struct unix_addr *to, struct unix_ctl *ctl, bool user);
ssize_t unix_recv(struct usock *s, const struct sock_iov *iov, int cnt, int flags, bool nonblock,
		  struct unix_addr *from, struct unix_ctl *ctl, size_t *full, bool user);
void unix_msg_free(struct umsg *m);
/* Drops in-flight files of ctl (a send that failed, a truncated recv). */
void unix_ctl_drop(struct unix_ctl *ctl);
int unix_inq(struct usock *s);
/* sendmsg's control buffer -> ctl; recvmsg's ctl -> the user's buffer. */
int unix_ctl_from_user(uint64_t uctl, uint64_t len, struct unix_ctl *ctl);
int unix_ctl_to_user(struct usock *s, struct unix_ctl *ctl, int flags, uint64_t uctl, uint64_t *len,
		     int *oflags);

/* sys/sys_socket.c: FIONREAD/TIOCOUTQ for both kinds of socket. */
long sock_ioctl(struct file *f, unsigned long req, long arg);

/* sys/sys_socket_unix.c: the syscalls for a unix socket s on fd. */
long unix_sys_socket(long type, long protocol);
long unix_sys_socketpair(long type, long protocol, long usv);
long unix_sys_bind(struct usock *s, long uaddr, long len);
long unix_sys_listen(struct usock *s, long backlog);
long unix_sys_connect(struct usock *s, long fd, long uaddr, long len);
long unix_sys_accept4(struct usock *s, long fd, long uaddr, long ulen, long flags);
long unix_sys_name(struct usock *s, bool peer, long uaddr, long ulen);
long unix_sys_shutdown(struct usock *s, long how);
long unix_sys_send(struct usock *s, long fd, struct sock_iov *iov, int cnt, long flags, long uname,
		   long namelen, uint64_t uctl, uint64_t ctllen);
long unix_sys_recv(struct usock *s, long fd, struct sock_iov *iov, int cnt, long flags, long uname,
		   long unamelen, uint64_t uctl, uint64_t *ctllen, int *oflags);
long unix_sys_setsockopt(struct usock *s, long level, long name, long uval, long len);
long unix_sys_getsockopt(struct usock *s, long level, long name, long uval, long ulen);
#endif
