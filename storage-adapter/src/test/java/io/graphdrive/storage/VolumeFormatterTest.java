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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Formatting a new SQLite volume from Java, and opening it again. */
class VolumeFormatterTest {
  @TempDir Path data;

  /** Checks: formats on first open and keeps data on reopen. */
  @Test
  void formatsOnFirstOpenAndKeepsDataOnReopen() throws IOException {
    Config config = config(data, "fmt-reopen");
    try (JuiceStorage storage = JuiceStorage.open(config)) {
      try (OutputStream out = storage.create("/keep/me.txt")) {
        out.write("kept".getBytes(StandardCharsets.UTF_8));
      }
    }
    assertTrue(Files.isDirectory(data.resolve("bucket/fmt-reopen/chunks")), "objects land in <data>/bucket/<volume>");
    assertFalse(VolumeFormatter.ensureFormatted(data.resolve("meta.db"), "fmt-reopen", ObjectStore.local(data.resolve("bucket"))));
    try (JuiceStorage storage = JuiceStorage.open(config)) {
      try (InputStream in = storage.openRead("/keep/me.txt")) {
        assertEquals("kept", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    IOException e = assertThrows(IOException.class, () -> JuiceStorage.open(config(data.resolve("other"), "fmt-reopen")));
    assertTrue(e.getMessage().contains("already opened in this process"), e.getMessage());
  }

  /** Checks: writes the schema the sdk expects. */
  @Test
  void writesTheSchemaTheSdkExpects() throws Exception {
    Path db = data.resolve("meta.db");
    assertTrue(VolumeFormatter.ensureFormatted(db, "fmt-schema", ObjectStore.local(data.resolve("bucket"))));
    List<String> formatted = schema(db);
    // libjfs syncs most tables to its own structs when a session starts; it must find nothing to change.
    JuiceStorage.open(config(data, "fmt-schema")).close();
    assertEquals(formatted, schema(db));
    assertEquals(14, formatted.stream().filter(s -> s.startsWith("CREATE TABLE `jfs_")).count(), formatted.toString());

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      ResultSet format = s.executeQuery("SELECT value FROM jfs_setting WHERE name='format'");
      assertTrue(format.next());
      String json = format.getString(1);
      assertTrue(json.contains("\"Storage\": \"file\""), json);
      assertTrue(json.contains("\"Bucket\": \"" + data.resolve("bucket") + "/\""), json);
      assertTrue(json.contains("\"MetaVersion\": 1"), json);
      ResultSet root = s.executeQuery("SELECT type, mode, nlink, parent FROM jfs_node WHERE inode=1");
      assertTrue(root.next());
      assertEquals(List.of(2, 511, 2, 1), List.of(root.getInt(1), root.getInt(2), root.getInt(3), root.getInt(4)));
    }
  }

  /** Checks: refuses another volumes database. */
  @Test
  void refusesAnotherVolumesDatabase() throws IOException {
    Path db = data.resolve("meta.db");
    VolumeFormatter.ensureFormatted(db, "graphdrive", ObjectStore.local(data.resolve("bucket")));
    IOException e = assertThrows(IOException.class,
        () -> VolumeFormatter.ensureFormatted(db, "other-volume", ObjectStore.local(data.resolve("bucket"))));
    assertTrue(e.getMessage().contains("holds JuiceFS volume 'graphdrive'"), e.getMessage());
  }

  /** Checks: refuses to format over objects of another volume. */
  @Test
  void refusesToFormatOverObjectsOfAnotherVolume() throws IOException {
    Files.createDirectories(data.resolve("bucket/graphdrive/chunks"));
    IOException e = assertThrows(IOException.class,
        () -> VolumeFormatter.ensureFormatted(data.resolve("meta.db"), "graphdrive", ObjectStore.local(data.resolve("bucket"))));
    assertTrue(e.getMessage().contains("refusing to format"), e.getMessage());
  }

  /** Checks: refuses to open when the bucket is gone. */
  @Test
  void refusesToOpenWhenTheBucketIsGone() throws IOException {
    VolumeFormatter.ensureFormatted(data.resolve("meta.db"), "graphdrive", ObjectStore.local(data.resolve("bucket")));
    Files.delete(data.resolve("bucket/graphdrive"));
    Files.delete(data.resolve("bucket"));
    IOException e = assertThrows(IOException.class,
        () -> VolumeFormatter.ensureFormatted(data.resolve("meta.db"), "graphdrive", ObjectStore.local(data.resolve("bucket"))));
    assertTrue(e.getMessage().contains("is missing"), e.getMessage());
  }

  /** Checks: rejects bad volume names. */
  @Test
  void rejectsBadVolumeNames() {
    assertThrows(IOException.class,
        () -> VolumeFormatter.ensureFormatted(data.resolve("meta.db"), "Bad_Name", ObjectStore.local(data.resolve("bucket"))));
  }

  /** Checks: writes the format as go does. */
  @Test
  void writesTheFormatAsGoDoes() {
    assertEquals("{\n\"Name\": \"v1\",\n\"UUID\": \"u\",\n\"Storage\": \"file\",\n\"Bucket\": \"/b<&>/\",\n"
        + "\"BlockSize\": 4096,\n\"Compression\": \"none\",\n\"TrashDays\": 0,\n\"MetaVersion\": 1\n}",
        VolumeFormatter.formatJson("v1", "u", ObjectStore.local(Path.of("/b<&>"))).replace("\\u003c", "<")
            .replace("\\u0026", "&").replace("\\u003e", ">"));
    assertEquals("{\n\"Name\": \"v1\",\n\"UUID\": \"u\",\n\"Storage\": \"s3\",\n\"Bucket\": \"http://127.0.0.1:9000/gd\",\n"
        + "\"AccessKey\": \"ak\",\n\"SecretKey\": \"sk\",\n"
        + "\"BlockSize\": 4096,\n\"Compression\": \"none\",\n\"TrashDays\": 0,\n\"MetaVersion\": 1\n}",
        VolumeFormatter.formatJson("v1", "u", new ObjectStore("s3", "http://127.0.0.1:9000/gd", "ak", "sk")));
  }

  /** Checks: the bucket setting is a directory or an S3 bucket's URL, and a bad URL is a clear error. */
  @Test
  void theBucketIsADirectoryOrAnS3Url() {
    assertEquals(ObjectStore.local(data.resolve("bucket")), ObjectStore.of(Config.load(data, Map.of())));
    ObjectStore s3 = ObjectStore.of(Config.load(data, Map.of("GRAPHDRIVE_JUICEFS_BUCKET", "http://127.0.0.1:9000/gd/",
        "GRAPHDRIVE_JUICEFS_ACCESS_KEY", "ak", "GRAPHDRIVE_JUICEFS_SECRET_KEY", "secret")));
    assertEquals(new ObjectStore("s3", "http://127.0.0.1:9000/gd", "ak", "secret"), s3);
    assertFalse(s3.toString().contains("secret"), s3.toString());
    for (String bad : List.of("http://127.0.0.1:9000", "http://127.0.0.1:9000/a/b", "http://127.0.0.1:9000/gd?x=1")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ObjectStore.of(Config.load(data, Map.of("GRAPHDRIVE_JUICEFS_BUCKET", bad))));
      assertTrue(e.getMessage().contains(Config.JUICEFS_BUCKET), e.getMessage());
    }
  }

  /** Returns settings for a data directory and volume name. */
  private static Config config(Path data, String volume) {
    return Config.load(data, Map.of("GRAPHDRIVE_JUICEFS_VOLUME", volume));
  }

  /** Returns the DDL of every table and index in the database. */
  private static List<String> schema(Path db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
