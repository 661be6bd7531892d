package io.graphdrive.tagging;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Ray cluster of two nodes on this machine, started with the ray of the venv that scripts/setup.sh installs:
 * a head and a second node, each on ports of its own, every process under one temporary folder. The second node
 * registers as 127.0.0.2, so that a driver on this machine always joins the head's raylet.
 */
final class RayNodes implements AutoCloseable {
  /** Where scripts/setup.sh installs Ray's Python package (the version of the Ray jars). */
  static final Path RAY = Path.of("/opt/graphdrive-ray/bin/ray");
  /** The address the second node registers with. */
  static final String SECOND_NODE_IP = "127.0.0.2";

  private static final Pattern HEAD_ADDRESS = Pattern.compile("ray start --address='([^']+)'");
  private static final long START_SECONDS = 120;

  private final Path dir;
  private String address;

  private RayNodes(Path dir) {
    this.dir = dir;
  }

  /** Starts a head and a second node with the given CPUs each; fails with the reason when Ray is not installed. */
  static RayNodes start(int cpusPerNode) throws Exception {
    if (!Files.isExecutable(RAY)) {
      throw new IllegalStateException(RAY + " is missing: run scripts/setup.sh --packages-only, which installs Ray's "
          + "Python package in a venv there");
    }
    // Short: Ray's Unix sockets live under it, and their paths may not pass 107 bytes.
    RayNodes nodes = new RayNodes(Files.createTempDirectory("gd-ray"));
    try {
      String head = nodes.ray("head",
          "--head", "--port=" + freePort(), "--temp-dir=" + nodes.dir, "--include-dashboard=false",
          "--dashboard-port=" + freePort(), "--num-cpus=" + cpusPerNode, "--object-store-memory=100000000",
          "--node-manager-port=" + freePort(), "--object-manager-port=" + freePort(),
          "--dashboard-agent-listen-port=" + freePort(), "--dashboard-agent-grpc-port=" + freePort(),
          "--metrics-export-port=" + freePort(), "--runtime-env-agent-port=" + freePort(),
          "--min-worker-port=0", "--max-worker-port=0", "--disable-usage-stats");
      Matcher m = HEAD_ADDRESS.matcher(head);
      if (!m.find()) {
        throw new IllegalStateException("ray start --head printed no address:\n" + head);
      }
      nodes.address = m.group(1);
      nodes.ray("node",
          "--address=" + nodes.address, "--node-ip-address=" + SECOND_NODE_IP,
          "--num-cpus=" + cpusPerNode, "--object-store-memory=100000000",
          "--node-manager-port=" + freePort(), "--object-manager-port=" + freePort(),
          "--dashboard-agent-listen-port=" + freePort(), "--dashboard-agent-grpc-port=" + freePort(),
          "--metrics-export-port=" + freePort(), "--runtime-env-agent-port=" + freePort(),
          "--min-worker-port=0", "--max-worker-port=0", "--disable-usage-stats");
      return nodes;
    } catch (Exception | Error e) {
      nodes.close();
      throw e;
    }
  }

  /** Returns the head's address, {@code host:port}, for the setting {@code ray.address}. */
  String address() {
    return address;
  }

  /** Returns the head's IP address. */
  String headIp() {
    return address.substring(0, address.lastIndexOf(':'));
  }

  /** Kills the second node's raylet with SIGKILL; Ray's other processes of that node are left to notice. */
  void killSecondRaylet() {
    ProcessHandle raylet = processes()
        .filter(p -> command(p).map(c -> c.contains("/raylet ") && c.contains("--node_ip_address=" + SECOND_NODE_IP))
            .orElse(false))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the second node's raylet is not running"));
    raylet.destroyForcibly();
  }

  /** Kills every process of this cluster (those whose command line names its folder) and deletes the folder. */
  @Override
  public void close() throws IOException {
    // Not `ray stop`: it stops every Ray process on the machine, other clusters' too.
    List<ProcessHandle> ours = new ArrayList<>(processes().toList());
    ours.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : ours) {
      p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** Returns the live processes of this cluster: their command lines name its folder. */
  private Stream<ProcessHandle> processes() {
    String folder = dir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> command(p).map(c -> c.contains(folder)).orElse(false));
  }

  private static Optional<String> command(ProcessHandle p) {
    return p.info().commandLine();
  }

  /** Runs {@code ray start} with the arguments, its output in a log file; returns the output or throws with it. */
  private String ray(String name, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(RAY.toString(), "start"));
    command.addAll(List.of(args));
    Path log = dir.resolve("ray-start-" + name + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // Ray starts Java workers with the `java` it finds on PATH: this JVM's.
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    Process p = pb.start();
    if (!p.waitFor(START_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("ray start (" + name + ") ran past " + START_SECONDS + " s:\n" + Files.readString(log));
    }
    String output = Files.readString(log);
    if (p.exitValue() != 0) {
      throw new IllegalStateException("ray start (" + name + ") failed with exit code " + p.exitValue() + ":\n" + output);
    }
    return output;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
