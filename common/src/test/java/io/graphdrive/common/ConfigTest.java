package io.graphdrive.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsLiveUnderTheDataDirectory() {
    Config config = Config.load(dir, Map.of());
    assertEquals("sqlite3://" + dir.toAbsolutePath() + "/meta.db", config.juicefsMeta());
    assertEquals(dir.resolve("bucket").toAbsolutePath().toString(), config.juicefsBucket());
    assertEquals(8080, config.port());
    assertEquals("", config.rayAddress());
  }

  @Test
  void environmentBeatsTheFile() throws Exception {
    Files.writeString(dir.resolve("graphdrive.properties"), "port=9000\nworkers=3\njuicefs.meta=redis://x:6379/1\n");
    Config config = Config.load(dir, Map.of("GRAPHDRIVE_JUICEFS_META", "redis://y:6379/2"));
    assertEquals(9000, config.port());
    assertEquals(3, config.workers());
    assertEquals("redis://y:6379/2", config.juicefsMeta());
  }

  @Test
  void badNumbersAreClearErrors() throws Exception {
    Files.writeString(dir.resolve("graphdrive.properties"), "port=eighty\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Config.load(dir, Map.of()).port());
    assertTrue(e.getMessage().contains("port"));
  }

  @Test
  void boundedNumbersNameTheSettingAndItsRange() {
    Config config = Config.load(dir, Map.of("GRAPHDRIVE_WORKERS", "0", "GRAPHDRIVE_TAGGING_NICE", "20"));
    assertEquals("setting workers must be at least 1",
        assertThrows(IllegalArgumentException.class, config::workers).getMessage());
    assertEquals("setting tagging.nice must be from 0 to 19",
        assertThrows(IllegalArgumentException.class, () -> config.getInt("tagging.nice", 10, 0, 19)).getMessage());
    assertEquals(7, config.getInt("unset.key", 7, 0, 19));
  }

  @Test
  void apiTokenIsCreatedOncePrivately() throws Exception {
    Path file = dir.resolve("sub/api-token");
    String token = ApiToken.readOrCreate(file);
    assertEquals(64, token.length());
    assertEquals(token, ApiToken.readOrCreate(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void missingTokenSaysWhatToDo() {
    Exception e = assertThrows(java.io.IOException.class, () -> ApiToken.read(dir.resolve("api-token")));
    assertTrue(e.getMessage().contains("graphdrive up"));
  }
}
