package io.graphdrive.storage;

import io.graphdrive.common.Config;
import io.graphdrive.common.DrivePath;
import io.juicefs.JuiceFileSystemImpl;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FsStatus;
import org.apache.hadoop.fs.permission.FsPermission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GraphDrive's file storage: a JuiceFS volume reached through the JuiceFS Hadoop SDK, addressed by drive paths.
 * Thread-safe; reads and writes stream.
 */
public final class JuiceStorage implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(JuiceStorage.class);
  private static final int BUFFER_BYTES = 128 * 1024;

  // libjfs keeps one file system per volume name for the life of the process, even after close, and hands
  // it to every later open of that name whatever its metadata URL: remember which URL each name means.
  private static final Map<String, String> OPENED = new HashMap<>();

  private final FileSystem fs;
  private final String volume;
  private final String metaUrl;

  private JuiceStorage(FileSystem fs, String volume, String metaUrl) {
    this.fs = fs;
    this.volume = volume;
    this.metaUrl = metaUrl;
  }

  /**
   * Opens the volume the settings name, formatting it first if it is a new SQLite or Redis one.
   *
   * @throws IOException if the volume cannot be formatted or opened
   */
  public static JuiceStorage open(Config config) throws IOException {
    String volume = config.juicefsVolume();
    MetaUrl meta = MetaUrl.parse(config.juicefsMeta());
    synchronized (OPENED) {
      String earlier = OPENED.get(volume);
      if (earlier != null && !earlier.equals(meta.forSdk())) {
        throw new IOException("JuiceFS volume '" + volume + "' was already opened in this process with metadata "
            + MetaUrl.parse(earlier).redacted() + "; libjfs allows one metadata URL per volume name and process");
      }
      Optional<Path> sqlite = meta.sqliteFile();
      // Only before libjfs holds the database in this process: the formatter's SQLite library shares the
      // process's POSIX locks with libjfs's, so closing its connection would checkpoint and delete the
      // write-ahead log under libjfs and leave the database malformed.
      if (earlier == null && sqlite.isPresent()) {
        VolumeFormatter.ensureFormatted(sqlite.get(), volume, ObjectStore.of(config));
      } else if (earlier == null && meta.isRedis()) {
        VolumeFormatter.ensureFormattedRedis(meta.forSdk(), volume, ObjectStore.of(config));
      }
      FileSystem fs = initialize(volume, meta, sqlite.isPresent() || meta.isRedis());
      OPENED.put(volume, meta.forSdk());
      LOG.info("opened JuiceFS volume {} with metadata {}", volume, meta.redacted());
      return new JuiceStorage(fs, volume, meta.forSdk());
    }
  }

  /** Starts a libjfs session on the volume through the SDK's FileSystem. */
  private static FileSystem initialize(String volume, MetaUrl meta, boolean formatted) throws IOException {
    Configuration conf = new Configuration();
    conf.set("juicefs.meta", meta.forSdk());
    conf.set("juicefs.cache-dir", "memory");
    conf.set("juicefs.no-usage-report", "true");
    // The Impl directly, not its JuiceFileSystem wrapper: the wrapper opens a second session as user "hdfs"
    // only to run Hadoop's trash emptier, which GraphDrive does not use.
    FileSystem fs = new JuiceFileSystemImpl();
    try {
      fs.initialize(URI.create("jfs://" + volume + "/"), conf);
      return fs;
    } catch (IOException e) {
      fs.close();
      String hint = formatted
          ? ""
          : "; if the volume is new, format it first with `juicefs format " + meta.redacted() + " " + volume
              + "` (GraphDrive formats sqlite3 and Redis volumes itself)";
      throw new IOException("cannot open JuiceFS volume '" + volume + "' with metadata " + meta.redacted()
          + " (libjfs logs the cause on stderr)" + hint, e);
    }
  }

  /**
   * Opens a file for reading from its start.
   *
   * @throws FileNotFoundException if there is no such file
   */
  public InputStream openRead(String path) throws IOException {
    return openRead(path, 0);
  }

  /**
   * Opens a file for reading from a byte offset; an offset at or past the end reads nothing.
   *
   * @throws FileNotFoundException if there is no such file
   */
  public InputStream openRead(String path, long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    String p = DrivePath.normalize(path);
    FileStatus st = status(p);
    if (st.isDirectory()) {
      throw new IOException("cannot read " + p + ": it is a directory");
    }
    FSDataInputStream in = fs.open(hadoop(p), BUFFER_BYTES);
    try {
      if (offset > 0) {
        in.seek(Math.min(offset, st.getLen()));
      }
      return in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Creates or replaces a file, making its parent directories; the content is visible once the stream closes.
   *
   * @throws IllegalArgumentException for a bad path, or a name with ':'
   */
  public OutputStream create(String path) throws IOException {
    String p = newPath(path);
    if (p.equals("/")) {
      throw new IOException("cannot write to the root directory");
    }
    Optional<FileStatus> existing = find(p);
    if (existing.isPresent() && existing.get().isDirectory()) {
      throw new FileAlreadyExistsException("cannot write " + p + ": it is a directory");
    }
    mkdirs(DrivePath.parent(p));
    return fs.create(hadoop(p), true, BUFFER_BYTES);
  }

  /** Returns what storage knows about a path, or empty if nothing is there. */
  public Optional<FileStat> stat(String path) throws IOException {
    String p = DrivePath.normalize(path);
    return find(p).map(st -> toStat(p, st));
  }

  /**
   * Lists a directory's entries, sorted by name.
   *
   * @throws FileNotFoundException if there is no such directory
   */
  public List<FileStat> list(String dir) throws IOException {
    String p = DrivePath.normalize(dir);
    if (!status(p).isDirectory()) {
      throw new IOException("cannot list " + p + ": it is not a directory");
    }
    List<FileStat> out = new ArrayList<>();
    String prefix = p.equals("/") ? "/" : p + "/";
    for (FileStatus st : fs.listStatus(hadoop(p))) {
      out.add(toStat(prefix + st.getPath().getName(), st));
    }
    out.sort(Comparator.comparing(FileStat::path));
    return out;
  }

  /** Makes a directory and any missing parents; an existing directory is fine. */
  public void mkdirs(String dir) throws IOException {
    String p = newPath(dir);
    Optional<FileStatus> existing = find(p);
    if (existing.isPresent()) {
      if (!existing.get().isDirectory()) {
        throw new FileAlreadyExistsException("cannot make directory " + p + ": a file is there");
      }
      return;
    }
    if (!fs.mkdirs(hadoop(p))) {
      throw new IOException("cannot make directory " + p);
    }
  }

  /**
   * Moves a file or directory, making the parents of {@code to}. A file at {@code to} is replaced (not
   * atomically: it is deleted first); a directory there is an error.
   *
   * @throws FileNotFoundException if {@code from} does not exist
   */
  public void rename(String from, String to) throws IOException {
    String src = DrivePath.normalize(from);
    String dst = newPath(to);
    if (src.equals("/") || dst.equals("/")) {
      throw new IOException("cannot move the root directory or onto it");
    }
    FileStatus srcStatus = status(src);
    if (src.equals(dst)) {
      return;
    }
    if (srcStatus.isDirectory() && dst.startsWith(src + "/")) {
      throw new IOException("cannot move " + src + " into itself (" + dst + ")");
    }
    Optional<FileStatus> target = find(dst);
    if (target.isPresent()) {
      if (target.get().isDirectory() || srcStatus.isDirectory()) {
        throw new FileAlreadyExistsException("cannot move " + src + " to " + dst + ": " + dst + " already exists");
      }
      fs.delete(hadoop(dst), false);
    }
    mkdirs(DrivePath.parent(dst));
    if (!fs.rename(hadoop(src), hadoop(dst))) {
      throw new IOException("cannot move " + src + " to " + dst);
    }
  }

  /**
   * Deletes a file or directory; a directory with entries needs {@code recursive}.
   *
   * @return false if nothing was there
   */
  public boolean delete(String path, boolean recursive) throws IOException {
    String p = DrivePath.normalize(path);
    if (p.equals("/")) {
      throw new IOException("cannot delete the root directory");
    }
    Optional<FileStatus> existing = find(p);
    if (existing.isEmpty()) {
      return false;
    }
    if (existing.get().isDirectory() && !recursive && fs.listStatus(hadoop(p)).length > 0) {
      throw new IOException("cannot delete " + p + ": the directory is not empty");
    }
    return fs.delete(hadoop(p), recursive);
  }

  /**
   * Sets a file's or directory's modification time; JuiceFS keeps no separate access time here.
   *
   * @throws FileNotFoundException if there is no such file or directory
   */
  public void setModified(String path, long modifiedMillis) throws IOException {
    String p = DrivePath.normalize(path);
    status(p);
    fs.setTimes(hadoop(p), modifiedMillis, -1);
  }

  /**
   * Sets the permission bits (e.g. {@code 0644}) of a file or directory.
   *
   * @throws FileNotFoundException if there is no such file or directory
   */
  public void setMode(String path, int mode) throws IOException {
    String p = DrivePath.normalize(path);
    status(p);
    fs.setPermission(hadoop(p), new FsPermission((short) (mode & 07777)));
  }

  /**
   * Starts a session on this volume that makes POSIX calls straight to libjfs, for the FUSE mount; close it before
   * this storage.
   */
  public PosixVolume posix() throws IOException {
    return PosixVolume.open(volume, metaUrl);
  }

  /**
   * Returns whether the metadata is a server (Redis), which answers several lookups at once well, rather than a
   * SQLite file, whose readers block its writers.
   */
  public boolean metadataServed() {
    return !metaUrl.startsWith("sqlite3:");
  }

  /** Returns the volume's capacity and the bytes in use, as JuiceFS reports them. */
  public Usage usage() throws IOException {
    FsStatus st = fs.getStatus();
    return new Usage(st.getCapacity(), st.getUsed());
  }

  /**
   * A volume's size as JuiceFS reports it.
   *
   * @param capacityBytes the quota, or JuiceFS's nominal size of an unlimited volume
   * @param usedBytes the bytes files take
   */
  public record Usage(long capacityBytes, long usedBytes) {}

  /** Closes the JuiceFS session; streams still open stop working. */
  @Override
  public void close() {
    try {
      fs.close();
    } catch (IOException e) {
      LOG.warn("closing JuiceFS volume {}: {}", volume, e.toString());
    }
  }

  /** Normalizes a path that is about to be created; the SDK cannot list a directory holding a name with ':'. */
  private static String newPath(String raw) {
    String p = DrivePath.normalize(raw);
    if (p.indexOf(':') >= 0) {
      throw new IllegalArgumentException("names may not contain ':' (JuiceFS's Hadoop SDK cannot list them): " + p);
    }
    return p;
  }

  /** Returns the SDK's status of a normalized path, or throws FileNotFoundException. */
  private FileStatus status(String p) throws IOException {
    return find(p).orElseThrow(() -> new FileNotFoundException(p + ": no such file or directory"));
  }

  /** Returns the SDK's status of a normalized path, or empty if nothing is there. */
  private Optional<FileStatus> find(String p) throws IOException {
    try {
      return Optional.of(fs.getFileStatus(hadoop(p)));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Returns the SDK path of a normalized drive path. */
  private org.apache.hadoop.fs.Path hadoop(String p) {
    try {
      // The multi-argument URI constructor quotes '%', '#', '?' and spaces, so every name survives as it is.
      return new org.apache.hadoop.fs.Path(new URI("jfs", volume, p, null, null));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("path cannot be stored: " + p, e);
    }
  }

  /** Converts the SDK's status to the storage record. */
  private static FileStat toStat(String path, FileStatus st) {
    return new FileStat(path, st.isDirectory(), st.isDirectory() ? 0 : st.getLen(), st.getModificationTime(),
        st.getPermission().toShort() & 07777);
  }
}
