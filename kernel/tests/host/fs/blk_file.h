/* blk_file.h — the host tests' file-backed block device (blk_file.c). */
#ifndef BLK_FILE_H
#define BLK_FILE_H
void blk_file_attach(const char *path);	      /* NULL: no disk */
extern int blk_file_flushes, blk_file_writes; /* FLUSH and write requests */
extern long blk_file_sectors_written;
/* When set, proc_exit (a volume that cannot be mounted) jumps here with
 * its status in blk_file_exit_status instead of ending the tests. */
#include <setjmp.h>
extern jmp_buf *blk_file_on_exit;
extern int blk_file_exit_status;
#endif
