package io.graphdrive.storage;

import jnr.ffi.Pointer;

/** What libjfs reports about a path, in POSIX terms; one thread fills the same object call after call. */
public final class PosixAttr {
  private static final int GO_DIR = 1 << 31;
  private static final int GO_SYMLINK = 1 << 27;
  private static final int GO_SETUID = 1 << 23;
  private static final int GO_SETGID = 1 << 22;
  private static final int GO_STICKY = 1 << 20;
  private int mode;
  private long size;
  private long mtimeMillis;
  private long atimeMillis;
  private long uid;
  private long gid;
  private long rdev;

  /** Returns st_mode: the type bits (S_IFDIR, S_IFLNK, S_IFREG, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK), permissions. */
  public int mode() {
    return mode;
  }

  public boolean isDirectory() {
    return (mode & 0170000) == 0040000;
  }

  public boolean isSymlink() {
    return (mode & 0170000) == 0120000;
  }

  public boolean isRegular() {
    return (mode & 0170000) == 0100000;
  }

  public long size() {
    return size;
  }

  public long mtimeMillis() {
    return mtimeMillis;
  }

  public long atimeMillis() {
    return atimeMillis;
  }

  public long uid() {
    return uid;
  }

  public long gid() {
    return gid;
  }

  /** Returns st_rdev: a device file's number, else 0. */
  public long rdev() {
    return rdev;
  }

  /** Replaces the type bits and device number, for a node libjfs stores as a regular file. */
  void setNode(int type, long rdev) {
    mode = (mode & 07777) | type;
    this.rdev = rdev;
  }

  /** Decodes libjfs's record: Go FileMode (4 bytes), length, mtime and atime in ms (8 each), owner, group. */
  void fill(Pointer buf) {
    int go = buf.getInt(0);
    int type = (go & GO_DIR) != 0 ? 0040000 : (go & GO_SYMLINK) != 0 ? 0120000 : 0100000;
    int special = ((go & GO_SETUID) != 0 ? 04000 : 0) | ((go & GO_SETGID) != 0 ? 02000 : 0)
        | ((go & GO_STICKY) != 0 ? 01000 : 0);
    // A symlink's own bits mean nothing on Linux, which shows them as 0777.
    mode = type == 0120000 ? type | 0777 : type | special | (go & 0777);
    rdev = 0;
    size = buf.getLongLong(4);
    mtimeMillis = buf.getLongLong(12);
    atimeMillis = buf.getLongLong(20);
    int owner = 28;
    while (buf.getByte(owner) != 0) {
      owner++;
    }
    uid = id(buf, 28, owner);
    gid = id(buf, owner + 1, Integer.MAX_VALUE);
  }

  /** Parses a NUL-terminated id name: digits are the id, any other name is the superuser's. */
  private static long id(Pointer buf, int from, int to) {
    long id = 0;
    for (int i = from; i < to; i++) {
      byte b = buf.getByte(i);
      if (b == 0) {
        break;
      }
      if (b < '0' || b > '9') {
        return 0;
      }
      id = id * 10 + (b - '0');
    }
    return id;
  }
}
