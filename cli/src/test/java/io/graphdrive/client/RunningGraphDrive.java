package io.graphdrive.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.common.ChildJvm;
import io.graphdrive.common.FileTrees;
import io.graphdrive.common.Json;
import io.graphdrive.mount.MountTable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real {@code graphdrive up} in a temporary folder, driven as a user would: the command line and the HTTP API. */
final class RunningGraphDrive implements AutoCloseable {
  final Path work;
  final Path data;
  final int port;
  final String token;
  private final Process up;
  private final Path upLog;
  /** Whether {@link #close} removes {@link #work}: a folder this class made, once no later start uses it. */
  private boolean removesWork;
  private final HttpClient http = HttpClient.newHttpClient();

  private RunningGraphDrive(Path work, Path data, int port, Process up, Path upLog, String token) {
    this.work = work;
    this.data = data;
    this.port = port;
    this.up = up;
    this.upLog = upLog;
    this.token = token;
  }

  /** Starts {@code graphdrive up --workers 1} on a free port and returns once it says it is up. */
  static RunningGraphDrive start(String prefix) throws Exception {
    RunningGraphDrive gd = start(Files.createTempDirectory(prefix), freePort());
    gd.removesWork = true;
    return gd;
  }

  /** Starts {@code graphdrive up --workers 1} on a free port in a folder prepared by the caller ({@code work/data}). */
  static RunningGraphDrive startIn(Path work) throws Exception {
    return start(work, freePort());
  }

  /** Starts {@code up} again on the same data directory and port, once this one has stopped. */
  RunningGraphDrive restart() throws Exception {
    assertTrue(!up.isAlive(), "graphdrive up still runs");
    Files.move(upLog, work.resolve("up-" + System.currentTimeMillis() + ".log"));
    RunningGraphDrive again = start(work, port);
    again.removesWork = removesWork;
    removesWork = false;
    return again;
  }

  private static RunningGraphDrive start(Path work, int port) throws Exception {
    Path data = work.resolve("data");
    Path upLog = work.resolve("up.log");
    Process up = new ProcessBuilder(java(List.of("up", "--data", data.toString(), "--port", String.valueOf(port),
            "--workers", "1")))
        .redirectErrorStream(true).redirectOutput(upLog.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(420);
    while (!Files.readString(upLog).contains("up: web UI")) {
      assertTrue(up.isAlive(), () -> "graphdrive up died:\n" + readQuietly(upLog));
      assertTrue(System.nanoTime() < deadline, () -> "graphdrive up not ready in time:\n" + readQuietly(upLog));
      Thread.sleep(500);
    }
    return new RunningGraphDrive(work, data, port, up, upLog, Files.readString(data.resolve("api-token")).strip());
  }

  /** Returns the {@code up} process, to stop it on purpose. */
  Process upProcess() {
    return up;
  }

  /** Returns what {@code up} printed so far. */
  String upLog() {
    return readQuietly(upLog);
  }

  /** Runs a client command against this GraphDrive ({@code --server} and {@code --data} added unless given). */
  Result run(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    if (!args[0].equals("--help")) {
      if (!all.contains("--server")) {
        all.addAll(List.of("--server", "http://127.0.0.1:" + port));
      }
      all.addAll(List.of("--data", data.toString()));
    }
    Process process = new ProcessBuilder(java(all)).start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertTrue(process.waitFor(300, TimeUnit.SECONDS));
    return new Result(String.join(" ", args), process.exitValue(),
        new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  /** Starts a long-running client command (a second mount) against this GraphDrive, its output going to a log. */
  Process spawn(Path log, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", "http://127.0.0.1:" + port));
    return new ProcessBuilder(java(all)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Sends a request through nginx with an optional JSON body and bearer token. */
  HttpResponse<String> send(String method, String pathAndQuery, String body, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a request with the right token and no body. */
  HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
    return send(method, pathAndQuery, null, token);
  }

  /** GETs an API path that must answer 200 and returns its JSON. */
  JsonNode api(String pathAndQuery) throws Exception {
    HttpResponse<String> response = send("GET", pathAndQuery);
    assertEquals(200, response.statusCode(), () -> pathAndQuery + " -> " + response.body());
    return Json.mapper().readTree(response.body());
  }

  /**
   * Waits until tagging is done with a file and returns its status, or "not in the graph" after 180 s: its event
   * may reach the graph only when a journal is replayed, so a 404 is waited through.
   */
  String awaitTagged(String path) throws Exception {
    ApiClient api = new ApiClient("http://127.0.0.1:" + port, token);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    JsonNode file = api.awaitTagged(path, Duration.ofSeconds(180), Duration.ofMillis(500));
    while (file == null && System.nanoTime() < deadline) {
      Thread.sleep(500);
      file = api.awaitTagged(path, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), Duration.ofMillis(500));
    }
    return file == null ? "not in the graph" : file.path("status").asText();
  }

  /**
   * Stops {@code up} as Ctrl-C would, if it still runs, then removes the folder {@link #start(String)} made, unless
   * the drive is still mounted in it.
   */
  @Override
  public void close() throws Exception {
    if (up.isAlive()) {
      up.destroy();
      up.waitFor(120, TimeUnit.SECONDS);
      up.destroyForcibly();
    }
    if (removesWork && !up.isAlive() && !MountTable.isMounted(data.resolve("drive"))) {
      FileTrees.delete(work);
    }
  }

  /** Returns a URL query value, encoded. */
  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Returns a port nothing listens on right now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Returns the command that runs the CLI in a new JVM on the test classpath. */
  private static List<String> java(List<String> args) {
    return ChildJvm.command(System.getProperty("java.class.path"),
        List.of("-Dgraphdrive.home=" + Path.of("..").toAbsolutePath().normalize()), Main.class.getName(), args);
  }

  static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** What one CLI run printed and returned. */
  record Result(String args, int exit, String out, String err) {
    /** Returns the run for an assertion message. */
    String describe() {
      return "graphdrive " + args + " -> exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }
}
