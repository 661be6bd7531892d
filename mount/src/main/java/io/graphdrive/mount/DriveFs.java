package io.graphdrive.mount;

import io.graphdrive.common.DrivePath;
import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.mount.PathKinds.Kind;
import io.graphdrive.storage.PosixAttr;
import io.graphdrive.storage.PosixVolume;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drive as a FUSE file system: every call goes straight to JuiceFS through libjfs (the kernel checks
 * permissions, see DriveMount's options), and every change of a file or directory is reported to an event consumer.
 * Symlinks, FIFOs, sockets and device files are stored but never reported, so that tagging never follows or opens
 * one.
 */
final class DriveFs {
  static final Logger LOG = LoggerFactory.getLogger(DriveFs.class);
  private static final int O_ACCMODE = 3;
  private static final int O_WRONLY = 1;
  private static final int O_EXCL = 0200;
  private static final int O_TRUNC = 01000;
  private static final int O_APPEND = 02000;
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int RENAME_NOREPLACE = 1;
  private static final int MAX_REQUEST = 1 << 20;
  private static final String CAPABILITY = "security.capability";

  private final LibFuse lib;
  private final PosixVolume volume;
  private final Consumer<Event> events;
  private final DirFiller filler;
  private final OpenFiles files;
  private final HandleTable handles = new HandleTable();
  private final PathKinds kinds = new PathKinds();
  private final ThreadLocal<PosixAttr> attrs = ThreadLocal.withInitial(PosixAttr::new);
  private final AtomicLong asideCount = new AtomicLong();

  DriveFs(LibFuse lib, PosixVolume volume, Consumer<Event> events) {
    this.lib = lib;
    this.volume = volume;
    this.events = events;
    this.filler = new DirFiller(FuseLoop.runtime(lib));
    this.files = new OpenFiles(volume, this::emit);
  }

  /**
   * Settles the connection: 1 MiB requests; the kernel, not the drive, clears set-user-ID and set-group-ID bits on
   * writes and owner changes (as with libfuse2: libjfs would not); hard_remove, so that an unlinked open file lives
   * on through its libjfs descriptor instead of being renamed to .fuse_hidden* (which would show as events); and no
   * splicing of write requests, which the high-level API would copy out of the pipe into a buffer it allocates and
   * frees per request (1 MiB of fresh pages each time) instead of reading them into its worker's own buffer.
   */
  void init(Pointer conn, Pointer cfg) {
    FuseStructs.setMaxWrite(conn, MAX_REQUEST);
    FuseStructs.setWant(conn,
        FuseStructs.want(conn) & ~FuseStructs.CAP_HANDLE_KILLPRIV & ~FuseStructs.CAP_SPLICE_READ);
    FuseStructs.setHardRemove(cfg);
  }

  /** Fills a struct stat; {@code fi} is set for an open file, whose path is null once it was unlinked. */
  int getattr(String path, Pointer stat, Pointer fi) {
    Handle h = fi == null ? null : handles.get(FuseStructs.handle(fi));
    if (path != null || h == null) {
      return path == null ? Errno.ENOENT : getattr(path, stat);
    }
    // An unlinked file stays readable through its handles.
    long size = h.file.size();
    if (size < 0) {
      return (int) size;
    }
    Attrs.fill(stat, S_IFREG | 0644, 0, size);
    return 0;
  }

  private int getattr(String path, Pointer stat) {
    // The kernel opens FIFOs, sockets and devices itself: a file open here is none, so its mark need not be looked up.
    OpenFile open = files.get(path);
    PosixAttr a = attrs.get();
    int r = open != null ? volume.lstatPlain(path, a) : volume.lstat(path, a);
    if (r < 0) {
      kinds.removed(path);
      return Attrs.tooLong(path) ? Errno.ENAMETOOLONG : r;
    }
    kinds.saw(path, Kind.of(a));
    long size = open == null || !a.isRegular() ? a.size() : open.size();
    if (size < 0) {
      // Its last handle closed it since the lookup above (a release runs after close(2) returns): the volume's
      // length is now whole, and taken again since the close may have committed writes the lookup missed.
      r = volume.lstatPlain(path, a);
      if (r < 0) {
        return r;
      }
      size = a.size();
    }
    Attrs.fill(stat, a, size);
    return 0;
  }

  /** Lists a directory into libfuse's buffer through its filler. */
  int readdir(String path, Pointer buf, Pointer fill) {
    if (path == null) {
      // A removed directory still open.
      return Errno.ENOENT;
    }
    filler.add(fill, buf, ".");
    filler.add(fill, buf, "..");
    return volume.list(path, name -> filler.add(fill, buf, name));
  }

  /** Makes a directory, owned by the caller. */
  int mkdir(String path, int mode) {
    if (Attrs.tooLong(path)) {
      return Errno.ENAMETOOLONG;
    }
    int r = volume.mkdir(path, mode);
    if (r == 0) {
      kinds.saw(path, Kind.DIRECTORY);
      r = ownByCaller(path);
    }
    if (r == 0) {
      emit(EventType.CREATED, path);
    }
    return r;
  }

  /** Removes an empty directory. */
  int rmdir(String path) {
    int r = volume.delete(path);
    if (r == 0) {
      kinds.removed(path);
      emit(EventType.DELETED, path);
    }
    return r;
  }

  /** Removes a file, symlink or node; a file still open lives on through its handles. */
  int unlink(String path) {
    Kind kind = kinds.get(path);
    if (kind == null) {
      PosixAttr a = attrs.get();
      int r = volume.lstat(path, a);
      if (r < 0) {
        return r;
      }
      kind = Kind.of(a);
    }
    if (kind == Kind.DIRECTORY) {
      return Errno.EISDIR;
    }
    int r = volume.delete(path);
    if (r == 0) {
      kinds.removed(path);
      files.unlinked(path);
      if (kind == Kind.FILE) {
        emit(EventType.DELETED, path);
      }
    }
    return r;
  }

  /** Makes a symlink at {@code link} holding {@code target}. */
  int symlink(String target, String link) {
    if (Attrs.tooLong(link)) {
      return Errno.ENAMETOOLONG;
    }
    // Owned by whoever mounted the drive: libjfs has no lchown (its owner call follows the link).
    int r = volume.symlink(target, link);
    if (r == 0) {
      kinds.saw(link, Kind.OTHER);
    }
    return r;
  }

  /** Copies a symlink's target, NUL-terminated, into a buffer of {@code size} bytes. */
  int readlink(String path, Pointer buf, long size) {
    return volume.readlink(path, buf, (int) Math.min(size, Integer.MAX_VALUE));
  }

  /** Refuses hard links: JuiceFS's library has no call for them. */
  int link() {
    return Errno.EPERM;
  }

  /**
   * Makes regular files, and FIFOs, sockets and device files: the kernel implements those (and opens no device on
   * a drive, mounted nodev); the drive keeps only their names, modes, owners and device numbers, unreported.
   */
  int mknod(String path, int mode, long rdev) {
    if (Attrs.tooLong(path)) {
      return Errno.ENAMETOOLONG;
    }
    int type = mode & S_IFMT;
    if (type != S_IFREG && type != 0) {
      int r = volume.mknod(path, mode, rdev);
      if (r < 0) {
        return r;
      }
      kinds.saw(path, Kind.OTHER);
      return ownByCaller(path);
    }
    int fd = volume.create(path, mode);
    if (fd < 0) {
      return fd;
    }
    volume.close(fd);
    kinds.saw(path, Kind.FILE);
    int r = ownByCaller(path);
    if (r == 0) {
      emit(EventType.CREATED, path);
    }
    return r;
  }

  /** Creates and opens a file, owned by the caller; an existing one is opened unless O_EXCL. */
  int create(String path, int mode, Pointer fi) {
    if (Attrs.tooLong(path)) {
      return Errno.ENAMETOOLONG;
    }
    int flags = FuseStructs.openFlags(fi);
    int fd = volume.create(path, mode);
    if (fd == PosixVolume.EEXIST && (flags & O_EXCL) == 0) {
      return open(path, fi);
    }
    if (fd < 0) {
      return fd;
    }
    kinds.saw(path, Kind.FILE);
    int r = ownByCaller(path);
    if (r < 0) {
      volume.close(fd);
      return r;
    }
    // Counted as a writer whatever its access mode, so that its release reports the new file.
    Handle h = files.add(path, fd, true, (flags & O_APPEND) != 0);
    if (h == null) {
      return Errno.EIO;
    }
    h.file.markCreated();
    FuseStructs.setHandle(fi, handles.add(h));
    bypassCacheIfRootWritesOnly(fi, flags);
    return 0;
  }

  /** Opens a file, sharing the libjfs descriptor of its other handles. */
  int open(String path, Pointer fi) {
    int flags = FuseStructs.openFlags(fi);
    boolean writer = (flags & O_ACCMODE) != 0;
    boolean append = (flags & O_APPEND) != 0;
    Handle h = files.shareOpen(path, writer, append);
    if (h == null) {
      int fd = volume.open(path, PosixVolume.READ | PosixVolume.WRITE);
      if (fd < 0) {
        return fd;
      }
      h = files.add(path, fd, writer, append);
      if (h == null) {
        return Errno.EIO;
      }
    }
    if (writer && (flags & O_TRUNC) != 0) {
      int r = h.file.truncate(path, 0);
      if (r < 0) {
        files.release(h);
        return r;
      }
    }
    FuseStructs.setHandle(fi, handles.add(h));
    bypassCacheIfRootWritesOnly(fi, flags);
    return 0;
  }

  /**
   * Has the kernel send a write-only handle's writes straight from the writer's memory rather than through its page
   * cache (without the writeback cache, which this mount does not ask for, every write is a request either way): one
   * copy less per request, and no pages that the next open would drop anyway (auto_cache sees the new modification
   * time). A handle that reads keeps the page cache, and with it read-ahead and mmap. Only for root: a write by
   * anyone else must clear set-user-ID and set-group-ID bits, which the kernel does on the page cache's way but on
   * the direct one asks of the file system in a flag libfuse3's high-level API does not pass on.
   */
  private void bypassCacheIfRootWritesOnly(Pointer fi, int flags) {
    if ((flags & O_ACCMODE) == O_WRONLY && FuseStructs.uid(lib.fuse_get_context()) == 0) {
      FuseStructs.setDirectIo(fi);
    }
  }

  /** Reads from an open file into libfuse's buffer. */
  int read(Pointer buf, long size, long offset, Pointer fi) {
    Handle h = handles.get(FuseStructs.handle(fi));
    return h == null ? Errno.EBADF : h.file.read(buf, size, offset);
  }

  /** Writes libfuse's buffer to an open file. */
  int write(Pointer buf, long size, long offset, Pointer fi) {
    Handle h = handles.get(FuseStructs.handle(fi));
    return h == null || !h.writer ? Errno.EBADF : h.file.write(buf, size, offset, h.append);
  }

  /** Cuts or extends a file; {@code fi} is set for an open file, whose path is null once it was unlinked. */
  int truncate(String path, long size, Pointer fi) {
    Handle h = fi == null ? null : handles.get(FuseStructs.handle(fi));
    if (h == null) {
      return path == null ? Errno.ENOENT : truncate(path, size);
    }
    // No path: the file was unlinked, and libjfs truncates by path only.
    return path == null ? Errno.ENOENT : h.file.truncate(path, size);
  }

  private int truncate(String path, long size) {
    OpenFile open = files.get(path);
    int r = open != null ? open.truncate(path, size) : volume.truncate(path, size);
    // An open writer reports the change when it is released.
    if (r == 0 && (open == null || !files.hasWriters(open))) {
      emit(EventType.MODIFIED, path);
    }
    return r;
  }

  /** Commits a writer's buffered writes, at each close(2) of a descriptor. */
  int flush(Pointer fi) {
    Handle h = handles.get(FuseStructs.handle(fi));
    return h == null || !h.writer ? 0 : h.file.flush();
  }

  /** Stores an open file's writes for good and reports them. */
  int fsync(Pointer fi) {
    Handle h = handles.get(FuseStructs.handle(fi));
    if (h == null) {
      return 0;
    }
    int r = h.file.fsync();
    if (r == 0) {
      // What is stored for good is journaled now, so that a crash before the close still reaches the graph.
      files.report(h.file);
    }
    return r;
  }

  /** Drops a handle once the last descriptor of its open(2) is closed. */
  int release(Pointer fi) {
    Handle h = handles.remove(FuseStructs.handle(fi));
    return h == null ? 0 : files.release(h);
  }

  /** Flushes, reports and closes the files still open, for an unmount; their handles fail from then on. */
  void closeFiles() {
    files.closeAll();
  }

  /** Moves a file or directory; RENAME_NOREPLACE keeps an existing target, RENAME_EXCHANGE is not supported. */
  int rename(String oldpath, String newpath, int flags) {
    if ((flags & ~RENAME_NOREPLACE) != 0) {
      return Errno.EINVAL;
    }
    if (Attrs.tooLong(newpath)) {
      return Errno.ENAMETOOLONG;
    }
    if (oldpath.equals(newpath)) {
      return 0;
    }
    Kind kind = kinds.get(oldpath);
    if (kind == null) {
      PosixAttr a = attrs.get();
      int r = volume.lstat(oldpath, a);
      if (r < 0) {
        return r;
      }
      kind = Kind.of(a);
    }
    int r = volume.rename(oldpath, newpath);
    if (r == PosixVolume.EEXIST && flags == 0) {
      r = replace(oldpath, newpath, kind == Kind.DIRECTORY);
    }
    if (r == 0) {
      kinds.moved(oldpath, newpath, kind);
      files.moved(oldpath, newpath);
      if (kind != Kind.OTHER) {
        emit(EventType.MOVED, newpath, oldpath);
      }
    }
    return r;
  }

  /**
   * Renames onto an existing target, which libjfs never does itself: an empty directory is removed first, a file is
   * first moved aside and removed after, so a failed rename keeps it. Not atomic: for a moment the target is absent.
   */
  private int replace(String from, String to, boolean directory) {
    PosixAttr a = attrs.get();
    int r = volume.lstat(to, a);
    if (r < 0) {
      return r;
    }
    if (a.isDirectory() != directory) {
      return directory ? PosixVolume.ENOTDIR : PosixVolume.EISDIR;
    }
    if (directory) {
      r = volume.delete(to);
      return r < 0 ? r : volume.rename(from, to);
    }
    String aside = DrivePath.parent(to) + "/.graphdrive-replaced-" + ProcessHandle.current().pid() + "-"
        + asideCount.incrementAndGet();
    r = volume.rename(to, aside);
    if (r < 0) {
      return r;
    }
    r = volume.rename(from, to);
    if (r < 0) {
      volume.rename(aside, to);
      return r;
    }
    volume.delete(aside);
    return 0;
  }

  /** Sets a path's access and modification times (the pair of timespecs libfuse passes); null: unlinked. */
  int utimens(String path, Pointer times) {
    if (path == null) {
      return Errno.ENOENT;
    }
    int r = linkCheck(path);
    if (r != 0) {
      // libjfs's time call follows symlinks: a link keeps its times.
      return Math.min(r, 0);
    }
    OpenFile open = files.get(path);
    if (open != null) {
      // Buffered writes committed later would stamp their own time over this one.
      open.flush();
    }
    return volume.utime(path, Attrs.millis(times, 1), Attrs.millis(times, 0));
  }

  /** Sets a path's permission bits; null: unlinked. */
  int chmod(String path, int mode) {
    return path == null ? Errno.ENOENT : volume.chmod(path, mode);
  }

  /** Sets a path's owner and group, -1 keeping one; null: unlinked. */
  int chown(String path, int uid, int gid) {
    if (path == null) {
      return Errno.ENOENT;
    }
    int r = linkCheck(path);
    if (r != 0) {
      // libjfs's owner call follows symlinks: a link keeps its owner.
      return Math.min(r, 0);
    }
    return volume.chown(path, uid == -1 ? -1 : uid & 0xffffffffL, gid == -1 ? -1 : gid & 0xffffffffL);
  }

  /** Fills a struct statvfs with the volume's size and free space. */
  int statfs(Pointer st) {
    long[] space = new long[2];
    int r = volume.statvfs(space);
    if (r == 0) {
      Attrs.fillStatvfs(st, space[0], space[1]);
    }
    return r;
  }

  /** Returns whether a path is a symlink: libjfs's attribute calls follow one, but a link has none of its own. */
  private boolean isSymlink(String path) {
    return linkCheck(path) == 1;
  }

  /** Returns 1 if a path is a symlink, 0 if it is not, or a negative errno. */
  private int linkCheck(String path) {
    Kind kind = kinds.get(path);
    if (kind == Kind.FILE || kind == Kind.DIRECTORY) {
      return 0;
    }
    PosixAttr a = attrs.get();
    int r = volume.lstat(path, a);
    return r < 0 ? r : a.isSymlink() ? 1 : 0;
  }

  /** Sets an extended attribute. */
  int setxattr(String path, String name, Pointer value, long size, int flags) {
    if (name.equals(CAPABILITY) || name.startsWith("system.")) {
      return Errno.EOPNOTSUPP;
    }
    // Linux allows no user attributes on a symlink.
    return isSymlink(path) ? Errno.EPERM : volume.setXattr(path, name, value, (int) size, flags);
  }

  /** Copies an extended attribute, or with {@code size} 0 returns its length. */
  int getxattr(String path, String name, Pointer value, long size) {
    // The kernel asks for file capabilities before every write; the drive stores none, so it need not look.
    if (name.equals(CAPABILITY) || name.startsWith("system.")) {
      return Errno.ENODATA;
    }
    return isSymlink(path) ? Errno.ENODATA : volume.getXattr(path, name, value, (int) size);
  }

  /** Copies the names of a path's extended attributes, or with {@code size} 0 returns their length. */
  int listxattr(String path, Pointer list, long size) {
    return isSymlink(path) ? 0 : volume.listXattr(path, list, (int) size);
  }

  /** Removes an extended attribute. */
  int removexattr(String path, String name) {
    return isSymlink(path) ? Errno.ENODATA : volume.removeXattr(path, name);
  }

  /** Gives a new entry the caller's owner and group (the directory's group if it is set-group-ID). */
  private int ownByCaller(String path) {
    Pointer ctx = lib.fuse_get_context();
    long uid = FuseStructs.uid(ctx);
    long gid = FuseStructs.gid(ctx);
    if (uid == 0 && gid == 0) {
      // libjfs made it as root, in the directory's group: the same unless root created it in another group.
      return 0;
    }
    PosixAttr parent = attrs.get();
    if (volume.lstat(DrivePath.parent(path), parent) == 0 && (parent.mode() & 02000) != 0) {
      gid = parent.gid();
    }
    return volume.chown(path, uid, gid);
  }

  /** Hands an event to the consumer; a failing consumer never fails the file operation. */
  private void emit(EventType type, String path) {
    emit(type, path, null);
  }

  private void emit(EventType type, String path, String from) {
    try {
      events.accept(new Event(type, path, from));
    } catch (RuntimeException e) {
      LOG.warn("event {} {} not recorded: {}", type, path, e.toString());
    }
  }
}
