package io.graphdrive.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs with the same SQLite volume open at once, both writing. */
class MultiProcessTest {
  private static final int FILES = 30;
  private static final Map<String, String> ENV = Map.of("GRAPHDRIVE_JUICEFS_VOLUME", "multi-process");

  @TempDir Path data;

  /** Checks: a second process sees and changes the data. */
  @Test
  void aSecondProcessSeesAndChangesTheData() throws Exception {
    try (JuiceStorage storage = JuiceStorage.open(Config.load(data, ENV))) {
      String big;
      try (OutputStream out = storage.create("/shared/big.bin")) {
        big = TestData.write(out, 3, 32L << 20);
      }
      Path log = data.resolve("child.log");
      Process child = startChild(log);
      // Write at the same time as the child, to meet SQLite's single-writer lock.
      for (int i = 0; i < FILES; i++) {
        try (OutputStream out = storage.create("/parent/" + i + ".txt")) {
          out.write(("parent " + i).getBytes(StandardCharsets.UTF_8));
        }
      }
      assertTrue(child.waitFor(90, TimeUnit.SECONDS), "child did not finish");
      String output = Files.readString(log);
      assertEquals(0, child.exitValue(), output);

      List<String> lines = output.lines().toList();
      assertTrue(lines.contains("big " + big + ":" + (32L << 20)), output);
      assertTrue(lines.contains("stat " + (32L << 20)), output);
      assertTrue(lines.contains("deleted true"), output);
      assertTrue(lines.contains("done"), output);
      String wrote = lines.stream().filter(l -> l.startsWith("wrote ")).findFirst().orElseThrow().substring(6);

      assertFalse(storage.stat("/shared/big.bin").isPresent(), "the child's delete is visible");
      assertEquals(FILES, storage.list("/child").stream().filter(f -> f.path().endsWith(".txt")).count());
      assertEquals(FILES, storage.list("/parent").size());
      try (InputStream in = storage.openRead("/child/" + (FILES - 1) + ".txt")) {
        assertEquals("child " + (FILES - 1), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      try (InputStream in = storage.openRead("/child/big.bin")) {
        assertEquals(wrote, TestData.sha256(in));
      }
    }
  }

  /** Starts {@link SecondProcess} in a new JVM with the test class path. */
  private Process startChild(Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A small heap: the child streams 64 MB each way, so it must never hold a file in memory.
    cmd.add("-Xmx64m");
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-")) {
        cmd.add(arg);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SecondProcess.class.getName());
    cmd.add(data.toString());
    cmd.add(String.valueOf(FILES));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
