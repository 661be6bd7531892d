package io.graphdrive.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j 5 embedded with Bolt on 127.0.0.1, auth on and a generated password, until SIGTERM.
 *
 * <p>Arguments: {@code --data DIR --bolt-port PORT}. The store lives in {@code DIR/neo4j} and the
 * password of user {@code neo4j} in {@code DIR/neo4j-password} (mode 0600). System property
 * {@code neo4j.pagecache} (e.g. {@code 256m}) sizes the page cache; default 128m.
 */
public final class Neo4jServerMain {
  private static final String USER = "neo4j";

  private Neo4jServerMain() {}

  /** Starts the server, prints {@code READY bolt://127.0.0.1:PORT}, and blocks until the JVM stops. */
  public static void main(String[] args) throws Exception {
    Path data = null;
    int port = -1;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--data" -> data = Path.of(require(args[i], value)).toAbsolutePath().normalize();
        case "--bolt-port" -> port = parsePort(require(args[i], value));
        default -> usage("unknown argument " + args[i]);
      }
      i++;
    }
    if (data == null || port < 0) {
      usage("--data and --bolt-port are required");
    }
    Files.createDirectories(data);
    Path passwordFile = data.resolve("neo4j-password");
    boolean newPassword = !Files.exists(passwordFile);
    String password = newPassword ? writePassword(passwordFile) : Files.readString(passwordFile).strip();

    long start = System.nanoTime();
    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(data.resolve("neo4j"))
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(HttpConnector.enabled, false)
        .setConfig(HttpsConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        .setConfig(GraphDatabaseSettings.pagecache_memory,
            ByteUnit.parse(System.getProperty("neo4j.pagecache", "128m")))
        // Preallocation writes 256 MB of transaction log per database up front: 0.5 GB for an empty drive.
        .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
        // Netty waits 2 s of quiet per event loop group by default, which makes stopping take ~10 s.
        .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
        .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(3))
        .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dbms.shutdown();
      stopped.countDown();
    }, "neo4j-shutdown"));
    setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password, newPassword);
    awaitBolt(port);
    System.out.printf("READY bolt://127.0.0.1:%d%n", port);
    System.out.printf("neo4j started in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    System.out.flush();
    stopped.await();
  }

  /**
   * Gives user neo4j the password from the file: always after a new password was generated, else
   * only while the store still has the initial one (a store made before the file existed).
   */
  private static void setPassword(GraphDatabaseService system, String password, boolean newPassword) {
    boolean initial = system.executeTransactionally(
        "SHOW USERS YIELD user, passwordChangeRequired WHERE user = $user RETURN passwordChangeRequired",
        Map.of("user", USER),
        result -> result.hasNext() && Boolean.TRUE.equals(result.next().get("passwordChangeRequired")));
    if (newPassword || initial) {
      system.executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
          Map.of("password", password));
    }
  }

  /** Writes a new random password to the file with mode 0600 and returns it. */
  private static String writePassword(Path file) throws IOException {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Path tmp = Files.createTempFile(file.getParent(), ".neo4j-password", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return password;
  }

  /** Waits until the Bolt port accepts TCP connections; the embedded builder may return slightly before. */
  private static void awaitBolt(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Bolt did not open on port " + port, e);
        }
        Thread.sleep(50);
      }
    }
  }

  private static String require(String flag, String value) {
    if (value == null) {
      usage(flag + " needs a value");
    }
    return value;
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 1 || port > 65535) {
        usage("--bolt-port must lie in 1..65535");
      }
      return port;
    } catch (NumberFormatException e) {
      usage("--bolt-port must be a number, not '" + value + "'");
      return -1;
    }
  }

  private static void usage(String problem) {
    System.err.println("neo4j-server: " + problem);
    System.err.println("usage: Neo4jServerMain --data DIR --bolt-port PORT");
    System.exit(2);
  }
}
