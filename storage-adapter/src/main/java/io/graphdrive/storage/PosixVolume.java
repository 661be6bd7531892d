package io.graphdrive.storage;

import io.juicefs.JuiceFileSystemImpl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The POSIX calls of a JuiceFS volume, made straight to libjfs (the native library under the Hadoop SDK) as the
 * superuser, for a FUSE mount that lets the kernel check permissions. Paths are absolute volume paths as the kernel
 * passes them; every call returns 0 or a count on success and a negative Linux errno on failure, which is what FUSE
 * wants back, so the mapping from libjfs's codes is the identity. Thread-safe; a file descriptor is not: one
 * thread at a time per descriptor.
 */
public final class PosixVolume implements AutoCloseable {
  /** The access mask for reading, for {@link #open}. */
  public static final int READ = 4;
  /** The access mask for writing, for {@link #open}. */
  public static final int WRITE = 2;
  public static final int EEXIST = -17;
  public static final int ENOTDIR = -20;
  public static final int EISDIR = -21;
  private static final int ERANGE = -34;
  private static final int STAT_BYTES = 130;
  private static final int LIST_BYTES = 32 << 10;
  private static final int XATTR_BYTES = (64 << 10) + 1;
  private static final int SEEK_SET = 0;
  private static final int SEEK_END = 2;
  // FIFOs, sockets and device files are empty regular files carrying this attribute (their type bits as 4 bytes,
  // then a device's number as 8): libjfs has no mknod. No program can read or set it through FUSE, since the kernel
  // passes only names in its namespaces (user., trusted., ...).
  private static final String NODE = "graphdrive.node";
  private static final int NODE_BYTES = 12;
  private static final int PLAIN_EMPTY_MAX = 10_000;
  // Names libjfs reports for ids: the superuser (uid and gid 0) by this name, every other id by its number.
  private static final String SUPERUSER = "root";

  private final Binding lib;
  private final Runtime runtime;
  private final long handle;
  private final Set<Long> namedUids = ConcurrentHashMap.newKeySet();
  private final Set<Long> namedGids = ConcurrentHashMap.newKeySet();
  // Empty regular files known to carry no node mark, by path, with the modification time they had then: otherwise
  // every stat of an empty file costs a second metadata call. A node made there later has another time.
  private final Map<String, Long> plainEmpty = new ConcurrentHashMap<>();
  private final ThreadLocal<Pointer> statBuffer;
  private final ThreadLocal<Pointer> listBuffer;
  private final ThreadLocal<Pointer> xattrBuffer;

  private PosixVolume(Binding lib, long handle) {
    this.lib = lib;
    this.runtime = Runtime.getRuntime(lib);
    this.handle = handle;
    this.statBuffer = ThreadLocal.withInitial(() -> Memory.allocateDirect(runtime, STAT_BYTES));
    this.listBuffer = ThreadLocal.withInitial(() -> Memory.allocateDirect(runtime, LIST_BYTES));
    this.xattrBuffer = ThreadLocal.withInitial(() -> Memory.allocateDirect(runtime, XATTR_BYTES));
  }

  /** Starts a superuser session on a volume the SDK has opened in this process (libjfs then shares its engine). */
  static PosixVolume open(String volume, String metaUrl) throws IOException {
    JuiceFileSystemImpl.loadLibrary();
    Binding lib = LibraryLoader.create(Binding.class).failImmediately().load(loadedLibrary());
    String conf = "{\"meta\":\"" + metaUrl.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"bucket\":\"\","
        + "\"cacheDir\":\"memory\",\"cacheSize\":100,\"freeSpace\":\"0.1\",\"autoCreate\":true,"
        + "\"cacheFullBlock\":true,\"maxUploads\":20,\"maxDeletes\":2,\"ioRetries\":10,\"getTimeout\":5,"
        + "\"putTimeout\":60,\"memorySize\":300,\"prefetch\":1,\"heartbeat\":12,\"fastResolve\":true,"
        + "\"noUsageReport\":true,\"backupMeta\":3600}";
    long h = lib.jfs_init(volume, conf, SUPERUSER, SUPERUSER, SUPERUSER, SUPERUSER);
    if (h <= 0) {
      throw new IOException("libjfs could not start a session on volume " + volume + " (it logs why on stderr)");
    }
    PosixVolume v = new PosixVolume(lib, h);
    v.nameLocalIds();
    return v;
  }

