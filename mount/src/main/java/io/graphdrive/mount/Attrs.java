package io.graphdrive.mount;

import io.graphdrive.common.DrivePath;
import io.graphdrive.storage.PosixAttr;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.Timespec;

/** Conversions between libjfs's attributes and FUSE's structs. */
final class Attrs {
  static final int BLOCK = 4096;
  private static final long UTIME_NOW = (1L << 30) - 1;
  private static final long UTIME_OMIT = (1L << 30) - 2;

  private Attrs() {}

  /** Fills a FUSE stat from libjfs's record with the given size. */
  static void fill(FileStat stat, PosixAttr a, long size) {
    stat.st_mode.set(a.mode());
    stat.st_nlink.set(a.isDirectory() ? 2 : 1);
    stat.st_size.set(size);
    stat.st_blksize.set(BLOCK);
    stat.st_blocks.set((size + 511) / 512);
    stat.st_uid.set(a.uid());
    stat.st_gid.set(a.gid());
    stat.st_rdev.set(a.rdev());
    setTime(stat.st_mtim, a.mtimeMillis());
    // libjfs reports no change time: the modification time stands in for it.
    setTime(stat.st_ctim, a.mtimeMillis());
    setTime(stat.st_atim, a.atimeMillis());
  }

  private static void setTime(Timespec t, long millis) {
    t.tv_sec.set(Math.floorDiv(millis, 1000));
    t.tv_nsec.set(Math.floorMod(millis, 1000) * 1_000_000L);
  }

  /** Converts a utimens time to milliseconds, -1 for "leave it". */
  static long millis(Timespec t) {
    long nsec = t.tv_nsec.longValue();
    if (nsec == UTIME_OMIT) {
      return -1;
    }
    return nsec == UTIME_NOW ? System.currentTimeMillis() : t.tv_sec.get() * 1000 + nsec / 1_000_000;
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
