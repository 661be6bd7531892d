package io.graphdrive.index;

import io.graphdrive.common.ApiToken;
import io.graphdrive.common.Config;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/** The real neo4j-server module run as a child JVM, once for the whole test run; for tests. */
final class Neo4jProcess {
  private static Neo4jProcess shared;

  private final Process process;
  private final Path dataDir;
  private final int port;
  private final String password;

  private Neo4jProcess(Process process, Path dataDir, int port, String password) {
    this.process = process;
    this.dataDir = dataDir;
    this.port = port;
    this.password = password;
  }

  /** Returns the one Neo4j of this test JVM, starting it on first use; it stops when the JVM exits. */
  static synchronized Neo4jProcess shared() throws Exception {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  private static Neo4jProcess start() throws Exception {
    Path module = Path.of("..", "neo4j-server", "target").toAbsolutePath().normalize();
    Path jar = module.resolve("neo4j-server-0.1.0-SNAPSHOT.jar");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(module.resolve("lib"))) {
      throw new IllegalStateException(jar + " or its lib/ is missing: run 'mvn package -pl neo4j-server' first");
    }
    Path data = Files.createTempDirectory("graphdrive-neo4j-test");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-Dneo4j.pagecache=64m",
        "-cp", jar + ":" + module.resolve("lib") + "/*", "io.graphdrive.neo4j.Neo4jServerMain",
        "--data", data.toString(), "--bolt-port", Integer.toString(port)))
        .redirectErrorStream(true)
        .start();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    StringBuilder log = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          synchronized (log) {
            log.append(line).append('\n');
          }
          if (line.startsWith("READY bolt://127.0.0.1:" + port)) {
            ready.complete(true);
          }
        }
      } catch (IOException e) {
        // the process ended; the future below tells
      }
      ready.complete(false);
    }, "neo4j-test-log");
    reader.setDaemon(true);
    reader.start();
    if (!ready.get(Duration.ofSeconds(180).toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("neo4j-server did not start:\n" + log);
    }
    String password = Files.readString(data.resolve("neo4j-password")).strip();
    return new Neo4jProcess(process, data, port, password);
  }

  /** Returns the Bolt URI. */
  String uri() {
    return "bolt://127.0.0.1:" + port;
  }

  /** Returns the password of user neo4j. */
  String password() {
    return password;
  }

  /** Returns a new driver for the server. */
  Driver driver() {
    return GraphDatabase.driver(uri(), AuthTokens.basic("neo4j", password));
  }

  /**
   * Empties the graph and readies {@code data} for an index server on it: the Neo4j password and an API token are
   * written there. Returns its settings: this Neo4j, the JuiceFS volume {@code volume} (libjfs takes one metadata URL
   * per volume name and process, and the test classes share a JVM), and {@code more}.
   */
  Config serverSettings(Path data, String volume, Map<String, String> more) throws IOException {
    clear();
    Files.writeString(data.resolve("neo4j-password"), password);
    ApiToken.readOrCreate(data.resolve("api-token"));
    Map<String, String> settings = new HashMap<>(more);
    settings.put("GRAPHDRIVE_NEO4J_URI", uri());
    settings.put("GRAPHDRIVE_JUICEFS_VOLUME", volume);
    return Config.load(data, settings);
  }

  /** Deletes every node and relationship (schema stays). */
  void clear() {
    try (Driver driver = driver(); Session session = driver.session()) {
      session.run("MATCH (n) DETACH DELETE n").consume();
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (InterruptedException | IOException e) {
      process.destroyForcibly();
    }
  }
}
