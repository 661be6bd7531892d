package io.graphdrive.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code /proc/mounts}, the only safe way to know whether a directory is a live mount point. */
final class MountTable {
  private MountTable() {}

  /** Returns whether a file system is mounted at exactly this directory. */
  static boolean isMounted(Path dir) throws IOException {
    String target = dir.toAbsolutePath().normalize().toString()
        .replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
    for (String line : Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8)) {
      String[] fields = line.split(" ");
      if (fields.length > 1 && fields[1].equals(target)) {
        return true;
      }
    }
    return false;
  }
}
