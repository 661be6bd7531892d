package io.graphdrive.stack;

import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.common.ApiToken;
import io.graphdrive.common.Config;
import io.graphdrive.mount.ForegroundMount;
import io.graphdrive.mount.MountTable;
import io.graphdrive.storage.JuiceStorage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The embedded default on one machine: Redis (the volume's metadata), Neo4j, two index servers, nginx and the mount,
 * started and stopped in order.
 */
public final class EmbeddedStack implements AutoCloseable {
  private static final int INDEX_SERVERS = 2;

  /** Final once {@link #start} has settled where the metadata lives. */
  private Config config;
  private final Installation installation;
  private final int port;
  private final int workers;
  private final Path mountPoint;
  private final Supervisor supervisor;

  /** Describes the stack of this installation; {@code mountPoint} null means the drive is not mounted. */
  public EmbeddedStack(Config config, int port, int workers, Path mountPoint) {
    this.config = config;
    this.installation = Installation.find();
    this.port = port;
    this.workers = workers;
    this.mountPoint = mountPoint;
    this.supervisor = new Supervisor(config.runDir(), config.logDir());
  }

  /** Starts every part, returns once the API answers healthy through nginx, and from then on restarts a part that exits. */
  public void start() throws IOException, InterruptedException {
    Files.createDirectories(config.dataDir());
    Files.createDirectories(config.runDir());
    Files.createDirectories(config.logDir());
    clearLeftovers();
    Files.writeString(config.runDir().resolve("up.pid"), ProcessHandle.current().pid() + "\n");
    requireFree(port);
    ApiToken.readOrCreate(config.apiTokenFile());
    config = EmbeddedRedis.settle(config);
    if (EmbeddedRedis.inUse(config)) {
      supervisor.start(part("redis", EmbeddedRedis.command(config), 30, child -> logSays(child, EmbeddedRedis.READY)));
    }
    // Formatting here, once, keeps the two index servers from racing to format a new volume.
    long formatStart = System.nanoTime();
    try (JuiceStorage storage = JuiceStorage.open(config)) {
      storage.stat("/");
    }
    log("storage ready in %.1f s", (System.nanoTime() - formatStart) / 1e9);

    int boltPort = freePort();
    supervisor.start(part("neo4j", installation.java("neo4j-server", List.of("-Xmx768m"),
        "io.graphdrive.neo4j.Neo4jServerMain",
        List.of("--data", config.dataDir().toString(), "--bolt-port", String.valueOf(boltPort))),
        180, child -> logSays(child, "READY bolt://")));

    List<Integer> serverPorts = new ArrayList<>();
    List<Supervisor.Part> servers = new ArrayList<>();
    for (int i = 1; i <= INDEX_SERVERS; i++) {
      int serverPort = freePort();
      serverPorts.add(serverPort);
      List<String> jvm = new ArrayList<>(List.of("-Xmx1536m",
          "-D" + Config.NEO4J_URI + "=bolt://127.0.0.1:" + boltPort,
          "-D" + Config.WORKERS + "=" + workers));
      servers.add(part("index-server-" + i, installation.java("index-server", jvm,
          "io.graphdrive.index.IndexServerMain", List.of("--data", config.dataDir().toString(),
              "--port", String.valueOf(serverPort), "--name", "index-server-" + i)),
          300, child -> healthy(serverPort)));
    }
    supervisor.start(servers);

    supervisor.start(part("nginx", nginxCommand(serverPorts), 30, child -> healthy(port)));

    if (mountPoint != null) {
      // The mount is the command line's own code: it runs on this JVM's classpath. A mount killed with -9 leaves
      // its mount point dead ("transport endpoint is not connected"), so a restart first takes it off.
      supervisor.start(new Supervisor.Part("fuse", installation.javaHere(List.of("-Xmx512m"),
          ForegroundMount.class.getName(),
          List.of(mountPoint.toString(), config.dataDir().toString(), "http://127.0.0.1:" + port)),
          Duration.ofSeconds(60), child -> logSays(child, ForegroundMount.MOUNTED), () -> {
            if (MountTable.isMounted(mountPoint)) {
              MountTable.unmount(mountPoint, true);
            }
          }));
    }
    supervisor.watch();
  }

  /** Stops every part, newest first: the mount, nginx, the index servers, Neo4j, then Redis. */
  @Override
  public void close() {
    supervisor.close();
    try {
      Files.deleteIfExists(config.runDir().resolve("up.pid"));
    } catch (IOException e) {
      log("cannot remove up.pid: %s", e.getMessage());
    }
  }

  private static Supervisor.Part part(String name, List<String> command, int readySeconds,
      java.util.function.Predicate<ChildProcess> ready) {
    return new Supervisor.Part(name, command, Duration.ofSeconds(readySeconds), ready, () -> { });
  }

  private List<String> nginxCommand(List<Integer> serverPorts) throws IOException {
    Path prefix = Files.createDirectories(config.runDir().resolve("nginx"));
    StringBuilder upstreams = new StringBuilder();
    for (int serverPort : serverPorts) {
      upstreams.append("        server 127.0.0.1:").append(serverPort).append(" max_fails=1 fail_timeout=5s;\n");
    }
    String template = Files.readString(installation.home().resolve("nginx/graphdrive.conf.template"));
    Path conf = prefix.resolve("nginx.conf");
    Files.writeString(conf, template
        .replace("${PORT}", String.valueOf(port))
        .replace("${UPSTREAMS}", upstreams.toString().stripTrailing())
        .replace("${PREFIX}", prefix.toString()), StandardCharsets.UTF_8);
    return List.of(Installation.debianProgram("nginx"), "-p", prefix + "/", "-c", conf.toString(),
        "-e", prefix.resolve("error.log").toString());
  }

  private static boolean logSays(ChildProcess child, String text) {
    try {
      return child.logContains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** Asks a server on this machine for its health, the probe `graphdrive status` makes too. */
  private static boolean healthy(int port) {
    return new ApiClient("http://127.0.0.1:" + port, "").healthy();
  }

  /** Stops processes an earlier run of this data directory left behind (e.g. after kill -9 of {@code up}). */
  private void clearLeftovers() throws IOException {
    Path upPid = config.runDir().resolve("up.pid");
    Optional<ProcessHandle> up = liveProcess(upPid);
    if (up.isPresent() && up.get().pid() != ProcessHandle.current().pid()) {
      throw new IOException("GraphDrive is already running on " + config.dataDir() + " (pid " + up.get().pid()
          + "); stop it with Ctrl-C or 'kill " + up.get().pid() + "'");
    }
    try (Stream<Path> pids = Files.list(config.runDir())) {
      for (Path pidFile : pids.filter(p -> p.toString().endsWith(".pid")).toList()) {
        Optional<ProcessHandle> left = liveProcess(pidFile);
        if (left.isPresent() && commandLine(left.get()).contains(config.dataDir().toString())) {
          log("stopping %s (pid %d) left over from an earlier run", pidFile.getFileName(), left.get().pid());
          left.get().destroy();
          left.get().onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).join();
          left.get().destroyForcibly();
        }
        Files.deleteIfExists(pidFile);
      }
    }
  }

  private static Optional<ProcessHandle> liveProcess(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String commandLine(ProcessHandle process) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static void requireFree(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      throw new IOException("port " + port + " is already in use on 127.0.0.1; choose another with --port");
    } catch (java.net.ConnectException | java.net.SocketTimeoutException e) {
      // nothing listens there: the port is free
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Prints one line of progress of the stack, prefixed with the command's name. */
  public static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "graphdrive: " + format + "%n", args);
  }
}
