/* arch/sys_arch.h — nothing: NO_SYS=1 has no threads, mailboxes or semaphores. */
