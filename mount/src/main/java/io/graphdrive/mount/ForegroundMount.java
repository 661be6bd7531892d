package io.graphdrive.mount;

import io.graphdrive.common.ApiToken;
import io.graphdrive.common.Config;
import io.graphdrive.events.EventJournal;
import io.graphdrive.events.EventPoster;
import io.graphdrive.events.HttpEventPoster;
import io.graphdrive.storage.JuiceStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A mount process: mounts the drive and stays in the foreground until it is unmounted or stopped (Ctrl-C, SIGTERM),
 * then uploads what is pending and unmounts cleanly. {@code graphdrive mount} runs it; {@code graphdrive up} and the
 * tests start it as a JVM of its own through {@link #main}.
 */
public final class ForegroundMount {
  /** What a mount process prints once the drive is mounted and a stop would store its open files. */
  public static final String MOUNTED = "mounted the drive at ";

  private ForegroundMount() {}

  /** Runs a mount process for the arguments {@code MOUNTPOINT DATADIR SERVERURL} and exits with its status. */
  public static void main(String[] args) throws Exception {
    Config config = Config.load(Path.of(args[1]));
    System.exit(run(config, Path.of(args[0]), new HttpEventPoster(args[2], ApiToken.of(config))));
  }

  /**
   * Mounts the drive of the data directory at the mount point, first clearing a mount a process that died left
   * there, journals the drive's events for the poster, and returns 0 once unmounted, or 1 when a running process
   * holds the mount point.
   */
  public static int run(Config config, Path mountPoint, EventPoster poster) throws Exception {
    Path mp = mountPoint.toAbsolutePath().normalize();
    if (MountTable.isMounted(mp)) {
      if (!MountTable.isStale(mp)) {
        System.err.println("graphdrive: " + mp + " is already mounted by a running process; "
            + "stop it or run 'graphdrive unmount " + mp + "' first");
        return 1;
      }
      MountTable.unmount(mp, true);
      System.err.println("graphdrive: cleared a stale mount at " + mp + " left by a process that died");
    }
    Files.createDirectories(mp);
    CountDownLatch attempted = new CountDownLatch(1);
    CountDownLatch cleanedUp = new CountDownLatch(1);
    AtomicReference<DriveMount> mounted = new AtomicReference<>();
    // Registered before the mount comes up, so that a stop that comes at once still stores the files open then.
    Thread hook = new Thread(() -> {
      try {
        attempted.await(60, TimeUnit.SECONDS);
        DriveMount mount = mounted.get();
        if (mount != null) {
          mount.close();
          cleanedUp.await(30, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        System.err.println("graphdrive: unmounting " + mp + ": " + e.getMessage());
      }
    }, "graphdrive-unmount");
    Runtime.getRuntime().addShutdownHook(hook);
    try (JuiceStorage storage = JuiceStorage.open(config);
        EventJournal events = EventJournal.open(config.journalDir(), poster)) {
      try {
        mounted.set(DriveMount.mount(storage, mp, events));
      } finally {
        attempted.countDown();
      }
      DriveMount mount = mounted.get();
      System.out.println(MOUNTED + mp + "; Ctrl-C unmounts");
      System.out.flush();
      mount.awaitUnmounted();
      mount.close();
      System.out.println("unmounted " + mp);
    } finally {
      attempted.countDown();
      cleanedUp.countDown();
    }
    return 0;
  }
}
