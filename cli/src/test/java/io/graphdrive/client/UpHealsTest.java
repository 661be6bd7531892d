package io.graphdrive.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** kill -9 of each part of a running {@code graphdrive up} in turn, with files written around each kill. */
class UpHealsTest {
  private static final Pattern BACK = Pattern.compile("graphdrive: (\\S+) is back after ([0-9.]+) s");

  /** Checks: up starts every killed part again, and every file written ends TAGGED, once, in the graph. */
  @Test
  void everyPartKilledIsStartedAgainAndNoFileIsLostOrDoubled() throws Exception {
    RunningGraphDrive gd = RunningGraphDrive.start("graphdrive-heal");
    try {
      Path drive = gd.data.resolve("drive");
      Files.createDirectories(drive.resolve("heal"));
      List<String> written = new ArrayList<>();
      // The mount and Redis (its metadata) are written to only when back; the rest are killed under a stream.
      for (String part : List.of("index-server-1", "nginx", "neo4j", "index-server-2", "fuse", "redis")) {
        write(drive, written, part + "-before", 4);
        long pid = Long.parseLong(Files.readString(gd.data.resolve("run/" + part + ".pid")).strip());
        assertEquals(0, new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor(), part);
        if (!part.equals("fuse") && !part.equals("redis")) {
          write(drive, written, part + "-while-down", 4);
        }
        awaitBack(gd, part);
        write(drive, written, part + "-after", 4);
      }
      for (String path : written) {
        assertEquals("TAGGED", gd.awaitTagged(path), path);
      }
      long files = 0;
      for (JsonNode count : gd.api("/api/v1/stats").path("files")) {
        files += count.asLong();
      }
      assertEquals(written.size(), files, "files in the graph");
      // Each part came back once and stayed: no restart loop (nginx's orphaned workers once held its port).
      String log = gd.upLog();
      assertEquals(6, Pattern.compile(" exited with status ").matcher(log).results().count(), log);
      Matcher m = BACK.matcher(log);
      while (m.find()) {
        System.out.println("recovery of " + m.group(1) + ": " + m.group(2) + " s");
      }
    } finally {
      gd.close();
    }
  }

  private static void write(Path drive, List<String> written, String name, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      String path = "/heal/" + name + "-" + i + ".txt";
      Files.writeString(drive.resolve(path.substring(1)), "A note written around a crash, about " + name
          + ", number " + i + ": the orchard's apple trees bloom in spring and bear fruit in autumn.");
      written.add(path);
    }
  }

  /** Waits until up's log says the part is back. */
  private static void awaitBack(RunningGraphDrive gd, String part) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (!gd.upLog().contains("graphdrive: " + part + " is back after")) {
      assertTrue(System.nanoTime() < deadline, () -> part + " did not come back:\n" + gd.upLog());
      Thread.sleep(500);
    }
  }
}
