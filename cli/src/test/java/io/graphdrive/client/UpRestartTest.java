package io.graphdrive.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C of {@code graphdrive up} while files are being written, then the next start: nothing is lost. */
class UpRestartTest {
  private static final int FINISHED = 12;

  /** Checks: every finished file and the bytes of one still open are in the drive and the graph after a restart. */
  @Test
  void ctrlCWithAFileOpenLosesNothingAndTheNextStartTagsEverything() throws Exception {
    RunningGraphDrive gd = RunningGraphDrive.start("graphdrive-restart");
    RunningGraphDrive again = null;
    try {
      String properties = Files.readString(gd.data.resolve("graphdrive.properties"));
      assertTrue(properties.contains("juicefs.meta=unix://" + gd.data.resolve("redis/redis.sock")), properties);
      Path drive = gd.data.resolve("drive");
      Map<String, String> written = new LinkedHashMap<>();
      Files.createDirectories(drive.resolve("copy"));
      for (int i = 0; i < FINISHED; i++) {
        String text = "Finished note " + i + " about " + (i % 2 == 0 ? "gardening and tomatoes" : "trains and rails");
        Files.writeString(drive.resolve("copy/note-" + i + ".txt"), text);
        written.put("/copy/note-" + i + ".txt", text);
      }
      String held = "Written before Ctrl-C to a file still open: a letter about astronomy and telescopes.";
      FileChannel open = FileChannel.open(drive.resolve("copy/held.txt"), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      open.write(ByteBuffer.wrap(held.getBytes(StandardCharsets.UTF_8)));
      written.put("/copy/held.txt", held);

      // Ctrl-C: SIGINT to up, whose shutdown stops the mount first, which stores and journals the open file. A JVM
      // started with SIGINT ignored (as a background job of a non-interactive shell is) cannot get it: then SIGTERM,
      // which takes the same way out.
      Process up = gd.upProcess();
      String signal = ignoresSigint(up.pid()) ? "-TERM" : "-INT";
      assertEquals(0, new ProcessBuilder("kill", signal, String.valueOf(up.pid())).start().waitFor());
      assertTrue(up.waitFor(180, TimeUnit.SECONDS), gd::upLog);
      try {
        open.close();
      } catch (IOException e) {
        // The drive was unmounted under it: the close has nothing left to do.
      }

      again = gd.restart();
      for (Map.Entry<String, String> file : written.entrySet()) {
        assertEquals(file.getValue(), Files.readString(drive.resolve(file.getKey().substring(1))), file.getKey());
      }
      for (String path : written.keySet()) {
        assertEquals("TAGGED", again.awaitTagged(path), path);
      }
    } finally {
      gd.close();
      if (again != null) {
        again.close();
      }
    }
  }

  /** Returns whether a process ignores SIGINT (bit 2 of SigIgn in its status). */
  private static boolean ignoresSigint(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseLong(line.substring(7).strip(), 16) & 2) != 0;
      }
    }
    return false;
  }
}
