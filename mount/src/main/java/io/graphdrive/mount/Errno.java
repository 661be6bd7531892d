package io.graphdrive.mount;

/** Linux error numbers, negated as FUSE operations return them. */
final class Errno {
  static final int EPERM = -1;
  static final int ENOENT = -2;
  static final int EIO = -5;
  static final int EBADF = -9;
  static final int EISDIR = -21;
  static final int EINVAL = -22;
  static final int ENAMETOOLONG = -36;
  static final int ENODATA = -61;
  static final int EOPNOTSUPP = -95;

  private Errno() {}
}
