/* ext2_image.h — ext2 images for the volume tests (test_ext2.c): made by
 * the host's mkfs.ext2, checked by its e2fsck -fn (0: clean), mounted at
 * /data as the one block device (a fresh tree each time: a later boot). */
#ifndef EXT2_IMAGE_H
#define EXT2_IMAGE_H
#define MKFS \
	"/usr/sbin/mkfs.ext2 -q -F -t ext2 -m 0 -O ^resize_inode,^dir_index,^ext_attr -E root_owner=0:0"
extern char image[64]; /* its path */
void make_image(const char *mkfs_args, long bytes);
int fsck(void);
void mount_image(void);
#endif
