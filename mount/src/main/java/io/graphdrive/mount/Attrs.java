package io.graphdrive.mount;

import io.graphdrive.common.DrivePath;
import io.graphdrive.storage.PosixAttr;
import jnr.ffi.Pointer;

/**
 * Conversions between libjfs's attributes and the C structs FUSE passes (struct stat, statvfs, timespec), laid out as
 * glibc lays them out on x86-64 and on arm64, whose struct stat differs in where its mode, link count, owner and
 * device number sit.
 */
final class Attrs {
  static final int BLOCK = 4096;
  private static final long UTIME_NOW = (1L << 30) - 1;
  private static final long UTIME_OMIT = (1L << 30) - 2;
  private static final boolean ARM64 = "aarch64".equals(System.getProperty("os.arch"));
  // struct stat: st_nlink is 8 bytes before st_mode on x86-64, 4 bytes after it on arm64; st_blksize 8 or 4 bytes.
  private static final long ST_MODE = ARM64 ? 16 : 24;
  private static final long ST_NLINK = ARM64 ? 20 : 16;
  private static final long ST_UID = ARM64 ? 24 : 28;
  private static final long ST_GID = ARM64 ? 28 : 32;
  private static final long ST_RDEV = ARM64 ? 32 : 40;
  private static final long ST_SIZE = 48;
  private static final long ST_BLKSIZE = 56;
  private static final long ST_BLOCKS = 64;
  private static final long ST_ATIM = 72;
  private static final long ST_MTIM = 88;
  private static final long ST_CTIM = 104;
  // struct statvfs: unsigned long f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_favail, f_fsid,
  // f_flag, f_namemax.
  private static final long F_BSIZE = 0;
  private static final long F_FRSIZE = 8;
  private static final long F_BLOCKS = 16;
  private static final long F_BFREE = 24;
  private static final long F_BAVAIL = 32;
  private static final long F_FILES = 40;
  private static final long F_FFREE = 48;
  private static final long F_FAVAIL = 56;
  private static final long F_NAMEMAX = 80;
  private static final long TIMESPEC = 16;

  private Attrs() {}

  /** Fills a struct stat (which libfuse zeroed) from libjfs's record with the given size. */
  static void fill(Pointer stat, PosixAttr a, long size) {
    fill(stat, a.mode(), a.isDirectory() ? 2 : 1, size);
    stat.putInt(ST_UID, (int) a.uid());
    stat.putInt(ST_GID, (int) a.gid());
    stat.putLongLong(ST_RDEV, a.rdev());
    setTime(stat, ST_MTIM, a.mtimeMillis());
    // libjfs reports no change time: the modification time stands in for it.
    setTime(stat, ST_CTIM, a.mtimeMillis());
    setTime(stat, ST_ATIM, a.atimeMillis());
  }

  /** Fills the mode, link count, size and blocks of a struct stat. */
  static void fill(Pointer stat, int mode, int links, long size) {
    stat.putInt(ST_MODE, mode);
    if (ARM64) {
      stat.putInt(ST_NLINK, links);
      stat.putInt(ST_BLKSIZE, BLOCK);
    } else {
      stat.putLongLong(ST_NLINK, links);
      stat.putLongLong(ST_BLKSIZE, BLOCK);
    }
    stat.putLongLong(ST_SIZE, size);
    stat.putLongLong(ST_BLOCKS, (size + 511) / 512);
  }

  private static void setTime(Pointer stat, long at, long millis) {
    stat.putLongLong(at, Math.floorDiv(millis, 1000));
    stat.putLongLong(at + 8, Math.floorMod(millis, 1000) * 1_000_000L);
  }

  /** Fills a struct statvfs from the volume's total and free bytes. */
  static void fillStatvfs(Pointer st, long total, long free) {
    st.putLongLong(F_BSIZE, BLOCK);
    st.putLongLong(F_FRSIZE, BLOCK);
    st.putLongLong(F_BLOCKS, total / BLOCK);
    st.putLongLong(F_BFREE, free / BLOCK);
    st.putLongLong(F_BAVAIL, free / BLOCK);
    // libjfs reports no inode counts; JuiceFS has no fixed limit.
    st.putLongLong(F_FILES, 1L << 30);
    st.putLongLong(F_FFREE, 1L << 30);
    st.putLongLong(F_FAVAIL, 1L << 30);
    st.putLongLong(F_NAMEMAX, DrivePath.MAX_NAME_BYTES);
  }

  /** Converts the i-th timespec of utimens' pair (0: access, 1: modification) to milliseconds, -1 for "leave it". */
  static long millis(Pointer times, int i) {
    long sec = times.getLongLong(i * TIMESPEC);
    long nsec = times.getLongLong(i * TIMESPEC + 8);
    if (nsec == UTIME_OMIT) {
      return -1;
    }
    return nsec == UTIME_NOW ? System.currentTimeMillis() : sec * 1000 + nsec / 1_000_000;
  }

  /** Returns whether a path's last name is longer than names may be. */
  static boolean tooLong(String path) {
    int bytes = 0;
    for (int i = path.length() - 1; i >= 0 && path.charAt(i) != '/'; i--) {
      char c = path.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes > DrivePath.MAX_NAME_BYTES;
  }
}
