package io.graphdrive.mount;

import io.graphdrive.common.DrivePath;
import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.storage.FileStat;
import io.graphdrive.storage.JuiceStorage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jnr.ffi.Pointer;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/** The drive as a FUSE file system over JuiceStorage, reporting every change to an event consumer. */
final class DriveFs extends FuseStubFS {
  static final Logger LOG = LoggerFactory.getLogger(DriveFs.class);
  private static final int O_ACCMODE = 3;
  private static final int O_TRUNC = 01000;
  private static final int O_APPEND = 02000;
  private static final long UTIME_NOW = (1L << 30) - 1;
  private static final long UTIME_OMIT = (1L << 30) - 2;
  private static final int BLOCK = 4096;

  private final JuiceStorage storage;
  private final Path cacheDir;
  private final Consumer<Event> events;
  private final Map<Long, Handle> handles = new ConcurrentHashMap<>();
  private final AtomicLong nextHandle = new AtomicLong(1);
  /** Spills of open files by drive path; this map's lock guards every spill's path, refs and deleted. */
  private final Map<String, Spill> spills = new HashMap<>();

  DriveFs(JuiceStorage storage, Path cacheDir, Consumer<Event> events) {
    this.storage = storage;
    this.cacheDir = cacheDir;
    this.events = events;
  }

  @Override
  public int getattr(String path, ru.serce.jnrfuse.struct.FileStat stat) {
    try {
      String p = DrivePath.normalize(path);
      Optional<FileStat> st = storage.stat(p);
      if (st.isEmpty()) {
        return -ErrorCodes.ENOENT();
      }
      Spill spill = liveSpill(p);
      fill(stat, st.get(), spill == null ? st.get().size() : spill.size());
      return 0;
    } catch (Exception e) {
      return errno("getattr", path, e);
    }
  }

  @Override
  public int fgetattr(String path, ru.serce.jnrfuse.struct.FileStat stat, FuseFileInfo fi) {
    Handle h = handles.get(fi.fh.get());
    if (h == null || h.spill == null) {
      return getattr(path, stat);
    }
    try {
      // An unlinked file stays readable through its handles (libfuse then passes no path): stat its spill.
      FileStat unlinked = new FileStat("/", false, 0, System.currentTimeMillis(), 0644);
      FileStat st = path == null ? unlinked : storage.stat(DrivePath.normalize(path)).orElse(unlinked);
      fill(stat, st, h.spill.size());
      return 0;
    } catch (Exception e) {
      return errno("fgetattr", path, e);
    }
  }

