package io.graphdrive.client;

import io.graphdrive.mount.MountTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Unmounts a mounted drive with fusermount. */
@Command(name = "unmount", mixinStandardHelpOptions = true,
    description = {"Unmount the drive; the 'graphdrive mount' process then uploads what is pending and exits.",
        "Fails while files in the drive are in use, unless --lazy."})
final class UnmountCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "graphdrive-data",
      description = "data directory whose DIR/drive is unmounted when no MOUNTPOINT is given (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--lazy", description = "detach now even if files are in use; the kernel finishes when they close")
  boolean lazy;

  @Parameters(paramLabel = "MOUNTPOINT", arity = "0..1", description = "the mounted directory (default: DIR/drive)")
  Path mountPoint;

  @Override
  public Integer call() throws IOException {
    Path mp = (mountPoint != null ? mountPoint : data.resolve("drive")).toAbsolutePath().normalize();
    if (!MountTable.isMounted(mp)) {
      System.err.println("graphdrive: nothing is mounted at " + mp);
      return 1;
    }
    MountTable.unmount(mp, lazy);
    System.out.println("unmounted " + mp);
    return 0;
  }
}
