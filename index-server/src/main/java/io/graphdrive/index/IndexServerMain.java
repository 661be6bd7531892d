package io.graphdrive.index;

import io.graphdrive.common.Config;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one index server: {@code IndexServerMain --data DIR --port PORT --name NAME}; prints
 * {@code READY http://127.0.0.1:PORT} once health answers 200 and stops cleanly on SIGTERM.
 */
public final class IndexServerMain {
  private IndexServerMain() {}

  /** Starts the server and blocks until the JVM is told to stop. */
  public static void main(String[] args) throws Exception {
    Path data = null;
    int port = -1;
    String name = null;
    for (int i = 0; i + 1 < args.length || i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        usage(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--data" -> data = Path.of(value);
        case "--port" -> port = port(value);
        case "--name" -> name = value;
        default -> usage("unknown argument " + args[i]);
      }
    }
    if (data == null || port < 0 || name == null || name.isBlank()) {
      usage("--data, --port and --name are required");
    }
    // The driver logs every connection at INFO; warnings are what an operator needs.
    System.setProperty("org.slf4j.simpleLogger.log.org.neo4j.driver", "warn");
    IndexServer server;
    try {
      server = IndexServer.start(Config.load(data), name, port);
    } catch (Exception e) {
      System.err.println("index-server " + name + " could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "index-server-shutdown"));
    System.out.printf("READY http://127.0.0.1:%d%n", server.port());
    System.out.flush();
    stopped.await();
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    usage("--port must be a number from 0 to 65535, not '" + value + "'");
    return -1;
  }

  private static void usage(String problem) {
    System.err.println("index-server: " + problem);
    System.err.println("usage: IndexServerMain --data DIR --port PORT --name NAME");
    System.exit(2);
  }
}
