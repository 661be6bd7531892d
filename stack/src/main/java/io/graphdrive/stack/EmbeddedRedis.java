package io.graphdrive.stack;

import io.graphdrive.common.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Redis server that holds the JuiceFS metadata of the embedded default: started by {@code up} on a Unix socket
 * inside the data directory (reachable by its owner only), its changes appended to a file fsynced every second.
 */
final class EmbeddedRedis {
  /** What redis-server logs once it serves. */
  static final String READY = "ready to accept connections";
  // A Unix socket path must fit in sockaddr_un's 108 bytes.
  private static final int MAX_SOCKET_PATH = 100;
  // What a unix:// URL carries unquoted, read alike by Java's URI and Go's net/url (which libjfs uses).
  private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9/._+~-]+");

  private EmbeddedRedis() {}

  /**
   * Settles where the volume's metadata lives and returns the settings to run with: a URL set by the user is kept,
   * a data directory that has SQLite metadata keeps it, and a new one gets the embedded Redis, written to its
   * {@code graphdrive.properties} so that every later command finds it.
   */
  static Config settle(Config config) throws IOException {
    if (config.get(Config.JUICEFS_META, null) != null || Files.exists(config.dataDir().resolve("meta.db"))) {
      return config;
    }
    Path socket = socket(config);
    if (socket.toString().length() > MAX_SOCKET_PATH) {
      EmbeddedStack.log("metadata: SQLite (the data directory's path is too long for a Redis socket: %s)", socket);
      return config;
    }
    if (!PLAIN_PATH.matcher(socket.toString()).matches()) {
      EmbeddedStack.log("metadata: SQLite (the data directory's path has characters a metadata URL cannot carry "
          + "as they are: %s)", socket);
      return config;
    }
    Path file = config.dataDir().resolve("graphdrive.properties");
    Files.writeString(file, "# Set by `graphdrive up` for a new data directory: the embedded Redis holds the "
        + "JuiceFS metadata.\n" + Config.JUICEFS_META + "=" + url(config) + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    EmbeddedStack.log("metadata: the embedded Redis (%s)", socket);
    return Config.load(config.dataDir());
  }

  /** Returns whether the settings name the embedded Redis, which {@code up} then starts. */
  static boolean inUse(Config config) {
    return config.juicefsMeta().startsWith("unix://" + socket(config) + "?");
  }

  /** Returns the command line of redis-server for the data directory. */
  static List<String> command(Config config) throws IOException {
    Path dir = Files.createDirectories(config.dataDir().resolve("redis"));
    Files.deleteIfExists(socket(config));
    return List.of(Installation.debianProgram("redis-server"), "--port", "0", "--unixsocket", socket(config).toString(), "--unixsocketperm", "700",
        "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
        "--daemonize", "no", "--loglevel", "notice");
  }

  private static String url(Config config) {
    return "unix://" + socket(config) + "?db=1";
  }

  private static Path socket(Config config) {
    return config.dataDir().resolve("redis/redis.sock");
  }
}