  @Override
  public int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
    try {
      List<FileStat> entries = storage.list(DrivePath.normalize(path));
      filter.apply(buf, ".", null, 0);
      filter.apply(buf, "..", null, 0);
      for (FileStat e : entries) {
        if (filter.apply(buf, DrivePath.name(e.path()), null, 0) != 0) {
          break;
        }
      }
      return 0;
    } catch (Exception e) {
      return errno("readdir", path, e);
    }
  }

  @Override
  public int mkdir(String path, long mode) {
    try {
      String p = DrivePath.normalize(path);
      if (storage.stat(p).isPresent()) {
        return -ErrorCodes.EEXIST();
      }
      storage.mkdirs(p);
      if ((mode & 07777) != 0755) {
        storage.setMode(p, (int) mode);
      }
      emit(EventType.CREATED, p, null);
      return 0;
    } catch (Exception e) {
      return errno("mkdir", path, e);
    }
  }

  @Override
  public int rmdir(String path) {
    try {
      String p = DrivePath.normalize(path);
      FileStat st = storage.stat(p).orElseThrow(() -> new FileNotFoundException(p));
      if (!st.directory()) {
        return -ErrorCodes.ENOTDIR();
      }
      if (!storage.list(p).isEmpty()) {
        return -ErrorCodes.ENOTEMPTY();
      }
      storage.delete(p, false);
      emit(EventType.DELETED, p, null);
      return 0;
    } catch (Exception e) {
      return errno("rmdir", path, e);
    }
  }

  @Override
  public int unlink(String path) {
    try {
      String p = DrivePath.normalize(path);
      FileStat st = storage.stat(p).orElseThrow(() -> new FileNotFoundException(p));
      if (st.directory()) {
        return -ErrorCodes.EISDIR();
      }
      storage.delete(p, false);
      synchronized (spills) {
        Spill spill = spills.remove(p);
        if (spill != null) {
          spill.deleted = true;
        }
      }
      emit(EventType.DELETED, p, null);
      return 0;
    } catch (Exception e) {
      return errno("unlink", path, e);
    }
  }

  @Override
  public int create(String path, long mode, FuseFileInfo fi) {
    try {
      String p = DrivePath.normalize(path);
      // An empty file right away, so that listings, renames and unlinks of the open file see it.
      storage.create(p).close();
      if ((mode & 07777) != 0644) {
        storage.setMode(p, (int) mode);
      }
      Spill spill = Spill.open(cacheDir, storage, p, 0, true);
      synchronized (spills) {
        Spill old = spills.put(p, spill);
        if (old != null) {
          old.deleted = true;
        }
        spill.refs = 1;
      }
      fi.fh.set(register(new Handle(spill, (fi.flags.get() & O_APPEND) != 0)));
      return 0;
    } catch (Exception e) {
      return errno("create", path, e);
    }
  }

  @Override
  public int open(String path, FuseFileInfo fi) {
    try {
      String p = DrivePath.normalize(path);
      int flags = fi.flags.get();
      FileStat st = storage.stat(p).orElseThrow(() -> new FileNotFoundException(p));
      if (st.directory()) {
        return -ErrorCodes.EISDIR();
      }
      if ((flags & O_ACCMODE) == 0) {
        fi.fh.set(register(new Handle(null, false)));
        return 0;
      }
      boolean trunc = (flags & O_TRUNC) != 0;
      Spill spill = acquire(p, trunc ? 0 : Long.MAX_VALUE);
      if (trunc) {
        spill.truncate(0);
      }
      fi.fh.set(register(new Handle(spill, (flags & O_APPEND) != 0)));
      return 0;
    } catch (Exception e) {
      return errno("open", path, e);
    }
  }

  @Override
  public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    try {
      Handle h = handles.get(fi.fh.get());
      if (h == null) {
        return -ErrorCodes.EBADF();
      }
      byte[] bytes = new byte[(int) size];
      int n;
      if (h.spill != null) {
        n = h.spill.read(ByteBuffer.wrap(bytes), offset);
      } else {
        String p = DrivePath.normalize(path);
        Spill spill = liveSpill(p);
        n = spill != null
            ? spill.read(ByteBuffer.wrap(bytes), offset)
            : h.readStored(storage, p, bytes, bytes.length, offset);
      }
      buf.put(0, bytes, 0, n);
      return n;
    } catch (Exception e) {
      return errno("read", path, e);
    }
  }

  @Override
  public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    try {
      Handle h = handles.get(fi.fh.get());
      if (h == null || h.spill == null) {
        return -ErrorCodes.EBADF();
      }
      byte[] bytes = new byte[(int) size];
      buf.get(0, bytes, 0, bytes.length);
      h.spill.write(ByteBuffer.wrap(bytes), offset, h.append);
      return (int) size;
    } catch (Exception e) {
      return errno("write", path, e);
    }
  }

  @Override
  public int truncate(String path, @off_t long size) {
    try {
      String p = DrivePath.normalize(path);
      FileStat st = storage.stat(p).orElseThrow(() -> new FileNotFoundException(p));
      if (st.directory()) {
        return -ErrorCodes.EISDIR();
      }
      Spill spill = acquire(p, size);
      try {
        spill.truncate(size);
      } finally {
        releaseSpill(spill);
      }
      return 0;
    } catch (Exception e) {
      return errno("truncate", path, e);
    }
  }

  @Override
  public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
    Handle h = handles.get(fi.fh.get());
    if (h == null || h.spill == null) {
      return truncate(path, size);
    }
    try {
      h.spill.truncate(size);
      return 0;
    } catch (Exception e) {
      return errno("ftruncate", path, e);
    }
  }

  @Override
  public int flush(String path, FuseFileInfo fi) {
    return sync("flush", path, fi);
  }

  @Override
  public int fsync(String path, int isdatasync, FuseFileInfo fi) {
    return sync("fsync", path, fi);
  }

  @Override
  public int release(String path, FuseFileInfo fi) {
    Handle h = handles.remove(fi.fh.get());
    if (h == null) {
      return 0;
    }
    try {
      h.closeStream();
      if (h.spill != null) {
        releaseSpill(h.spill);
      }
      return 0;
    } catch (Exception e) {
      return errno("release", path, e);
    }
  }

  @Override
  public int rename(String oldpath, String newpath) {
    try {
      String from = DrivePath.normalize(oldpath);
      String to = DrivePath.normalize(newpath);
      FileStat src = storage.stat(from).orElseThrow(() -> new FileNotFoundException(from));
      Optional<FileStat> dst = storage.stat(to);
      if (dst.isPresent() && !from.equals(to)) {
        if (dst.get().directory()) {
          if (!src.directory()) {
            return -ErrorCodes.EISDIR();
          }
          if (!storage.list(to).isEmpty()) {
            return -ErrorCodes.ENOTEMPTY();
          }
          storage.delete(to, false);
        } else if (src.directory()) {
          return -ErrorCodes.ENOTDIR();
        }
      }
      storage.rename(from, to);
      moveSpills(from, to);
      emit(EventType.MOVED, to, from);
      return 0;
    } catch (Exception e) {
      return errno("rename", oldpath + " -> " + newpath, e);
    }
  }

  @Override
  public int utimens(String path, Timespec[] timespec) {
    try {
      String p = DrivePath.normalize(path);
      long nsec = timespec[1].tv_nsec.longValue();
      if (nsec == UTIME_OMIT) {
        return 0;
      }
      long millis = nsec == UTIME_NOW
          ? System.currentTimeMillis()
          : timespec[1].tv_sec.get() * 1000 + nsec / 1_000_000;
      storage.setModified(p, millis);
      Spill spill = liveSpill(p);
      if (spill != null) {
        spill.modifiedAt(millis);
      }
      return 0;
    } catch (Exception e) {
      return errno("utimens", path, e);
    }
  }

  @Override
  public int chmod(String path, long mode) {
    try {
      storage.setMode(DrivePath.normalize(path), (int) mode);
      return 0;
    } catch (Exception e) {
      return errno("chmod", path, e);
    }
  }

  /** Accepts any owner: the drive has one, whoever mounted it. */
  @Override
  public int chown(String path, long uid, long gid) {
    return 0;
  }

  @Override
  public int statfs(String path, Statvfs stbuf) {
    try {
      JuiceStorage.Usage usage = storage.usage();
      long blocks = usage.capacityBytes() / BLOCK;
      long free = Math.max(0, blocks - usage.usedBytes() / BLOCK);
      stbuf.f_bsize.set(BLOCK);
      stbuf.f_frsize.set(BLOCK);
      stbuf.f_blocks.set(blocks);
      stbuf.f_bfree.set(free);
      stbuf.f_bavail.set(free);
      stbuf.f_files.set(1L << 30);
      stbuf.f_ffree.set(1L << 30);
      stbuf.f_favail.set(1L << 30);
      stbuf.f_namemax.set(DrivePath.MAX_NAME_BYTES);
      return 0;
    } catch (Exception e) {
      return errno("statfs", path, e);
    }
  }

  /** Uploads the handle's spill if it changed since the last upload. */
  private int sync(String op, String path, FuseFileInfo fi) {
    Handle h = handles.get(fi.fh.get());
    if (h == null || h.spill == null) {
      return 0;
    }
    try {
      upload(h.spill);
      return 0;
    } catch (Exception e) {
      return errno(op, path, e);
    }
  }

  /** Uploads a spill under its current path unless its file was deleted meanwhile. */
  private void upload(Spill spill) throws IOException {
    String target;
    synchronized (spills) {
      if (spill.deleted) {
        return;
      }
      target = spill.path;
    }
    spill.upload(storage, target);
  }

  /** Returns the path's spill with one more reference, making it from storage (up to {@code copyBytes}) if needed. */
  private Spill acquire(String p, long copyBytes) throws IOException {
    synchronized (spills) {
      Spill spill = spills.get(p);
      if (spill != null) {
        spill.refs++;
        return spill;
      }
    }
    Spill made = Spill.open(cacheDir, storage, p, copyBytes, false);
    synchronized (spills) {
      Spill raced = spills.get(p);
      if (raced != null) {
        raced.refs++;
        made.close();
        return raced;
      }
      spills.put(p, made);
      made.refs = 1;
      return made;
    }
  }

  /** Drops one reference; the last one uploads the content, reports the change and removes the local copy. */
  private void releaseSpill(Spill spill) throws IOException {
    synchronized (spills) {
      if (--spill.refs > 0) {
        return;
      }
    }
    // Still in the map while uploading, so an open meanwhile shares it instead of reading a half-written file.
    upload(spill);
    String path;
    boolean deleted;
    synchronized (spills) {
      if (spill.refs > 0) {
        return;
      }
      if (spills.get(spill.path) == spill) {
        spills.remove(spill.path);
      }
      path = spill.path;
      deleted = spill.deleted;
    }
    spill.close();
    if (!deleted && spill.created()) {
      emit(EventType.CREATED, path, null);
    } else if (!deleted && spill.changed()) {
      emit(EventType.MODIFIED, path, null);
    }
  }

  /** Returns the spill of a path open for writing, or null. */
  private Spill liveSpill(String p) {
    synchronized (spills) {
      return spills.get(p);
    }
  }

  /** Moves the spills of a renamed file or directory tree to their new paths; one at the target is replaced. */
  private void moveSpills(String from, String to) {
    synchronized (spills) {
      Spill replaced = spills.remove(to);
      if (replaced != null) {
        replaced.deleted = true;
      }
      List<String> moved = new ArrayList<>();
      for (String p : spills.keySet()) {
        if (p.equals(from) || p.startsWith(from + "/")) {
          moved.add(p);
        }
      }
      for (String p : moved) {
        Spill spill = spills.remove(p);
        spill.path = to + p.substring(from.length());
        spills.put(spill.path, spill);
      }
    }
  }

  /** Registers a handle and returns its number. */
  private long register(Handle h) {
    long fh = nextHandle.getAndIncrement();
    handles.put(fh, h);
    return fh;
  }

  /** Hands an event to the consumer; a failing consumer never fails the file operation. */
  private void emit(EventType type, String path, String from) {
    try {
      events.accept(new Event(type, path, from));
    } catch (RuntimeException e) {
      LOG.warn("event {} {} not recorded: {}", type, path, e.toString());
    }
  }

  /** Fills a FUSE stat from storage's record with the given size. */
  private void fill(ru.serce.jnrfuse.struct.FileStat stat, FileStat st, long size) {
    int type = st.directory() ? ru.serce.jnrfuse.struct.FileStat.S_IFDIR : ru.serce.jnrfuse.struct.FileStat.S_IFREG;
    stat.st_mode.set(type | (st.mode() == 0 ? (st.directory() ? 0755 : 0644) : st.mode()));
    stat.st_nlink.set(st.directory() ? 2 : 1);
    stat.st_size.set(size);
    stat.st_blksize.set(BLOCK);
    stat.st_blocks.set((size + 511) / 512);
    stat.st_uid.set(getContext().uid.get());
    stat.st_gid.set(getContext().gid.get());
    long sec = Math.floorDiv(st.modifiedMillis(), 1000);
    long nsec = Math.floorMod(st.modifiedMillis(), 1000) * 1_000_000L;
    for (Timespec t : new Timespec[] {stat.st_mtim, stat.st_ctim, stat.st_atim}) {
      t.tv_sec.set(sec);
      t.tv_nsec.set(nsec);
    }
  }

  /** Maps a failure to a negative errno, logging what is not a plain user error. */
  private static int errno(String op, String path, Exception e) {
    if (e instanceof FileNotFoundException) {
      return -ErrorCodes.ENOENT();
    }
    if (e instanceof FileAlreadyExistsException) {
      return -ErrorCodes.EEXIST();
    }
    if (e instanceof IllegalArgumentException) {
      LOG.info("{} {}: {}", op, path, e.getMessage());
      return -ErrorCodes.EINVAL();
    }
    LOG.warn("{} {} failed", op, path, e);
    return -ErrorCodes.EIO();
  }
}
