package io.graphdrive.common;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * GraphDrive's settings. Each key is looked up, first hit wins, in: a JVM system property of the
 * same name, an environment variable ({@code GRAPHDRIVE_} + the key upper-cased with dots and dashes
 * as underscores, e.g. {@code juicefs.meta} is {@code GRAPHDRIVE_JUICEFS_META}), the file
 * {@code <data>/graphdrive.properties}, then the built-in default.
 */
public final class Config {
  /** Drive data directory; everything else defaults to a place under it. */
  public static final String DATA = "data";
  /** Port nginx listens on for the API and the web UI. */
  public static final String PORT = "port";
  /** Address an index server listens on (default 127.0.0.1). */
  public static final String HTTP_HOST = "http.host";
  /** Bolt URI of Neo4j. */
  public static final String NEO4J_URI = "neo4j.uri";
  /** Neo4j user name. */
  public static final String NEO4J_USER = "neo4j.user";
  /** Neo4j password; the embedded default writes one to {@code <data>/neo4j-password}. */
  public static final String NEO4J_PASSWORD = "neo4j.password";
  /** JuiceFS metadata URL, e.g. {@code sqlite3:///abs/meta.db} or {@code redis://host:6379/1}. */
  public static final String JUICEFS_META = "juicefs.meta";
  /** Object storage for a new volume: a directory ({@code file} storage) or an S3 bucket's http(s) URL. */
  public static final String JUICEFS_BUCKET = "juicefs.bucket";
  /** Access key of an S3 bucket. */
  public static final String JUICEFS_ACCESS_KEY = "juicefs.access-key";
  /** Secret key of an S3 bucket; best given as {@code GRAPHDRIVE_JUICEFS_SECRET_KEY}. */
  public static final String JUICEFS_SECRET_KEY = "juicefs.secret-key";
  /** Name of the JuiceFS volume. */
  public static final String JUICEFS_VOLUME = "juicefs.volume";
  /** Ray cluster address; empty runs Ray in LOCAL mode inside the JVM. */
  public static final String RAY_ADDRESS = "ray.address";
  /** Number of tagging actors. */
  public static final String WORKERS = "workers";
  /** Tag vocabulary file. */
  public static final String VOCABULARY = "vocabulary";

  private final Path dataDir;
  private final Properties file;
  private final Map<String, String> env;

  private Config(Path dataDir, Properties file, Map<String, String> env) {
    this.dataDir = dataDir;
    this.file = file;
    this.env = env;
  }

  /** Loads the settings for a data directory (which need not exist yet). */
  public static Config load(Path dataDir) {
    return load(dataDir, System.getenv());
  }

  /** Loads the settings for a data directory with the given environment; for tests. */
  public static Config load(Path dataDir, Map<String, String> env) {
    Path abs = dataDir.toAbsolutePath().normalize();
    Properties props = new Properties();
    Path file = abs.resolve("graphdrive.properties");
    if (Files.isRegularFile(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return new Config(abs, props, env);
  }

  /** Returns the absolute data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** Returns a setting, or its default when it is set nowhere. */
  public String get(String key, String defaultValue) {
    String value = System.getProperty(key);
    if (value == null) {
      value = env.get("GRAPHDRIVE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    if (value == null) {
      value = file.getProperty(key);
    }
    return value == null ? defaultValue : value.strip();
  }

  /** Returns an integer setting, or its default; a value that is no number is a clear error. */
  public int getInt(String key, int defaultValue) {
    String value = get(key, null);
    if (value == null || value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + key + " must be a whole number, not '" + value + "'");
    }
  }

  /**
   * Returns an integer setting, or its default, that must lie from {@code min} to {@code max}; a value outside is a
   * clear error naming the setting ({@code Integer.MAX_VALUE}: no upper bound).
   */
  public int getInt(String key, int defaultValue, int min, int max) {
    int n = getInt(key, defaultValue);
    if (n < min || n > max) {
      throw new IllegalArgumentException("setting " + key + " must be "
          + (max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max));
    }
    return n;
  }

  /** Returns a whole-number setting that may exceed an int (a byte count, say), or its default. */
  public long getLong(String key, long defaultValue) {
    String value = get(key, null);
    if (value == null || value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + key + " must be a whole number, not '" + value + "'");
    }
  }

  /** Returns the port nginx serves on (default 8080). */
  public int port() {
    return getInt(PORT, 8080);
  }

  /** Returns the JuiceFS metadata URL (default SQLite under the data directory). */
  public String juicefsMeta() {
    return get(JUICEFS_META, "sqlite3://" + dataDir.resolve("meta.db"));
  }

  /**
   * Returns the object storage for a new JuiceFS volume: a directory (default {@code <data>/bucket}) or an S3
   * bucket's URL such as {@code http://127.0.0.1:9000/graphdrive}.
   */
  public String juicefsBucket() {
    return get(JUICEFS_BUCKET, dataDir.resolve("bucket").toAbsolutePath().toString());
  }

  /** Returns the JuiceFS volume name (default {@code graphdrive}). */
  public String juicefsVolume() {
    return get(JUICEFS_VOLUME, "graphdrive");
  }

  /** Returns the Ray cluster address, or "" for LOCAL mode. */
  public String rayAddress() {
    return get(RAY_ADDRESS, "");
  }

  /** Returns the number of tagging actors (default: the number of cores). */
  public int workers() {
    return getInt(WORKERS, Runtime.getRuntime().availableProcessors(), 1, Integer.MAX_VALUE);
  }

  /** Returns the tag vocabulary file (default {@code <data>/vocabulary.txt}). */
  public Path vocabulary() {
    return Path.of(get(VOCABULARY, dataDir.resolve("vocabulary.txt").toString())).toAbsolutePath();
  }

  /** Returns the file holding the API token. */
  public Path apiTokenFile() {
    return dataDir.resolve("api-token");
  }

  /** Returns the directory processes write their pid files to. */
  public Path runDir() {
    return dataDir.resolve("run");
  }

  /** Returns the directory processes write their logs to. */
  public Path logDir() {
    return dataDir.resolve("logs");
  }

  /** Returns the directory of the clients' event journals. */
  public Path journalDir() {
    return dataDir.resolve("journal");
  }
}
