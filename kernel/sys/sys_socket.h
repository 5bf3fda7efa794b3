/* sys_socket.h — the socket syscalls, for the table in syscall.c (no lwIP
 * types here: syscall.c is built without lwIP's headers). */
#ifndef INGOT_SYS_SOCKET_H
#define INGOT_SYS_SOCKET_H
#include "../include/kernel.h"

long sys_socket(long, long, long, long, long, long);
long sys_connect(long, long, long, long, long, long);
long sys_accept(long, long, long, long, long, long);
long sys_accept4(long, long, long, long, long, long);
long sys_sendto(long, long, long, long, long, long);
long sys_recvfrom(long, long, long, long, long, long);
long sys_sendmsg(long, long, long, long, long, long);
long sys_recvmsg(long, long, long, long, long, long);
long sys_shutdown(long, long, long, long, long, long);
long sys_bind(long, long, long, long, long, long);
long sys_listen(long, long, long, long, long, long);
long sys_getsockname(long, long, long, long, long, long);
long sys_getpeername(long, long, long, long, long, long);
long sys_socketpair(long, long, long, long, long, long);
long sys_setsockopt(long, long, long, long, long, long);
long sys_getsockopt(long, long, long, long, long, long);
long sys_splice(long, long, long, long, long, long); /* sys_splice.c */
long sys_tee(long, long, long, long, long, long);
long sys_vmsplice(long, long, long, long, long, long);
/* For splice: a stream socket read into kernel memory (-EINVAL if f is
 * not a socket). */
struct file;
ssize_t sock_read_kernel(struct file *f, void *buf, size_t len);
#endif
