package io.graphdrive.client;

import io.graphdrive.apiclient.ClientOptions;
import io.graphdrive.mount.ForegroundMount;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
    Path mp = mountPoint != null ? mountPoint : options.config().dataDir().resolve("drive");
    return ForegroundMount.run(options.config(), mp, options.api().eventPoster());
  }
}
