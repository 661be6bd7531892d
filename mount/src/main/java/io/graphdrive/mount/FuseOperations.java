package io.graphdrive.mount;

import io.graphdrive.mount.FuseCallbacks.BufferOp;
import io.graphdrive.mount.FuseCallbacks.ChownOp;
import io.graphdrive.mount.FuseCallbacks.GetXattrOp;
import io.graphdrive.mount.FuseCallbacks.InitOp;
import io.graphdrive.mount.FuseCallbacks.IntPointerOp;
import io.graphdrive.mount.FuseCallbacks.IoOp;
import io.graphdrive.mount.FuseCallbacks.MknodOp;
import io.graphdrive.mount.FuseCallbacks.ModeOp;
import io.graphdrive.mount.FuseCallbacks.PathOp;
import io.graphdrive.mount.FuseCallbacks.PointerOp;
import io.graphdrive.mount.FuseCallbacks.ReaddirOp;
import io.graphdrive.mount.FuseCallbacks.RenameOp;
import io.graphdrive.mount.FuseCallbacks.SetXattrOp;
import io.graphdrive.mount.FuseCallbacks.TruncateOp;
import io.graphdrive.mount.FuseCallbacks.TwoPointerOp;
import io.graphdrive.mount.FuseCallbacks.TwoStringOp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * A struct fuse_operations whose function pointers call a DriveFs: libfuse3's slots in order up to utimens, the last
 * the drive implements (libfuse takes the table's size and leaves the later slots empty). Empty slots get libfuse's
 * defaults: opendir and releasedir succeed, lock and flock stay the kernel's own, the rest answer ENOSYS.
 */
final class FuseOperations {
  private static final int GETATTR = 0;
  private static final int READLINK = 1;
  private static final int MKNOD = 2;
  private static final int MKDIR = 3;
  private static final int UNLINK = 4;
  private static final int RMDIR = 5;
  private static final int SYMLINK = 6;
  private static final int RENAME = 7;
  private static final int LINK = 8;
  private static final int CHMOD = 9;
  private static final int CHOWN = 10;
  private static final int TRUNCATE = 11;
  private static final int OPEN = 12;
  private static final int READ = 13;
  private static final int WRITE = 14;
  private static final int STATFS = 15;
  private static final int FLUSH = 16;
  private static final int RELEASE = 17;
  private static final int FSYNC = 18;
  private static final int SETXATTR = 19;
  private static final int GETXATTR = 20;
  private static final int LISTXATTR = 21;
  private static final int REMOVEXATTR = 22;
  private static final int READDIR = 24;
  private static final int INIT = 27;
  private static final int CREATE = 30;
  private static final int UTIMENS = 32;
  private static final int SLOTS = UTIMENS + 1;

  private final Runtime runtime;
  private final Pointer table;
  // JNR holds a callback only weakly, and frees its native stub once its pointer is collected: both live as long as
  // the table.
  private final List<Object> alive = new ArrayList<>();

  FuseOperations(Runtime runtime, DriveFs fs) {
    this.runtime = runtime;
    this.table = Memory.allocateDirect(runtime, size(), true);
    set(GETATTR, TwoPointerOp.class, (path, stat, fi) -> guard(() -> fs.getattr(path, stat, fi)));
    set(READLINK, BufferOp.class, (path, buf, size) -> guard(() -> fs.readlink(path, buf, size)));
    set(MKNOD, MknodOp.class, (path, mode, rdev) -> guard(() -> fs.mknod(path, mode, rdev)));
    set(MKDIR, ModeOp.class, (path, mode) -> guard(() -> fs.mkdir(path, mode)));
    set(UNLINK, PathOp.class, path -> guard(() -> fs.unlink(path)));
    set(RMDIR, PathOp.class, path -> guard(() -> fs.rmdir(path)));
    set(SYMLINK, TwoStringOp.class, (target, link) -> guard(() -> fs.symlink(target, link)));
    set(RENAME, RenameOp.class, (from, to, flags) -> guard(() -> fs.rename(from, to, flags)));
    set(LINK, TwoStringOp.class, (from, to) -> fs.link());
    set(CHMOD, IntPointerOp.class, (path, mode, fi) -> guard(() -> fs.chmod(path, mode)));
    set(CHOWN, ChownOp.class, (path, uid, gid, fi) -> guard(() -> fs.chown(path, uid, gid)));
    set(TRUNCATE, TruncateOp.class, (path, size, fi) -> guard(() -> fs.truncate(path, size, fi)));
    set(OPEN, PointerOp.class, (path, fi) -> guard(() -> fs.open(path, fi)));
    set(READ, IoOp.class, (path, buf, size, offset, fi) -> guard(() -> fs.read(buf, size, offset, fi)));
    set(WRITE, IoOp.class, (path, buf, size, offset, fi) -> guard(() -> fs.write(buf, size, offset, fi)));
    set(STATFS, PointerOp.class, (path, st) -> guard(() -> fs.statfs(st)));
    set(FLUSH, PointerOp.class, (path, fi) -> guard(() -> fs.flush(fi)));
    set(RELEASE, PointerOp.class, (path, fi) -> guard(() -> fs.release(fi)));
    set(FSYNC, IntPointerOp.class, (path, datasync, fi) -> guard(() -> fs.fsync(fi)));
    set(SETXATTR, SetXattrOp.class,
        (path, name, value, size, flags) -> guard(() -> fs.setxattr(path, name, value, size, flags)));
    set(GETXATTR, GetXattrOp.class, (path, name, value, size) -> guard(() -> fs.getxattr(path, name, value, size)));
    set(LISTXATTR, BufferOp.class, (path, list, size) -> guard(() -> fs.listxattr(path, list, size)));
    set(REMOVEXATTR, TwoStringOp.class, (path, name) -> guard(() -> fs.removexattr(path, name)));
    set(READDIR, ReaddirOp.class, (path, buf, filler, offset, fi, flags) -> guard(() -> fs.readdir(path, buf, filler)));
    set(INIT, InitOp.class, (conn, cfg) -> {
      fs.init(conn, cfg);
      return null;
    });
    set(CREATE, IntPointerOp.class, (path, mode, fi) -> guard(() -> fs.create(path, mode, fi)));
    set(UTIMENS, TwoPointerOp.class, (path, times, fi) -> guard(() -> fs.utimens(path, times)));
  }

  private <T> void set(int slot, Class<T> shape, T callback) {
    Pointer stub = runtime.getClosureManager().getClosurePointer(shape, callback);
    alive.add(callback);
    alive.add(stub);
    table.putPointer((long) slot * runtime.addressSize(), stub);
  }

  /** Runs an operation; an exception, which must not unwind into libfuse, is logged and answered with EIO. */
  private static int guard(IntSupplier operation) {
    try {
      return operation.getAsInt();
    } catch (RuntimeException e) {
      DriveFs.LOG.error("a FUSE operation failed", e);
      return Errno.EIO;
    }
  }

  /** Returns the table's native memory. */
  Pointer table() {
    return table;
  }

  /** Returns the table's size in bytes, for fuse_new. */
  long size() {
    return (long) SLOTS * runtime.addressSize();
  }
}
