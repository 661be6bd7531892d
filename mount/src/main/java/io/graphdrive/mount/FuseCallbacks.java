package io.graphdrive.mount;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;

/**
 * The C signatures of libfuse3's operations, one interface per shape (public only because JNR generates the native
 * stubs that call them). libfuse passes a null path for a file unlinked while open.
 */
public final class FuseCallbacks {
  private FuseCallbacks() {}

  /** unlink and rmdir: {@code int (const char *path)}. */
  public interface PathOp {
    /** Runs the operation. */
    @Delegate
    int call(String path);
  }

  /** symlink, link and removexattr: {@code int (const char *, const char *)}. */
  public interface TwoStringOp {
    /** Runs the operation. */
    @Delegate
    int call(String first, String second);
  }

  /** rename: {@code int (const char *from, const char *to, unsigned int flags)}. */
  public interface RenameOp {
    /** Runs the operation. */
    @Delegate
    int call(String from, String to, int flags);
  }

  /** open, flush, release and statfs: {@code int (const char *path, struct *)}. */
  public interface PointerOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, Pointer struct);
  }

  /** getattr and utimens: {@code int (const char *path, struct *, struct fuse_file_info *fi)}. */
  public interface TwoPointerOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, Pointer struct, Pointer fi);
  }

  /** mkdir: {@code int (const char *path, mode_t mode)}. */
  public interface ModeOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, int mode);
  }

  /** chmod, create and fsync: {@code int (const char *path, int or mode_t, struct fuse_file_info *fi)}. */
  public interface IntPointerOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, int value, Pointer fi);
  }

  /** mknod: {@code int (const char *path, mode_t mode, dev_t rdev)}. */
  public interface MknodOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, int mode, long rdev);
  }

  /** chown: {@code int (const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi)}. */
  public interface ChownOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, int uid, int gid, Pointer fi);
  }

  /** truncate: {@code int (const char *path, off_t size, struct fuse_file_info *fi)}. */
  public interface TruncateOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, long size, Pointer fi);
  }

  /** readlink and listxattr: {@code int (const char *path, char *buf, size_t size)}. */
  public interface BufferOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, Pointer buf, long size);
  }

  /** read and write: {@code int (const char *path, char *buf, size_t size, off_t offset, struct fuse_file_info *)}. */
  public interface IoOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, Pointer buf, long size, long offset, Pointer fi);
  }

  /** setxattr: {@code int (const char *path, const char *name, const char *value, size_t size, int flags)}. */
  public interface SetXattrOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, String name, Pointer value, long size, int flags);
  }

  /** getxattr: {@code int (const char *path, const char *name, char *value, size_t size)}. */
  public interface GetXattrOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, String name, Pointer value, long size);
  }

  /**
   * readdir: {@code int (const char *path, void *buf, fuse_fill_dir_t filler, off_t offset, struct fuse_file_info *fi,
   * enum fuse_readdir_flags flags)}.
   */
  public interface ReaddirOp {
    /** Runs the operation. */
    @Delegate
    int call(String path, Pointer buf, Pointer filler, long offset, Pointer fi, int flags);
  }

  /** init: {@code void *(struct fuse_conn_info *conn, struct fuse_config *cfg)}, returning the private data. */
  public interface InitOp {
    /** Runs the operation. */
    @Delegate
    Pointer call(Pointer conn, Pointer cfg);
  }
}
