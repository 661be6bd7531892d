package io.graphdrive.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Formatting and opening a volume with Redis metadata on a real redis-server reached over a Unix socket. */
class RedisVolumeTest {
  @TempDir static Path dir;
  private static Process redis;
  private static String socketUrl;

  @BeforeAll
  static void startRedis() throws Exception {
    Path socket = dir.resolve("redis.sock");
    redis = new ProcessBuilder("redis-server", "--port", "0", "--unixsocket", socket.toString(),
        "--unixsocketperm", "700", "--dir", dir.toString(), "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    for (int i = 0; i < 100 && !Files.exists(socket); i++) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(socket), () -> "redis-server did not start: " + read(dir.resolve("redis.log")));
    socketUrl = "unix://" + socket;
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    redis.destroy();
    redis.waitFor(10, TimeUnit.SECONDS);
  }

  /** Checks: a new volume is formatted on first open, keeps its files on reopen, and is not formatted twice. */
  @Test
  void formatsOnFirstOpenAndKeepsFilesOnReopen() throws IOException {
    Config config = config(socketUrl + "?db=1", "redis-reopen", dir.resolve("data1"));
    try (JuiceStorage storage = JuiceStorage.open(config)) {
      try (OutputStream out = storage.create("/keep/me.txt")) {
        out.write("kept in redis".getBytes(StandardCharsets.UTF_8));
      }
    }
    assertTrue(Files.isDirectory(dir.resolve("data1/bucket/redis-reopen/chunks")));
    assertFalse(VolumeFormatter.ensureFormattedRedis(socketUrl + "?db=1", "redis-reopen",
        ObjectStore.local(dir.resolve("data1/bucket"))));
    try (JuiceStorage storage = JuiceStorage.open(config);
        InputStream in = storage.openRead("/keep/me.txt")) {
      assertEquals("kept in redis", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Checks: a database holding another volume, and a server that is not there, are refused with clear errors. */
  @Test
  void anotherVolumeOrNoServerIsAClearError() throws IOException {
    assertTrue(VolumeFormatter.ensureFormattedRedis(socketUrl + "?db=2", "redis-first", ObjectStore.local(dir.resolve("data2/bucket"))));
    IOException other = assertThrows(IOException.class,
        () -> VolumeFormatter.ensureFormattedRedis(socketUrl + "?db=2", "redis-second", ObjectStore.local(dir.resolve("data2/bucket"))));
    assertTrue(other.getMessage().contains("holds JuiceFS volume 'redis-first'"), other.getMessage());
    IOException down = assertThrows(IOException.class,
        () -> JuiceStorage.open(config("unix://" + dir.resolve("absent.sock") + "?db=1", "redis-down",
            dir.resolve("data3"))));
    assertTrue(down.getMessage().contains("cannot reach the Redis server"), down.getMessage());
  }

  private static Config config(String meta, String volume, Path data) {
    return Config.load(data, Map.of("GRAPHDRIVE_JUICEFS_META", meta, "GRAPHDRIVE_JUICEFS_VOLUME", volume,
        "GRAPHDRIVE_JUICEFS_BUCKET", data.resolve("bucket").toString()));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
