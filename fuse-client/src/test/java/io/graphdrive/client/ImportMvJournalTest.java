package io.graphdrive.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.common.Json;
import io.graphdrive.events.EventJournal;
import io.graphdrive.events.HttpEventPoster;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** Runs {@code graphdrive up} for real and drives {@code import}, {@code mv} and the event journal against it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportMvJournalTest {
  private static final int GOOD_FILES = 50;

  private final HttpClient http = HttpClient.newHttpClient();
  private Path work;
  private Path data;
  private int port;
  private Process up;
  private Path upLog;
  private String token;

  @BeforeAll
  void startGraphDrive() throws Exception {
    work = Files.createTempDirectory("graphdrive-import");
    data = work.resolve("data");
    port = freePort();
    upLog = work.resolve("up.log");
    up = new ProcessBuilder(cli("up", "--data", data.toString(), "--port", String.valueOf(port), "--workers", "1"))
        .redirectErrorStream(true).redirectOutput(upLog.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(420);
    while (!Files.readString(upLog).contains("up: web UI")) {
      assertTrue(up.isAlive(), () -> "graphdrive up died:\n" + readQuietly(upLog));
      assertTrue(System.nanoTime() < deadline, () -> "graphdrive up not ready in time:\n" + readQuietly(upLog));
      Thread.sleep(500);
    }
    token = Files.readString(data.resolve("api-token")).strip();
  }

  @AfterAll
  void stopGraphDrive() throws Exception {
    if (up != null && up.isAlive()) {
      up.destroy();
      up.waitFor(120, TimeUnit.SECONDS);
      up.destroyForcibly();
    }
  }

  @Test
  @Order(1)
  void importCopiesAFolderReportsBadNamesAndWaitsForTags() throws Exception {
    Path folder = Files.createDirectories(work.resolve("my docs"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < GOOD_FILES - 2; i++) {
      String rel = (i % 3 == 0 ? "sub/" : "") + "note-" + i + ".txt";
      Files.createDirectories(folder.resolve(rel).getParent());
      Files.writeString(folder.resolve(rel), "Note " + i + ": a recipe for soup with tomatoes, onions and basil.");
      expected.add("/imported/" + rel);
    }
    Files.createDirectories(folder.resolve("été 2024"));
    Files.writeString(folder.resolve("été 2024/naïve café.txt"), "Holiday at the sea, swimming and sunshine.");
    Files.writeString(folder.resolve("with space.txt"), "Astronomy: stars, planets and galaxies.");
    expected.add("/imported/été 2024/naïve café.txt");
    expected.add("/imported/with space.txt");
    Files.writeString(folder.resolve("bad:name.txt"), "refused");
    Files.writeString(folder.resolve("bad\nline.txt"), "refused");
    Files.createSymbolicLink(folder.resolve("link.txt"), folder.resolve("with space.txt"));
    Files.createDirectories(folder.resolve("empty"));

    Result down = run("import", folder.toString(), "/nowhere", "--server", "http://127.0.0.1:" + freePort());
    assertEquals(1, down.exit, down::describe);
    assertTrue(down.err.contains("nothing was copied"), down::describe);

    Result result = run("import", folder.toString(), "/imported", "--wait", "--timeout", "240");
    assertEquals(1, result.exit, result::describe);
    assertTrue(result.out.contains("imported " + GOOD_FILES + " files"), result::describe);
    assertTrue(result.out.contains("failed 2:") && result.out.contains("bad:name.txt")
        && result.out.contains("control characters"), result::describe);
    assertTrue(result.out.contains("skipped 1:") && result.out.contains("symbolic link"), result::describe);
    assertTrue(result.out.contains("tagged " + GOOD_FILES + ", failed 0"), result::describe);
    for (String path : expected) {
      assertEquals("TAGGED", api("/api/v1/files?path=" + enc(path)).path("status").asText(), path);
    }
    assertEquals(200, send("GET", "/api/v1/graph?path=" + enc("/imported/empty") + "&depth=1").statusCode());
    assertEquals(404, send("GET", "/api/v1/files?path=" + enc("/imported/bad:name.txt")).statusCode());
  }

  @Test
  @Order(2)
  void eventsJournaledWhileTheServerIsDownArriveOnceItIsBack() throws Exception {
    String modified = "/imported/note-1.txt";
    String deleted = "/imported/note-2.txt";
    String updatedBefore = api("/api/v1/files?path=" + enc(modified)).path("updatedAt").asText();
    Path journalDir = data.resolve("journal");
    String dead = "http://127.0.0.1:" + freePort();
    try (EventJournal journal = EventJournal.open(journalDir, new HttpEventPoster(dead, token))) {
      journal.accept(new Event(EventType.MODIFIED, modified, null));
      journal.accept(new Event(EventType.DELETED, deleted, null));
      journal.accept(new Event(EventType.MODIFIED, modified, null));
      assertFalse(journal.awaitDrained(Duration.ofSeconds(2)));
      assertEquals(3, journal.pending());
    }
    // A second run against the dead server takes the events over and keeps them too.
    try (EventJournal journal = EventJournal.open(journalDir, new HttpEventPoster(dead, token))) {
      assertFalse(journal.awaitDrained(Duration.ofSeconds(1)));
      assertEquals(3, journal.pending());
    }
    assertEquals("TAGGED", api("/api/v1/files?path=" + enc(deleted)).path("status").asText());
    try (EventJournal journal = EventJournal.open(journalDir, new HttpEventPoster("http://127.0.0.1:" + port, token))) {
      assertTrue(journal.awaitDrained(Duration.ofSeconds(30)));
    }
    assertEquals(404, send("GET", "/api/v1/files?path=" + enc(deleted)).statusCode());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    JsonNode file = api("/api/v1/files?path=" + enc(modified));
    while (!file.path("status").asText().equals("TAGGED") || file.path("updatedAt").asText().equals(updatedBefore)) {
      assertTrue(System.nanoTime() < deadline, "not re-tagged: " + file);
      Thread.sleep(300);
      file = api("/api/v1/files?path=" + enc(modified));
    }
    try (var left = Files.list(journalDir)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  @Order(3)
  void mvKeepsTagsAndTaggedAt() throws Exception {
    JsonNode before = api("/api/v1/files?path=" + enc("/imported/with space.txt"));
    Result mv = run("mv", "/imported/with space.txt", "/moved/renamed ü.txt");
    assertEquals(0, mv.exit, mv::describe);
    assertEquals(404, send("GET", "/api/v1/files?path=" + enc("/imported/with space.txt")).statusCode());
    JsonNode after = api("/api/v1/files?path=" + enc("/moved/renamed ü.txt"));
    assertEquals("TAGGED", after.path("status").asText());
    assertEquals(before.path("taggedAt"), after.path("taggedAt"));
    assertEquals(tags(before), tags(after));

    Map<String, JsonNode> inSub = new TreeMap<>();
    for (int i = 0; i < GOOD_FILES - 2; i += 3) {
      inSub.put("note-" + i + ".txt", api("/api/v1/files?path=" + enc("/imported/sub/note-" + i + ".txt")));
    }
    Result mvDir = run("mv", "/imported/sub", "/archive/");
    assertEquals(0, mvDir.exit, mvDir::describe);
    assertTrue(mvDir.out.contains("/archive/sub"), mvDir::describe);
    for (Map.Entry<String, JsonNode> e : inSub.entrySet()) {
      JsonNode moved = api("/api/v1/files?path=" + enc("/archive/sub/" + e.getKey()));
      assertEquals(e.getValue().path("taggedAt"), moved.path("taggedAt"), e.getKey());
      assertEquals(tags(e.getValue()), tags(moved), e.getKey());
    }

    Result missing = run("mv", "/no/such.txt", "/x.txt");
    assertEquals(1, missing.exit, missing::describe);
    assertTrue(missing.err.contains("no such file"), missing::describe);
    Result down = run("mv", "/moved/renamed ü.txt", "/y.txt", "--server", "http://127.0.0.1:" + freePort());
    assertEquals(1, down.exit, down::describe);
    assertTrue(down.err.contains("nothing was moved"), down::describe);
    Result help = run("mv", "--help");
    assertEquals(0, help.exit, help::describe);
    assertTrue(help.out.contains("tags stay") && help.out.contains("Examples"), help::describe);
  }

  private static List<String> tags(JsonNode file) {
    List<String> tags = new ArrayList<>();
    file.path("tags").forEach(t -> tags.add(t.path("name").asText() + "=" + t.path("score").asText()));
    tags.sort(null);
    assertFalse(tags.isEmpty(), () -> "no tags: " + file);
    return tags;
  }

  private JsonNode api(String pathAndQuery) throws Exception {
    HttpResponse<String> response = send("GET", pathAndQuery);
    assertEquals(200, response.statusCode(), () -> pathAndQuery + " -> " + response.body());
    return Json.mapper().readTree(response.body());
  }

  private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Result run(String... args) throws Exception {
    List<String> command = cli(args);
    command.addAll(List.of("--data", data.toString()));
    Process process = new ProcessBuilder(command).start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertTrue(process.waitFor(300, TimeUnit.SECONDS));
    return new Result(String.join(" ", args), process.exitValue(),
        new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  private List<String> cli(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
        command.add(arg);
      }
    }
    command.add("-Dgraphdrive.home=" + Path.of("..").toAbsolutePath().normalize());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    if (!args[0].equals("up") && !List.of(args).contains("--server")) {
      command.addAll(List.of("--server", "http://127.0.0.1:" + port));
    }
    return command;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** What one CLI run printed and returned. */
  private record Result(String args, int exit, String out, String err) {
    String describe() {
      return "graphdrive " + args + " -> exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }
}
