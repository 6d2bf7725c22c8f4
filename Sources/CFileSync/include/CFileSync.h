#ifndef CFILESYNC_H
#define CFILESYNC_H

/// Starts writing `fd`'s dirty pages to disk without waiting for them: Linux's
/// `sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE)`, which Swift's Glibc module does not
/// expose (it needs _GNU_SOURCE). Only a hint, never durability: an fsync must follow.
/// Returns 0, or -1 with errno set; a no-op returning 0 on other systems.
int cfilesync_start_writeback(int fd);

#endif
