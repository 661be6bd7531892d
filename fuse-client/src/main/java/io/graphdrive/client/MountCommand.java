package io.graphdrive.client;

import io.graphdrive.common.Config;
import io.graphdrive.events.EventJournal;
import io.graphdrive.mount.DriveMount;
import io.graphdrive.mount.MountTable;
import io.graphdrive.storage.JuiceStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Mounts the drive with FUSE and stays in the foreground until Ctrl-C or SIGTERM, then unmounts cleanly. */
@Command(name = "mount", mixinStandardHelpOptions = true,
    description = {"Mount the drive at a directory and stay in the foreground; Ctrl-C unmounts.",
        "Files written, moved and deleted there are stored in JuiceFS and reported to the index tier for tagging.",
        "A mount left behind by a process that died is cleared first."})
final class MountCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "MOUNTPOINT", arity = "0..1",
      description = "the directory to mount the drive at (default: DIR/drive of --data)")
  Path mountPoint;

  @Override
  public Integer call() throws Exception {
    Path mp = (mountPoint != null ? mountPoint : options.data.resolve("drive")).toAbsolutePath().normalize();
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
    Config config = options.config();
    CountDownLatch cleanedUp = new CountDownLatch(1);
    try (JuiceStorage storage = JuiceStorage.open(config);
        EventJournal events = options.openJournal(options.api())) {
      DriveMount mount = DriveMount.mount(storage, mp, events);
      Thread hook = new Thread(() -> {
        try {
          mount.close();
          cleanedUp.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("graphdrive: unmounting " + mp + ": " + e.getMessage());
        }
      }, "graphdrive-unmount");
      Runtime.getRuntime().addShutdownHook(hook);
      System.out.println("mounted the drive at " + mp + "; Ctrl-C unmounts");
      System.out.flush();
      mount.awaitUnmounted();
      mount.close();
      System.out.println("unmounted " + mp);
    } finally {
      cleanedUp.countDown();
    }
    return 0;
  }
}
