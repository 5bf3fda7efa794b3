/*
 * ext2.h — the ext2 on-disk format (as e2fsprogs' mkfs.ext2 writes it and
 * Linux's fs/ext2 reads it; field offsets from the ext2 layout document)
 * and the interface of ext2_load.c / ext2_sync.c / volume.c.
 *
 * Design (docs/volumes.md): a volume is loaded whole into the node tree
 * at mount (its files become FS_VOL nodes with kmalloc'd bytes, written
 * by ramfs.c like /tmp's), and written back as ext2 by ext2_sync: at
 * fsync/fdatasync/sync/syncfs and when the program exits. Each node keeps
 * a block map (struct vol_map, ext2_map.c): where its blocks are on disk
 * and which of them the program changed since. A write-back rebuilds both
 * bitmaps from the maps (plus the metadata blocks found at mount), keeps
 * each node's inode number, rewrites only changed blocks in place
 * (allocating for new ones, freeing those a truncate cut), writes an
 * inode only if it differs from what was last written, and only the
 * bitmap, descriptor and superblock blocks whose content changed, then
 * asks the disk for a FLUSH: a 4 KiB commit costs one data block (plus
 * its inode table block when a time moved a second) and the FLUSH.
 *
 * Supported: revision 1, block size 1-4 KiB, features filetype,
 * sparse_super, large_file (what ingot volume create makes). Anything
 * else incompatible (a journal, extents, 64bit) is refused at mount with
 * a message; resize_inode and dir_index are tolerated (their blocks stay
 * metadata; Linux's ext2 writes no htree).
 */
#ifndef INGOT_FS_EXT2_H
#define INGOT_FS_EXT2_H
#include "fs.h"

#define EXT2_MAGIC	       0xEF53
#define EXT2_SB_OFFSET	       1024
#define EXT2_ROOT_INO	       2
#define EXT2_NDIR	       12	       /* direct pointers in i_block */
#define EXT2_IND	       (EXT2_NDIR)     /* i_block[12]: single indirect */
#define EXT2_DIND	       (EXT2_NDIR + 1) /* i_block[13]: double indirect */
#define EXT2_TIND	       (EXT2_NDIR + 2) /* i_block[14]: triple (not written here) */
#define EXT2_FT_REG	       1	       /* dirent file_type (FILETYPE feature) */
#define EXT2_FT_DIR	       2
#define EXT2_FT_CHR	       3
#define EXT2_FT_BLK	       4
#define EXT2_FT_FIFO	       5
#define EXT2_FT_SOCK	       6
#define EXT2_FT_SYMLINK	       7
#define EXT2_INCOMPAT_FILETYPE 0x0002
#define EXT2_RO_SPARSE_SUPER   0x0001
#define EXT2_RO_LARGE_FILE     0x0002
#define EXT2_COMPAT_JOURNAL    0x0004
#define EXT2_FAST_SYMLINK_MAX  59 /* a target up to this fits in i_block */

struct ext2_super {
	uint32_t inodes_count, blocks_count, r_blocks_count, free_blocks_count;
	uint32_t free_inodes_count, first_data_block, log_block_size, log_frag_size;
	uint32_t blocks_per_group, frags_per_group, inodes_per_group;
	uint32_t mtime, wtime;
	uint16_t mnt_count;
	int16_t max_mnt_count;
	uint16_t magic, state, errors, minor_rev_level;
	uint32_t lastcheck, checkinterval, creator_os, rev_level;
	uint16_t def_resuid, def_resgid;
	uint32_t first_ino;
	uint16_t inode_size, block_group_nr;
	uint32_t feature_compat, feature_incompat, feature_ro_compat;
	uint8_t rest[1024 - 104];
} __attribute__((packed));

struct ext2_group {
	uint32_t block_bitmap, inode_bitmap, inode_table;
	uint16_t free_blocks_count, free_inodes_count, used_dirs_count, pad;
	uint32_t reserved[3];
} __attribute__((packed));

struct ext2_inode {
	uint16_t mode, uid;
	uint32_t size, atime, ctime, mtime, dtime;
	uint16_t gid, links_count;
	uint32_t blocks; /* 512-byte sectors, indirect blocks included */
	uint32_t flags, osd1;
	uint32_t block[15];
	uint32_t generation, file_acl, size_high, faddr;
	uint8_t osd2[12];
} __attribute__((packed));

struct ext2_dirent {
	uint32_t inode;
	uint16_t rec_len;
	uint8_t name_len, file_type;
	char name[];
} __attribute__((packed));

#define VOL_MAX INGOT_MAX_VOLUMES /* ingot/abi.h */

/* One mounted volume. Guarded like the rest of fs/: one syscall at a time. */
struct volume {
	int dev;	   /* blk.h device number */
	struct node *root; /* the mount point, now the volume's root */
	struct ext2_super sb;
	uint32_t bsize, ngroups, ppb; /* block size, groups, pointers per block */
	struct ext2_group *groups;
	uint8_t *meta;	      /* block bitmap of metadata alone (ngroups * bsize) */
	uint8_t *inodes_used; /* inode bitmap as last written (ngroups * bsize) */
	uint8_t *blocks_used; /* block bitmap as last written (ngroups * bsize) */
	bool unsure;	      /* a write-back failed: the next writes every inode and map */
	char path[256];
};

/* A volume node's blocks as on disk after the mount or the last
 * write-back (node->vmap; every number in it was checked at mount or
 * allocated by ext2_sync). Invariant: pb[lb] == 0 for lb >= nblocks. */
struct vol_map {
	struct volume *vol; /* the volume they are on */
	uint32_t ino;	    /* the inode they belong to */
	uint32_t bsize;
	uint64_t nblocks;	/* logical blocks on disk: pb[0..nblocks) */
	uint64_t cap;		/* entries pb and dirty have room for */
	uint32_t *pb;		/* each logical block's physical one, 0: a hole */
	uint8_t *dirty;		/* a bit per logical block: changed since */
	uint32_t ind, dind;	/* single and double indirect blocks, 0: none */
	uint32_t *dind_ind;	/* the blocks dind points to (ppb), NULL with no dind */
	uint64_t used;		/* blocks it holds, indirect ones too (i_blocks) */
	struct ext2_inode last; /* the inode as last written (or read at mount) */
	char *copy;		/* a directory: its blocks as last written */
};

#define VOL_MAP_UNCOUNTED UINT64_MAX /* used: not counted yet (a map read at mount) */

/* ext2_map.c (vol_map_dirty and vol_map_free are in fs.h, for ramfs.c) */
struct vol_map *vol_map_new(struct volume *v, uint32_t ino);
int vol_map_grow(struct vol_map *m, uint64_t nblocks);

/* ext2_load.c */
int ext2_load(struct volume *v);
int ext2_read_blocks(struct volume *v, uint32_t block, void *buf, uint32_t count);
int ext2_write_blocks(struct volume *v, uint32_t block, const void *buf, uint32_t count);
/* ext2_sync.c: writes the volume's changes back; 0, -ENOSPC, -ENOMEM or -EIO. */
int ext2_sync(struct volume *v);

/* volume.c */
void vfs_mount_volumes(const char *cmdline);
/* (the rest is declared in fs.h and vfs.h) */
#endif
