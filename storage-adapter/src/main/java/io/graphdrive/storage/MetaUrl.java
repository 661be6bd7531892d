package io.graphdrive.storage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A JuiceFS metadata URL such as {@code sqlite3:///abs/meta.db}, {@code redis://host:6379/1} or
 * {@code unix:///abs/redis.sock?db=1}.
 */
final class MetaUrl {
  private static final String SQLITE = "sqlite3://";

  private final String url;

  private MetaUrl(String url) {
    this.url = url;
  }

  /** Parses a metadata URL; a SQLite one must name an absolute file. */
  static MetaUrl parse(String url) {
    if (url == null || url.isBlank() || !url.contains("://")) {
      throw new IllegalArgumentException("JuiceFS metadata URL must look like sqlite3:///abs/meta.db or "
          + "redis://host:6379/1, not '" + url + "'");
    }
    MetaUrl meta = new MetaUrl(url.strip());
    meta.sqliteFile().ifPresent(file -> {
      if (!file.isAbsolute()) {
        throw new IllegalArgumentException("SQLite metadata file must be an absolute path: " + url);
      }
    });
    return meta;
  }

  /** Returns the database file if this is SQLite metadata. */
  Optional<Path> sqliteFile() {
    if (!url.startsWith(SQLITE)) {
      return Optional.empty();
    }
    String rest = url.substring(SQLITE.length());
    int query = rest.indexOf('?');
    return Optional.of(Path.of(query < 0 ? rest : rest.substring(0, query)));
  }

  /** Returns whether this is Redis metadata, reached over TCP ({@code redis://}) or a Unix socket ({@code unix://}). */
  boolean isRedis() {
    return url.startsWith("redis://") || url.startsWith("unix://");
  }

  /** Returns the URL to hand to libjfs: SQLite gets a busy timeout and WAL unless the URL sets them. */
  String forSdk() {
    if (sqliteFile().isEmpty()) {
      return url;
    }
    // Without a busy timeout, SQLite answers "database is locked" at once while another process writes.
    StringBuilder sb = new StringBuilder(url);
    char sep = url.contains("?") ? '&' : '?';
    if (!url.contains("_busy_timeout=") && !url.contains("_timeout=")) {
      sb.append(sep).append("_busy_timeout=").append(VolumeFormatter.BUSY_TIMEOUT_MS);
      sep = '&';
    }
    if (!url.contains("_journal")) {
      sb.append(sep).append("_journal_mode=WAL");
    }
    return sb.toString();
  }

  /** Returns the URL with any password hidden, for messages and logs. */
  String redacted() {
    return url.replaceAll("://([^:/@]*):[^@/]*@", "://$1:****@");
  }
}
