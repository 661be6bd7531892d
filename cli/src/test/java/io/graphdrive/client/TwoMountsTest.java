package io.graphdrive.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Config;
import io.graphdrive.common.FileTrees;
import io.graphdrive.mount.MountTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * More than one client, as on two machines: {@code up} (Redis metadata, two index servers, mount A) on a volume
 * whose blocks live in an S3 bucket (S3Proxy), and a second mount B in a process of its own with the same metadata
 * and bucket.
 */
class TwoMountsTest {
  /** Checks: what A writes B reads, it is tagged once, what B writes is tagged too, and B's delete leaves the graph. */
  @Test
  void aFileWrittenThroughOneMountIsReadThroughTheOtherAndTaggedOnce() throws Exception {
    Path work = Files.createTempDirectory("graphdrive-two-mounts");
    try (S3ProxyServer s3 = S3ProxyServer.start(work.resolve("s3"))) {
      String bucket = s3.bucket("graphdrive");
      String storage = Config.JUICEFS_BUCKET + "=" + bucket + "\n"
          + Config.JUICEFS_ACCESS_KEY + "=" + S3ProxyServer.ACCESS_KEY + "\n"
          + Config.JUICEFS_SECRET_KEY + "=" + s3.secretKey + "\n";
      Files.createDirectories(work.resolve("data"));
      Files.writeString(work.resolve("data/graphdrive.properties"), storage);
      try (RunningGraphDrive gd = RunningGraphDrive.startIn(work)) {
        Path a = gd.data.resolve("drive");
        String meta = Config.load(gd.data).juicefsMeta();
        assertTrue(meta.startsWith("unix://"), "up keeps a new volume's metadata in its Redis: " + meta);

        Path dataB = Files.createDirectories(work.resolve("data-b"));
        Files.writeString(dataB.resolve("graphdrive.properties"), storage + Config.JUICEFS_META + "=" + meta + "\n");
        Files.copy(gd.data.resolve("api-token"), dataB.resolve("api-token"));
        Path b = Files.createDirectories(work.resolve("drive-b"));
        Path logB = work.resolve("mount-b.log");
        Process mountB = gd.spawn(logB, "mount", "--data", dataB.toString(), b.toString());
        try {
          awaitMounted(mountB, b, logB);

          Files.createDirectories(a.resolve("shared"));
          Files.writeString(a.resolve("shared/from-a.txt"), "Knead the dough, let it rise, then bake the bread.\n");
          assertEquals("Knead the dough, let it rise, then bake the bread.\n", Files.readString(b.resolve("shared/from-a.txt")));
          assertEquals("TAGGED", gd.awaitTagged("/shared/from-a.txt"));
          String taggedAt = gd.api("/api/v1/files?path=" + RunningGraphDrive.enc("/shared/from-a.txt")).path("taggedAt").asText();

          Files.writeString(b.resolve("shared/from-b.txt"), "The violin and the cello played a sonata.\n");
          assertEquals("The violin and the cello played a sonata.\n", Files.readString(a.resolve("shared/from-b.txt")));
          assertEquals("TAGGED", gd.awaitTagged("/shared/from-b.txt"));

          assertEquals(taggedAt, gd.api("/api/v1/files?path=" + RunningGraphDrive.enc("/shared/from-a.txt"))
              .path("taggedAt").asText(), "tagged once: a read through B is no event");
          assertEquals(2, files(gd), "one node per file");
          try (Stream<Path> blocks = Files.walk(s3.basedir.resolve("graphdrive"))) {
            assertTrue(blocks.anyMatch(p -> p.toString().contains("/chunks/")), "the blocks are in the S3 bucket");
          }

          Files.delete(b.resolve("shared/from-a.txt"));
          assertFalse(Files.exists(a.resolve("shared/from-a.txt")));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (gd.send("GET", "/api/v1/files?path=" + RunningGraphDrive.enc("/shared/from-a.txt")).statusCode() != 404) {
            assertTrue(System.nanoTime() < deadline, "B's delete reaches the graph");
            Thread.sleep(200);
          }
          assertEquals(1, files(gd));
        } finally {
          mountB.destroy();
          if (!mountB.waitFor(60, TimeUnit.SECONDS)) {
            mountB.destroyForcibly();
          }
        }
      }
    }
    // Kept when the test fails, for its logs, and while either drive is still mounted in it.
    if (!MountTable.isMounted(work.resolve("data/drive")) && !MountTable.isMounted(work.resolve("drive-b"))) {
      FileTrees.delete(work);
    }
  }

  private static void awaitMounted(Process mount, Path at, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!MountTable.isMounted(at)) {
      assertTrue(mount.isAlive(), () -> "mount B died:\n" + RunningGraphDrive.readQuietly(log));
      assertTrue(System.nanoTime() < deadline, () -> "mount B not up in 60 s:\n" + RunningGraphDrive.readQuietly(log));
      Thread.sleep(200);
    }
  }

  private static long files(RunningGraphDrive gd) throws Exception {
    long files = 0;
    for (JsonNode count : gd.api("/api/v1/stats").path("files")) {
      files += count.asLong();
    }
    return files;
  }
}
