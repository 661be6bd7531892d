package io.graphdrive.mount;

import io.graphdrive.common.DrivePath;
import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.storage.PosixAttr;
import io.graphdrive.storage.PosixVolume;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jnr.ffi.Pointer;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseContext;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The drive as a FUSE file system: every call goes straight to JuiceFS through libjfs (the kernel checks
 * permissions, see DriveMount's options), and every change of a file or directory is reported to an event consumer.
 * Symlinks, FIFOs, sockets and device files are stored but never reported, so that tagging never follows or opens
 * one.
 */
final class DriveFs extends FuseStubFS {
  static final Logger LOG = LoggerFactory.getLogger(DriveFs.class);
  private static final int O_ACCMODE = 3;
  private static final int O_EXCL = 0200;
  private static final int O_TRUNC = 01000;
  private static final int O_APPEND = 02000;
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final long NO_ID = 0xffffffffL;
  private static final String CAPABILITY = "security.capability";

  private final PosixVolume volume;
  private final Consumer<Event> events;
  private final OpenFiles files;
  private final HandleTable handles = new HandleTable();
  private final ThreadLocal<PosixAttr> attrs = ThreadLocal.withInitial(PosixAttr::new);
  private final AtomicLong asideCount = new AtomicLong();

  DriveFs(PosixVolume volume, Consumer<Event> events) {
    this.volume = volume;
    this.events = events;
    this.files = new OpenFiles(volume, this::emit);
    LibfuseFlags.declare(fuseOperations);
  }

  @Override
  public int getattr(String path, FileStat stat) {
    // The kernel opens FIFOs, sockets and devices itself: a file open here is none, so its mark need not be looked up.
    OpenFile open = files.get(path);
    PosixAttr a = attrs.get();
    int r = open != null ? volume.lstatPlain(path, a) : volume.lstat(path, a);
    if (r < 0) {
      return Attrs.tooLong(path) ? -ErrorCodes.ENAMETOOLONG() : r;
    }
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

  @Override
  public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
    Handle h = handles.get(fi.fh.get());
    if (path != null || h == null) {
      return getattr(path, stat);
    }
    // An unlinked file stays readable through its handles (libfuse then passes no path).
    long size = h.file.size();
    if (size < 0) {
      return (int) size;
    }
    stat.st_mode.set(S_IFREG | 0644);
    stat.st_nlink.set(0);
    stat.st_size.set(size);
    stat.st_blocks.set((size + 511) / 512);
    stat.st_blksize.set(Attrs.BLOCK);
    return 0;
  }

  @Override
  public int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
    if (path == null) {
      // A removed directory still open (see LibfuseFlags' nullpath_ok).
      return -ErrorCodes.ENOENT();
    }
    filter.apply(buf, ".", null, 0);
    filter.apply(buf, "..", null, 0);
    return volume.list(path, name -> filter.apply(buf, name, null, 0) == 0);
  }

  @Override
  public int mkdir(String path, long mode) {
    if (Attrs.tooLong(path)) {
      return -ErrorCodes.ENAMETOOLONG();
    }
    int r = volume.mkdir(path, (int) mode);
    if (r == 0) {
      r = ownByCaller(path);
    }
    if (r == 0) {
      emit(EventType.CREATED, path);
    }
    return r;
  }

  @Override
  public int rmdir(String path) {
    int r = volume.delete(path);
    if (r == 0) {
      emit(EventType.DELETED, path);
    }
    return r;
  }

  @Override
  public int unlink(String path) {
    PosixAttr a = attrs.get();
    int r = volume.lstat(path, a);
    if (r == 0 && a.isDirectory()) {
      r = -ErrorCodes.EISDIR();
    }
    boolean file = a.isRegular();
    if (r == 0) {
      r = volume.delete(path);
    }
    if (r == 0) {
      files.unlinked(path);
      if (file) {
        emit(EventType.DELETED, path);
      }
    }
    return r;
  }

  @Override
  public int symlink(String target, String link) {
    if (Attrs.tooLong(link)) {
      return -ErrorCodes.ENAMETOOLONG();
    }
    // Owned by whoever mounted the drive: libjfs has no lchown (its owner call follows the link).
    return volume.symlink(target, link);
  }

  @Override
  public int readlink(String path, Pointer buf, @size_t long size) {
    return volume.readlink(path, buf, (int) Math.min(size, Integer.MAX_VALUE));
  }

  /** Refuses hard links: JuiceFS's library has no call for them. */
  @Override
  public int link(String oldpath, String newpath) {
    return -ErrorCodes.EPERM();
  }

  /**
   * Makes regular files, and FIFOs, sockets and device files: the kernel implements those (and opens no device on
   * a drive, mounted nodev); the drive keeps only their names, modes, owners and device numbers, unreported.
   */
  @Override
  public int mknod(String path, long mode, long rdev) {
    if (Attrs.tooLong(path)) {
      return -ErrorCodes.ENAMETOOLONG();
    }
    long type = mode & S_IFMT;
    if (type != S_IFREG && type != 0) {
      int r = volume.mknod(path, (int) mode, rdev);
      return r < 0 ? r : ownByCaller(path);
    }
    int fd = volume.create(path, (int) mode);
    if (fd < 0) {
      return fd;
    }
    volume.close(fd);
    int r = ownByCaller(path);
    if (r == 0) {
      emit(EventType.CREATED, path);
    }
    return r;
  }

  @Override
  public int create(String path, long mode, FuseFileInfo fi) {
    if (Attrs.tooLong(path)) {
      return -ErrorCodes.ENAMETOOLONG();
    }
    int flags = fi.flags.get();
    int fd = volume.create(path, (int) mode);
    if (fd == PosixVolume.EEXIST && (flags & O_EXCL) == 0) {
      return open(path, fi);
    }
    if (fd < 0) {
      return fd;
    }
    int r = ownByCaller(path);
    if (r < 0) {
      volume.close(fd);
      return r;
    }
    // Counted as a writer whatever its access mode, so that its release reports the new file.
    Handle h = files.add(path, fd, true, (flags & O_APPEND) != 0);
    if (h == null) {
      return -ErrorCodes.EIO();
    }
    h.file.markCreated();
    fi.fh.set(handles.add(h));
    return 0;
  }

  @Override
  public int open(String path, FuseFileInfo fi) {
    int flags = fi.flags.get();
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
        return -ErrorCodes.EIO();
      }
    }
    if (writer && (flags & O_TRUNC) != 0) {
      int r = h.file.truncate(path, 0);
      if (r < 0) {
        files.release(h);
        return r;
      }
    }
    fi.fh.set(handles.add(h));
    return 0;
  }

  @Override
  public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    Handle h = handles.get(fi.fh.get());
    return h == null ? -ErrorCodes.EBADF() : h.file.read(buf, size, offset);
  }

  @Override
  public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    Handle h = handles.get(fi.fh.get());
    return h == null || !h.writer ? -ErrorCodes.EBADF() : h.file.write(buf, size, offset, h.append);
  }

  @Override
  public int truncate(String path, @off_t long size) {
    OpenFile open = files.get(path);
    int r = open != null ? open.truncate(path, size) : volume.truncate(path, size);
    // An open writer reports the change when it is released.
    if (r == 0 && (open == null || !files.hasWriters(open))) {
      emit(EventType.MODIFIED, path);
    }
    return r;
  }

  @Override
  public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
    Handle h = handles.get(fi.fh.get());
    if (h == null) {
      return truncate(path, size);
    }
    // No path: the file was unlinked, and libjfs truncates by path only.
    return path == null ? -ErrorCodes.ENOENT() : h.file.truncate(path, size);
  }

  @Override
  public int flush(String path, FuseFileInfo fi) {
    Handle h = handles.get(fi.fh.get());
    return h == null || !h.writer ? 0 : h.file.flush();
  }

  @Override
  public int fsync(String path, int isdatasync, FuseFileInfo fi) {
    Handle h = handles.get(fi.fh.get());
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

  @Override
  public int release(String path, FuseFileInfo fi) {
    Handle h = handles.remove(fi.fh.get());
    return h == null ? 0 : files.release(h);
  }

  /** Flushes, reports and closes the files still open, for an unmount; their handles fail from then on. */
  void closeFiles() {
    files.closeAll();
  }

  @Override
  public int rename(String oldpath, String newpath) {
    if (Attrs.tooLong(newpath)) {
      return -ErrorCodes.ENAMETOOLONG();
    }
    if (oldpath.equals(newpath)) {
      return 0;
    }
    PosixAttr a = attrs.get();
    int r = volume.lstat(oldpath, a);
    if (r < 0) {
      return r;
    }
    boolean directory = a.isDirectory();
    boolean reported = directory || a.isRegular();
    r = volume.rename(oldpath, newpath);
    if (r == PosixVolume.EEXIST) {
      r = replace(oldpath, newpath, directory);
    }
    if (r == 0) {
      files.moved(oldpath, newpath);
      if (reported) {
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

  @Override
  public int utimens(String path, Timespec[] timespec) {
    PosixAttr a = attrs.get();
    int r = volume.lstat(path, a);
    if (r < 0 || a.isSymlink()) {
      // libjfs's time call follows symlinks: a link keeps its times.
      return r;
    }
    OpenFile open = files.get(path);
    if (open != null) {
      // Buffered writes committed later would stamp their own time over this one.
      open.flush();
    }
    return volume.utime(path, Attrs.millis(timespec[1]), Attrs.millis(timespec[0]));
  }

  @Override
  public int chmod(String path, long mode) {
    return volume.chmod(path, (int) mode);
  }

  @Override
  public int chown(String path, long uid, long gid) {
    PosixAttr a = attrs.get();
    int r = volume.lstat(path, a);
    if (r < 0 || a.isSymlink()) {
      // libjfs's owner call follows symlinks: a link keeps its owner.
      return r;
    }
    return volume.chown(path, uid == NO_ID ? -1 : uid, gid == NO_ID ? -1 : gid);
  }

  @Override
  public int statfs(String path, Statvfs stbuf) {
    long[] space = new long[2];
    int r = volume.statvfs(space);
    if (r < 0) {
      return r;
    }
    stbuf.f_bsize.set(Attrs.BLOCK);
    stbuf.f_frsize.set(Attrs.BLOCK);
    stbuf.f_blocks.set(space[0] / Attrs.BLOCK);
    stbuf.f_bfree.set(space[1] / Attrs.BLOCK);
    stbuf.f_bavail.set(space[1] / Attrs.BLOCK);
    // libjfs reports no inode counts; JuiceFS has no fixed limit.
    stbuf.f_files.set(1L << 30);
    stbuf.f_ffree.set(1L << 30);
    stbuf.f_favail.set(1L << 30);
    stbuf.f_namemax.set(DrivePath.MAX_NAME_BYTES);
    return 0;
  }

  /** Returns whether a path is a symlink: libjfs's attribute calls follow one, but a link has none of its own. */
  private boolean isSymlink(String path) {
    PosixAttr a = attrs.get();
    return volume.lstat(path, a) == 0 && a.isSymlink();
  }

  @Override
  public int setxattr(String path, String name, Pointer value, @size_t long size, int flags) {
    if (name.equals(CAPABILITY) || name.startsWith("system.")) {
      return -ErrorCodes.EOPNOTSUPP();
    }
    // Linux allows no user attributes on a symlink.
    return isSymlink(path) ? -ErrorCodes.EPERM() : volume.setXattr(path, name, value, (int) size, flags);
  }

  @Override
  public int getxattr(String path, String name, Pointer value, @size_t long size) {
    // The kernel asks for file capabilities before every write; the drive stores none, so it need not look.
    if (name.equals(CAPABILITY) || name.startsWith("system.")) {
      return -ErrorCodes.ENODATA();
    }
    return isSymlink(path) ? -ErrorCodes.ENODATA() : volume.getXattr(path, name, value, (int) size);
  }

  @Override
  public int listxattr(String path, Pointer list, @size_t long size) {
    return isSymlink(path) ? 0 : volume.listXattr(path, list, (int) size);
  }

  @Override
  public int removexattr(String path, String name) {
    return isSymlink(path) ? -ErrorCodes.ENODATA() : volume.removeXattr(path, name);
  }

  /** Gives a new entry the caller's owner and group (the directory's group if it is set-group-ID). */
  private int ownByCaller(String path) {
    FuseContext ctx = getContext();
    long uid = ctx.uid.get();
    long gid = ctx.gid.get();
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
