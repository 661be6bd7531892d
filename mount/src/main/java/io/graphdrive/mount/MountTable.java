package io.graphdrive.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** What the kernel's mount table says about a mount point, and fusermount3 to take one down. */
public final class MountTable {
  private MountTable() {}

  /** Returns whether something is mounted at the directory, per {@code /proc/mounts}. */
  public static boolean isMounted(Path mountPoint) throws IOException {
    String target = mountPoint.toAbsolutePath().normalize().toString();
    for (String line : Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.ISO_8859_1)) {
      String[] fields = line.split(" ");
      if (fields.length > 1 && unescape(fields[1]).equals(target)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether a mounted directory's file system process is gone (the kernel answers ENOTCONN). */
  public static boolean isStale(Path mountPoint) {
    try {
      Files.readAttributes(mountPoint, BasicFileAttributes.class);
      return false;
    } catch (IOException e) {
      return String.valueOf(e.getMessage()).contains("Transport endpoint is not connected");
    }
  }

  /**
   * Unmounts a FUSE mount with {@code fusermount3 -u}, lazily ({@code -z}) if asked.
   *
   * @throws IOException with fusermount3's message if it fails
   */
  public static void unmount(Path mountPoint, boolean lazy) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("fusermount3", "-u"));
    if (lazy) {
      cmd.add("-z");
    }
    cmd.add(mountPoint.toAbsolutePath().normalize().toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (p.waitFor() != 0) {
        throw new IOException("cannot unmount " + mountPoint + ": " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unmounting " + mountPoint, e);
    }
  }

  /** Decodes the octal escapes ({@code \040} for a space) that /proc/mounts uses in paths. */
  static String unescape(String field) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    // The escapes encode bytes; paths with non-ASCII names come out right only after re-decoding them as UTF-8.
    return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }
}
