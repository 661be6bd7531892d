package io.graphdrive.mount;

import io.graphdrive.common.Event;
import io.graphdrive.storage.JuiceStorage;
import io.graphdrive.storage.PosixVolume;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/** A mounted drive: JuiceStorage through FUSE at a directory, reporting changes to an event consumer. */
public final class DriveMount implements AutoCloseable {
  private static final String READAHEAD_KB = "1024";
  // default_permissions: the kernel checks modes and owners, since libjfs acts as the superuser. auto_cache: the
  // kernel keeps a file's pages between opens unless its size or modification time changed. Names and attributes
  // are cached for 1 s, as JuiceFS's own FUSE client does, so that another client's change (the index server's put,
  // mv, rm) shows within a second; a missing name is asked again every time. (What libfuse3 takes only from init,
  // such as hard_remove and the request size, DriveFs.init sets.)
  private static final String OPTIONS = "default_permissions,auto_cache,entry_timeout=1,attr_timeout=1,"
      + "negative_timeout=0,fsname=graphdrive,subtype=graphdrive";

  private final DriveFs fs;
  private final FuseLoop loop;
  private final PosixVolume volume;
  private final Path mountPoint;
  private boolean closed;

  private DriveMount(DriveFs fs, FuseLoop loop, PosixVolume volume, Path mountPoint) {
    this.fs = fs;
    this.loop = loop;
    this.volume = volume;
    this.mountPoint = mountPoint;
  }

  /**
   * Mounts the drive at an existing, unmounted directory.
   *
   * @throws IOException if the directory is mounted already, libfuse3 is missing or the mount fails
   */
  public static DriveMount mount(JuiceStorage storage, Path mountPoint, Consumer<Event> events) throws IOException {
    Path mp = mountPoint.toAbsolutePath().normalize();
    if (MountTable.isMounted(mp)) {
      throw new IOException(mp + " is already mounted");
    }
    if (!Files.isDirectory(mp)) {
      throw new IOException("mount point " + mp + " is not a directory");
    }
    LibFuse lib = FuseLoop.library();
    PosixVolume volume = storage.posix();
    DriveFs fs = new DriveFs(lib, volume, events);
    // Other users may use the drive when root mounts it (others need user_allow_other in /etc/fuse.conf).
    String options = "root".equals(System.getProperty("user.name")) ? OPTIONS + ",allow_other" : OPTIONS;
    FuseLoop loop;
    try {
      loop = FuseLoop.start(lib, new FuseOperations(FuseLoop.runtime(lib), fs), mp, options);
    } catch (IOException e) {
      volume.close();
      throw e;
    }
    raiseReadahead(mp);
    return new DriveMount(fs, loop, volume, mp);
  }

  /**
   * Lets the kernel read ahead 1 MiB instead of the 128 KiB it gives FUSE (about a fifth faster sequential reads
   * here); only root may, and the mount works without it.
   */
  private static void raiseReadahead(Path mp) {
    try {
      // The kernel lowers it to what the connection's INIT reply says, and libfuse answers INIT only once it serves:
      // a stat of the root waits for that.
      Files.readAttributes(mp, BasicFileAttributes.class);
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.ISO_8859_1)) {
        String[] f = line.split(" ");
        if (f.length > 4 && MountTable.unescape(f[4]).equals(mp.toString())) {
          Files.writeString(Path.of("/sys/class/bdi/" + f[2] + "/read_ahead_kb"), READAHEAD_KB);
        }
      }
    } catch (IOException e) {
      DriveFs.LOG.debug("read-ahead of {} left as it is: {}", mp, e.toString());
    }
  }

  /** Returns the directory the drive is mounted at. */
  public Path mountPoint() {
    return mountPoint;
  }

  /** Blocks until the drive is no longer mounted, by {@link #close()} or by someone else's fusermount. */
  public void awaitUnmounted() throws IOException {
    while (MountTable.isMounted(mountPoint) && !Thread.currentThread().isInterrupted()) {
      sleep(500);
    }
  }

  /**
   * Unmounts the drive (lazily, so busy files do not keep it up), then stores and reports what was written to files
   * still open, whose handles fail from then on, stops serving and closes the volume.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      MountTable.unmount(mountPoint, true);
    } catch (IOException e) {
      // Someone else's fusermount may have unmounted it first.
      if (MountTable.isMounted(mountPoint)) {
        throw e;
      }
    }
    fs.closeFiles();
    loop.stop();
    volume.close();
  }

  /** Sleeps, keeping the interrupt flag. */
  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
