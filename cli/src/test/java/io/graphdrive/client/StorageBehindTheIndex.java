package io.graphdrive.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graphdrive.common.ChildJvm;
import io.graphdrive.common.Config;
import io.graphdrive.storage.JuiceStorage;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Changes a data directory's storage with no event, as a client whose events have not reached the server yet:
 * in a JVM of its own, since libjfs lets a process open a volume name with one metadata URL only, and the tests
 * of one JVM run several data directories.
 */
final class StorageBehindTheIndex {
  private StorageBehindTheIndex() {}

  /** Writes {@code text} to the drive path, or deletes the path when {@code text} is null. */
  static void change(Path data, String path, String text) throws Exception {
    List<String> args = new ArrayList<>(List.of(data.toString(), path));
    if (text != null) {
      args.add(text);
    }
    Process p = new ProcessBuilder(ChildJvm.command(System.getProperty("java.class.path"), List.of(),
        StorageBehindTheIndex.class.getName(), args)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(120, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), out);
  }

  /** The child: {@code DATA PATH [TEXT]}. */
  public static void main(String[] args) throws Exception {
    try (JuiceStorage storage = JuiceStorage.open(Config.load(Path.of(args[0])))) {
      if (args.length == 2) {
        storage.delete(args[1], false);
        return;
      }
      try (OutputStream out = storage.create(args[1])) {
        out.write(args[2].getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
