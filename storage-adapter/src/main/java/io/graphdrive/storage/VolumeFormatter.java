package io.graphdrive.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Formats a JuiceFS volume with SQLite or Redis metadata and {@code file} object storage exactly as {@code juicefs
 * format --trash-days 0} of JuiceFS 1.0.2 does; tied to that SDK version (pkg/meta/sql.go and redis.go, MetaVersion 1).
 */
final class VolumeFormatter {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeFormatter.class);

  /** What {@code juicefs format} accepts as a volume name. */
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

  /** Milliseconds a connection waits for another process's lock before failing. */
  static final int BUSY_TIMEOUT_MS = 10_000;

  // The DDL xorm 1.0 (the SDK's ORM) generates for the 1.0.2 structs; the SDK's own schema sync on
  // every mount then finds nothing to change.
  private static final List<String> SCHEMA = List.of(
      "CREATE TABLE IF NOT EXISTS `jfs_setting` (`name` TEXT PRIMARY KEY NOT NULL, `value` TEXT NOT NULL)",
      "CREATE TABLE IF NOT EXISTS `jfs_counter` (`name` TEXT PRIMARY KEY NOT NULL, `value` INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS `jfs_edge` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
          + " `parent` INTEGER NOT NULL, `name` BLOB NOT NULL, `inode` INTEGER NOT NULL, `type` INTEGER NOT NULL)",
      "CREATE UNIQUE INDEX IF NOT EXISTS `UQE_jfs_edge_edge` ON `jfs_edge` (`parent`,`name`)",
      "CREATE INDEX IF NOT EXISTS `IDX_jfs_edge_inode` ON `jfs_edge` (`inode`)",
      "CREATE TABLE IF NOT EXISTS `jfs_node` (`inode` INTEGER PRIMARY KEY NOT NULL, `type` INTEGER NOT NULL,"
          + " `flags` INTEGER NOT NULL, `mode` INTEGER NOT NULL, `uid` INTEGER NOT NULL, `gid` INTEGER NOT NULL,"
          + " `atime` INTEGER NOT NULL, `mtime` INTEGER NOT NULL, `ctime` INTEGER NOT NULL,"
          + " `nlink` INTEGER NOT NULL, `length` INTEGER NOT NULL, `rdev` INTEGER NULL, `parent` INTEGER NULL)",
      "CREATE TABLE IF NOT EXISTS `jfs_symlink` (`inode` INTEGER PRIMARY KEY NOT NULL, `target` BLOB NOT NULL)",
      "CREATE TABLE IF NOT EXISTS `jfs_xattr` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
          + " `inode` INTEGER NOT NULL, `name` TEXT NOT NULL, `value` BLOB NOT NULL)",
      "CREATE UNIQUE INDEX IF NOT EXISTS `UQE_jfs_xattr_name` ON `jfs_xattr` (`inode`,`name`)",
      "CREATE TABLE IF NOT EXISTS `jfs_chunk` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
          + " `inode` INTEGER NOT NULL, `indx` INTEGER NOT NULL, `slices` BLOB NOT NULL)",
      "CREATE UNIQUE INDEX IF NOT EXISTS `UQE_jfs_chunk_chunk` ON `jfs_chunk` (`inode`,`indx`)",
      "CREATE TABLE IF NOT EXISTS `jfs_chunk_ref` (`chunkid` INTEGER PRIMARY KEY NOT NULL,"
          + " `size` INTEGER NOT NULL, `refs` INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS `jfs_delslices` (`chunkid` INTEGER PRIMARY KEY NOT NULL,"
          + " `deleted` INTEGER NOT NULL, `slices` BLOB NOT NULL)",
      "CREATE TABLE IF NOT EXISTS `jfs_session2` (`sid` INTEGER PRIMARY KEY NOT NULL,"
          + " `expire` INTEGER NOT NULL, `info` BLOB NULL)",
      "CREATE TABLE IF NOT EXISTS `jfs_sustained` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
          + " `sid` INTEGER NOT NULL, `inode` INTEGER NOT NULL)",
      "CREATE UNIQUE INDEX IF NOT EXISTS `UQE_jfs_sustained_sustained` ON `jfs_sustained` (`sid`,`inode`)",
      "CREATE TABLE IF NOT EXISTS `jfs_delfile` (`inode` INTEGER PRIMARY KEY NOT NULL,"
          + " `length` INTEGER NOT NULL, `expire` INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS `jfs_flock` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
          + " `inode` INTEGER NOT NULL, `sid` INTEGER NOT NULL, `owner` INTEGER NOT NULL, `ltype` INTEGER NOT NULL)",
      "CREATE UNIQUE INDEX IF NOT EXISTS `UQE_jfs_flock_flock` ON `jfs_flock` (`inode`,`sid`,`owner`)",
      "CREATE TABLE IF NOT EXISTS `jfs_plock` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
          + " `inode` INTEGER NOT NULL, `sid` INTEGER NOT NULL, `owner` INTEGER NOT NULL, `records` BLOB NOT NULL)",
      "CREATE UNIQUE INDEX IF NOT EXISTS `UQE_jfs_plock_plock` ON `jfs_plock` (`inode`,`sid`,`owner`)");

  private VolumeFormatter() {}

  /**
   * Formats the volume in the SQLite file {@code db} unless it is formatted already; then checks that it is the
   * volume asked for and that its bucket directory exists.
   *
   * @return true if this call formatted the volume
   */
  static boolean ensureFormatted(Path db, String volume, ObjectStore store) throws IOException {
    checkName(volume);
    Files.createDirectories(db.toAbsolutePath().getParent());
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    // WAL lets the readers in other processes (index servers, CLI, FUSE) go on while one writes.
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // Immediate write transactions, so that two processes starting together cannot both format.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    try (Connection c = config.createConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
      c.setAutoCommit(false);
      try {
        String existing = readFormat(c);
        if (existing != null) {
          c.rollback();
          checkExisting(existing, volume, db.toString());
          return false;
        }
        prepareStore(store, volume);
        writeVolume(c, volume, store);
        c.commit();
        LOG.info("formatted JuiceFS volume {} (metadata {}, objects in {})", volume, db, store);
        return true;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IOException("cannot format JuiceFS metadata in " + db + ": " + e.getMessage(), e);
    }
  }

  /**
   * Formats the volume in the Redis database of {@code metaUrl} unless it is formatted already; then checks that it
   * is the volume asked for and that its bucket directory exists.
   *
   * @return true if this call formatted the volume
   */
  static boolean ensureFormattedRedis(String metaUrl, String volume, ObjectStore store) throws IOException {
    checkName(volume);
    String where = MetaUrl.parse(metaUrl).redacted();
    try (RedisConnection redis = RedisConnection.open(metaUrl)) {
      Object existing = redis.call("GET", "setting");
      if (existing != null) {
        checkExisting(new String((byte[]) existing, StandardCharsets.UTF_8), volume, where);
        return false;
      }
      prepareStore(store, volume);
      String format = formatJson(volume, UUID.randomUUID().toString(), store);
      // NX: of two processes formatting at once, one writes the record and the other checks it.
      if (redis.call("SET", "setting", format, "NX") == null) {
        checkExisting(new String((byte[]) redis.call("GET", "setting"), StandardCharsets.UTF_8), volume, where);
        return false;
      }
      redis.call("SET".getBytes(StandardCharsets.US_ASCII), "i1".getBytes(StandardCharsets.US_ASCII), rootAttr(),
          "NX".getBytes(StandardCharsets.US_ASCII));
      LOG.info("formatted JuiceFS volume {} (metadata {}, objects in {})", volume, where, store);
      return true;
    }
  }

  /** Returns the root directory's attributes as JuiceFS's Redis engine marshals them (big-endian, 71 bytes). */
  private static byte[] rootAttr() {
    long now = System.currentTimeMillis() / 1000;
    ByteBuffer b = ByteBuffer.allocate(71);
    b.put((byte) 0); // flags
    b.putShort((short) (2 << 12 | 0777)); // TypeDirectory, rwxrwxrwx
    b.putInt(0).putInt(0); // owner and group
    b.putLong(now).putInt(0).putLong(now).putInt(0).putLong(now).putInt(0); // atime, mtime, ctime
    b.putInt(2); // links
    b.putLong(4096); // length
    b.putInt(0); // device
    b.putLong(1); // parent
    return b.array();
  }

  private static void checkName(String volume) throws IOException {
    if (!VOLUME_NAME.matcher(volume).matches()) {
      throw new IOException("invalid JuiceFS volume name '" + volume
          + "': use 3 to 63 lower-case letters, digits and dashes, starting and ending with a letter or digit");
    }
  }

  /** Returns the stored format record, or null if the database holds no JuiceFS tables yet. */
  private static String readFormat(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet tables = s.executeQuery(
            "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'jfs\\_%' ESCAPE '\\'")) {
      if (!tables.next()) {
        return null;
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT value FROM jfs_setting WHERE name='format'")) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new SQLException("the database holds JuiceFS tables but no readable volume format; "
          + "refusing to format over it: " + e.getMessage(), e);
    }
  }

  /** Checks that a formatted volume is the one asked for and that its object directory is there. */
  private static void checkExisting(String formatJson, String volume, String db) throws IOException {
    JsonNode format = Json.mapper().readTree(formatJson);
    String name = format.path("Name").asText();
    if (!name.equals(volume)) {
      throw new IOException(db + " holds JuiceFS volume '" + name + "', not '" + volume
          + "'; set juicefs.volume to '" + name + "' or use another metadata database");
    }
    if ("file".equals(format.path("Storage").asText())) {
      Path stored = Path.of(format.path("Bucket").asText());
      if (!Files.isDirectory(stored)) {
        throw new IOException("the object storage directory " + stored + " of JuiceFS volume '" + name
            + "' is missing; restore it before opening the volume");
      }
    }
  }

  /**
   * Makes a local bucket's folder for the volume, refusing when it already holds objects; an S3 bucket must exist
   * already (JuiceFS's SDK does not create it) and is not checked.
   */
  private static void prepareStore(ObjectStore store, String volume) throws IOException {
    if (store.isFile()) {
      checkBucketEmpty(store.directory(), volume);
      Files.createDirectories(store.directory().resolve(volume));
    }
  }

  /** Refuses to format when the bucket already holds objects under the volume's prefix. */
  private static void checkBucketEmpty(Path bucket, String volume) throws IOException {
    Path objects = bucket.resolve(volume);
    if (Files.isDirectory(objects)) {
      try (Stream<Path> entries = Files.list(objects)) {
        if (entries.findAny().isPresent()) {
          throw new IOException("the metadata database is empty but " + objects
              + " already holds objects of a JuiceFS volume; refusing to format over them");
        }
      }
    }
  }

  /** Creates the tables and writes the format record, the root directory and the counters. */
  private static void writeVolume(Connection c, String volume, ObjectStore store) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String ddl : SCHEMA) {
        s.execute(ddl);
      }
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO jfs_setting (name, value) VALUES ('format', ?)")) {
      p.setString(1, formatJson(volume, UUID.randomUUID().toString(), store));
      p.executeUpdate();
    }
    long micros = System.currentTimeMillis() * 1000;
    try (PreparedStatement p = c.prepareStatement(
        "INSERT INTO jfs_node (inode, type, flags, mode, uid, gid, atime, mtime, ctime, nlink, length, rdev, parent)"
            + " VALUES (1, 2, 0, 511, 0, 0, ?, ?, ?, 2, 4096, 0, 1)")) {
      p.setLong(1, micros);
      p.setLong(2, micros);
      p.setLong(3, micros);
      p.executeUpdate();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO jfs_counter (name, value) VALUES (?, ?)")) {
      Object[][] counters = {
        {"nextInode", 2L}, {"nextChunk", 1L}, {"nextSession", 0L},
        {"usedSpace", 0L}, {"totalInodes", 0L}, {"nextCleanupSlices", 0L}
      };
      for (Object[] counter : counters) {
        p.setString(1, (String) counter[0]);
        p.setLong(2, (Long) counter[1]);
        p.executeUpdate();
      }
    }
  }

  /** Returns the format record as Go's {@code json.MarshalIndent(format, "", "")} writes it. */
  static String formatJson(String volume, String uuid, ObjectStore store) {
    return "{\n"
        + "\"Name\": " + goString(volume) + ",\n"
        + "\"UUID\": " + goString(uuid) + ",\n"
        + "\"Storage\": " + goString(store.storage()) + ",\n"
        + "\"Bucket\": " + goString(store.bucket()) + ",\n"
        + (store.accessKey().isEmpty() ? "" : "\"AccessKey\": " + goString(store.accessKey()) + ",\n")
        + (store.secretKey().isEmpty() ? "" : "\"SecretKey\": " + goString(store.secretKey()) + ",\n")
        + "\"BlockSize\": 4096,\n"
        + "\"Compression\": \"none\",\n"
        + "\"TrashDays\": 0,\n"
        + "\"MetaVersion\": 1\n"
        + "}";
  }

  /** Quotes a string as Go's encoding/json does. */
  private static String goString(String value) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : value.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          // Go escapes control characters and the HTML-sensitive <, > and &.
          if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == '\u2028' || ch == '\u2029') {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