  /** Returns the path of the libjfs file the SDK loaded, so that this binding shares its Go runtime. */
  private static String loadedLibrary() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1)) {
      int at = line.indexOf('/');
      if (at >= 0 && line.contains("libjfs")) {
        return line.substring(at);
      }
    }
    throw new IOException("libjfs is not loaded in this process");
  }

  /**
   * Makes libjfs name every id of /etc/passwd and /etc/group by its number, since its owner calls take names and it
   * would otherwise report those ids by their local names and map unknown names to hashes.
   */
  private void nameLocalIds() throws IOException {
    StringBuilder users = new StringBuilder("root:0\n");
    StringBuilder groups = new StringBuilder("root:0\n");
    for (String[] f : idFields("/etc/passwd")) {
      users.append(f[2]).append(':').append(f[2]).append('\n');
      namedUids.add(Long.parseLong(f[2]));
    }
    for (String[] f : idFields("/etc/group")) {
      groups.append(f[2]).append(':').append(f[2]).append('\n');
      namedGids.add(Long.parseLong(f[2]));
    }
    lib.jfs_update_uid_grouping(handle, users.toString(), groups.toString());
  }

  /** Returns the colon-separated lines of an id file whose third field is a number. */
  private static Iterable<String[]> idFields(String file) throws IOException {
    Path p = Path.of(file);
    if (!Files.exists(p)) {
      return List.of();
    }
    return Files.readAllLines(p).stream().map(l -> l.split(":"))
        .filter(f -> f.length > 2 && !f[2].isEmpty() && f[2].chars().allMatch(Character::isDigit))
        .toList();
  }

  /** Fills {@code into} with what the volume knows about a path, not following a last symlink. */
  public int lstat(String path, PosixAttr into) {
    return lstat(path, into, true);
  }

  /**
   * Fills {@code into} like {@link #lstat(String, PosixAttr)}, but for a path known to be no special node (a file
   * open for reading or writing), without looking for their mark: one metadata call less for an empty file.
   */
  public int lstatPlain(String path, PosixAttr into) {
    return lstat(path, into, false);
  }

  private int lstat(String path, PosixAttr into, boolean mayBeMarked) {
    Pointer buf = statBuffer.get();
    int r = lib.jfs_lstat1(pid(), handle, path, buf);
    if (r < 0) {
      return r;
    }
    into.fill(buf);
    if (into.size() != 0 || !into.isRegular()) {
      return 0;
    }
    Long plainAt = plainEmpty.get(path);
    if (plainAt != null && plainAt == into.mtimeMillis()) {
      return 0;
    }
    Pointer value = xattrBuffer.get();
    if (mayBeMarked && lib.jfs_getXattr(pid(), handle, path, NODE, value, XATTR_BYTES) == NODE_BYTES) {
      into.setNode(value.getInt(0), value.getLongLong(4));
    } else {
      if (plainEmpty.size() >= PLAIN_EMPTY_MAX) {
        plainEmpty.clear();
      }
      plainEmpty.put(path, into.mtimeMillis());
    }
    return 0;
  }

  /**
   * Makes a FIFO, socket, character or block device ({@code mode}'s type bits) with {@code mode}'s permission bits
   * and device number {@code rdev}, as a marked empty file.
   */
  public int mknod(String path, int mode, long rdev) {
    int fd = create(path, mode);
    if (fd < 0) {
      return fd;
    }
    close(fd);
    Pointer value = xattrBuffer.get();
    value.putInt(0, mode & 0170000);
    value.putLongLong(4, rdev);
    int r = lib.jfs_setXattr(pid(), handle, path, NODE, value, NODE_BYTES, 0);
    plainEmpty.remove(path);
    if (r < 0) {
      delete(path);
    }
    return r;
  }

  /** Opens a file with the {@link #READ}/{@link #WRITE} mask; returns a descriptor. */
  public int open(String path, int mask) {
    return lib.jfs_open(pid(), handle, path, mask);
  }

  /** Creates a file that must not exist yet, with permission bits {@code mode}; returns a descriptor. */
  public int create(String path, int mode) {
    return lib.jfs_create(pid(), handle, path, mode & 07777);
  }

  /** Reads up to {@code count} bytes at {@code offset} into native memory; returns the bytes read, 0 at the end. */
  public int pread(int fd, Pointer buf, long count, long offset) {
    return lib.jfs_pread(pid(), fd, buf, count, offset);
  }

  /** Writes {@code count} bytes from native memory at {@code offset}; JuiceFS buffers and slices them itself. */
  public int pwrite(int fd, Pointer buf, long count, long offset) {
    long pid = pid();
    long at = lib.jfs_lseek(pid, fd, offset, SEEK_SET);
    return at < 0 ? (int) at : lib.jfs_write(pid, fd, buf, count);
  }

  /** Returns the length of an open file as its descriptor sees it, counting writes not flushed yet. */
  public long size(int fd) {
    return lib.jfs_lseek(pid(), fd, 0, SEEK_END);
  }

  /** Commits a descriptor's buffered writes, so that other sessions see them. */
  public int flush(int fd) {
    return lib.jfs_flush(pid(), fd);
  }

  /** Commits a descriptor's buffered writes and waits until they are stored. */
  public int fsync(int fd) {
    return lib.jfs_fsync(pid(), fd);
  }

  /** Flushes and closes a descriptor. */
  public int close(int fd) {
    return lib.jfs_close(pid(), fd);
  }

  /** Cuts or extends (with a hole) a file, following a last symlink. */
  public int truncate(String path, long length) {
    return lib.jfs_truncate(pid(), handle, path, length);
  }

  /** Removes a file, symlink or empty directory. */
  public int delete(String path) {
    return lib.jfs_delete(pid(), handle, path);
  }

  /** Makes a directory with permission bits {@code mode}. */
  public int mkdir(String path, int mode) {
    return lib.jfs_mkdir(pid(), handle, path, mode & 07777);
  }

  /** Moves a file or directory; an existing target is {@link #EEXIST}, libjfs never replaces one. */
  public int rename(String from, String to) {
    return lib.jfs_rename(pid(), handle, from, to);
  }

  /** Makes a symlink at {@code link} holding {@code target} as given. */
  public int symlink(String target, String link) {
    // libjfs rewrites an absolute target relative to the link's directory unless one of the two paths is relative
    // (Go's filepath.Rel fails then); it resolves a link path without the leading slash from the root all the same.
    return lib.jfs_symlink(pid(), handle, target, target.startsWith("/") ? link.substring(1) : link);
  }

  /** Copies a symlink's target, NUL-terminated and cut to {@code size - 1} bytes, into {@code buf}. */
  public int readlink(String path, Pointer buf, int size) {
    int r = lib.jfs_readlink(pid(), handle, path, buf, size);
    return Math.min(r, 0);
  }

  /** Sets the permission bits (07777) of a path, following a last symlink. */
  public int chmod(String path, int mode) {
    return lib.jfs_chmod(pid(), handle, path, mode & 07777);
  }

  /** Sets the owner and group ids of a path, following a last symlink; -1 keeps one. */
  public int chown(String path, long uid, long gid) {
    String owner = uid == -1 ? "" : name(uid, namedUids, true);
    String group = gid == -1 ? "" : name(gid, namedGids, false);
    return lib.jfs_setOwner(pid(), handle, path, owner, group);
  }

  /** Returns libjfs's name of an id, teaching it the numeric name first if it has not seen the id. */
  private String name(long id, Set<Long> named, boolean user) {
    if (id == 0) {
      return SUPERUSER;
    }
    String name = Long.toString(id);
    if (named.add(id)) {
      String line = name + ":" + name;
      lib.jfs_update_uid_grouping(handle, user ? line : "", user ? "" : line);
    }
    return name;
  }

  /** Sets times in milliseconds since the epoch, following a last symlink; -1 keeps one. */
  public int utime(String path, long mtimeMillis, long atimeMillis) {
    return lib.jfs_utime(pid(), handle, path, mtimeMillis, atimeMillis);
  }

  /** Fills {@code into} with the volume's total and available bytes. */
  public int statvfs(long[] into) {
    Pointer buf = statBuffer.get();
    int r = lib.jfs_statvfs(pid(), handle, buf);
    if (r == 0) {
      into[0] = buf.getLongLong(0);
      into[1] = buf.getLongLong(8);
    }
    return r;
  }

  /** Hands each name in a directory to {@code sink} until it returns false. */
  public int list(String dir, Predicate<String> sink) {
    long pid = pid();
    Pointer buf = listBuffer.get();
    int r = lib.jfs_listdir(pid, handle, dir, 0, buf, LIST_BYTES);
    int seen = 0;
    while (r >= 0) {
      // Entries: name length (1 byte), name, stat length (1 byte), stat; then 0, or the count left and a descriptor.
      int at = 0;
      while (at < r) {
        int len = buf.getByte(at) & 0xff;
        byte[] name = new byte[len];
        buf.get(at + 1, name, 0, len);
        at += 1 + len;
        at += 1 + (buf.getByte(at) & 0xff);
        seen++;
        if (!sink.test(new String(name, StandardCharsets.UTF_8))) {
          if (buf.getInt(r) != 0) {
            lib.jfs_close(pid, buf.getInt(r + 4));
          }
          return 0;
        }
      }
      if (buf.getInt(r) == 0) {
        return 0;
      }
      r = lib.jfs_listdir(pid, buf.getInt(r + 4), dir, seen, buf, LIST_BYTES);
    }
    return r;
  }

  /** Sets an extended attribute; {@code flags} are setxattr's XATTR_CREATE (1) and XATTR_REPLACE (2). */
  public int setXattr(String path, String name, Pointer value, int size, int flags) {
    return lib.jfs_setXattr(pid(), handle, path, name, value, size, flags);
  }

  /** Copies an extended attribute into {@code buf}, or with {@code size} 0 returns its length only. */
  public int getXattr(String path, String name, Pointer buf, int size) {
    Pointer scratch = xattrBuffer.get();
    return copyOut(lib.jfs_getXattr(pid(), handle, path, name, scratch, XATTR_BYTES), scratch, buf, size);
  }

  /** Copies the NUL-separated names of a path's extended attributes, or with {@code size} 0 returns their length. */
  public int listXattr(String path, Pointer buf, int size) {
    Pointer scratch = xattrBuffer.get();
    int r = lib.jfs_listXattr(pid(), handle, path, scratch, XATTR_BYTES);
    return copyOut(r < 0 ? r : withoutNode(scratch, r), scratch, buf, size);
  }

  /** Drops the node marker from NUL-terminated names in place; returns the new length. */
  private static int withoutNode(Pointer names, int length) {
    int kept = 0;
    int start = 0;
    while (start < length) {
      int end = start;
      while (end < length && names.getByte(end) != 0) {
        end++;
      }
      int next = Math.min(end + 1, length);
      if (!isNode(names, start, end)) {
        for (int i = start; i < next; i++) {
          names.putByte(kept++, names.getByte(i));
        }
      }
      start = next;
    }
    return kept;
  }

  private static boolean isNode(Pointer names, int start, int end) {
    if (end - start != NODE.length()) {
      return false;
    }
    for (int i = 0; i < NODE.length(); i++) {
      if (names.getByte(start + i) != NODE.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Removes an extended attribute. */
  public int removeXattr(String path, String name) {
    return lib.jfs_removeXattr(pid(), handle, path, name);
  }

  /** Applies getxattr's size rules to a value libjfs wrote into scratch memory (it never answers ERANGE itself). */
  private static int copyOut(int r, Pointer scratch, Pointer buf, int size) {
    if (r < 0 || size == 0) {
      return r;
    }
    if (r > size) {
      return ERANGE;
    }
    scratch.transferTo(0, buf, 0, r);
    return r;
  }

  /** Ends this session (the engine stays for the SDK). */
  public void close() {
    lib.jfs_term(pid(), handle);
  }

  private static long pid() {
    return Thread.currentThread().getId();
  }

  /** libjfs's exported functions (public only because JNR implements it in its own class loader). */
  public interface Binding {
    long jfs_init(String name, String jsonConf, String user, String group, String superuser, String supergroup);

    void jfs_update_uid_grouping(long h, String uidstr, String grouping);

    int jfs_term(long pid, long h);

    int jfs_open(long pid, long h, String path, int flags);

    long jfs_lseek(long pid, int fd, long offset, int whence);

    int jfs_pread(long pid, int fd, Pointer buf, long count, long offset);

    int jfs_write(long pid, int fd, Pointer buf, long count);

    int jfs_flush(long pid, int fd);

    int jfs_fsync(long pid, int fd);

    int jfs_close(long pid, int fd);

    int jfs_create(long pid, long h, String path, int mode);

    int jfs_truncate(long pid, long h, String path, long length);

    int jfs_delete(long pid, long h, String path);

    int jfs_mkdir(long pid, long h, String path, int mode);

    int jfs_rename(long pid, long h, String from, String to);

    int jfs_symlink(long pid, long h, String target, String link);

    int jfs_readlink(long pid, long h, String link, Pointer buf, int size);

    int jfs_lstat1(long pid, long h, String path, Pointer buf);

    int jfs_statvfs(long pid, long h, Pointer buf);

    int jfs_chmod(long pid, long h, String path, int mode);

    int jfs_setOwner(long pid, long h, String path, String owner, String group);

    int jfs_utime(long pid, long h, String path, long mtime, long atime);

    int jfs_listdir(long pid, long h, String path, int offset, Pointer buf, int size);

    int jfs_setXattr(long pid, long h, String path, String name, Pointer value, int vlen, int mode);

    int jfs_getXattr(long pid, long h, String path, String name, Pointer buf, int size);

    int jfs_listXattr(long pid, long h, String path, Pointer buf, int size);

    int jfs_removeXattr(long pid, long h, String path, String name);
  }
}
