package io.graphdrive.client;

import static io.graphdrive.client.RunningGraphDrive.enc;
import static io.graphdrive.client.RunningGraphDrive.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.client.RunningGraphDrive.Result;
import io.graphdrive.common.Json;
import io.graphdrive.mount.MountTable;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs {@code graphdrive up} for real (Neo4j, JuiceFS, two index servers with Ray actors, nginx) and drives it
 * through the command line and the HTTP API as a user would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
  private static final String COOKING = "Grandmother's recipe for tomato soup. Chop onions and garlic, fry them in "
      + "olive oil, add ripe tomatoes, simmer for twenty minutes, season with basil, salt and pepper, and blend. "
      + "Serve the soup hot with fresh bread. The kitchen smells of herbs and the dinner is ready.";

  private RunningGraphDrive gd;
  private Path work;
  private Path data;

  @BeforeAll
  void startGraphDrive() throws Exception {
    gd = RunningGraphDrive.start("graphdrive-e2e");
    work = gd.work;
    data = gd.data;
  }

  @AfterAll
  void stopGraphDrive() throws Exception {
    if (gd != null) {
      gd.close();
    }
  }

  @Test
  @Order(1)
  void everyPartWritesItsPidAndLog() throws Exception {
    for (String name : List.of("neo4j", "index-server-1", "index-server-2", "nginx", "fuse")) {
      long pid = Long.parseLong(Files.readString(data.resolve("run/" + name + ".pid")).strip());
      assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), name + " is not running");
      assertTrue(Files.size(data.resolve("logs/" + name + ".log")) >= 0);
    }
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(data.resolve("api-token"))));
    assertEquals(200, gd.send("GET", "/api/v1/health", null, null).statusCode());
  }

  @Test
  @Order(2)
  void textPdfAndPhotoAreTaggedAndFoundByTag() throws Exception {
    Path notes = Files.writeString(work.resolve("notes.txt"), COOKING);
    Path paper = Fixtures.pdf(work.resolve("paper.pdf"),
        "Observations of distant galaxies with a space telescope.",
        "We measure the redshift of stars and planets across the universe.",
        "Astronomy and astrophysics explain how the cosmos evolved.");
    Path photo = Fixtures.jpegWithExif(work.resolve("photo.jpg"), "Canon", "Canon EOS 5D");

    for (String[] put : List.of(new String[] {notes.toString(), "/notes.txt"},
        new String[] {paper.toString(), "/papers/paper.pdf"}, new String[] {photo.toString(), "/photos/photo.jpg"})) {
      Result result = gd.run("put", put[0], put[1], "--wait", "--timeout", "180");
      assertEquals(0, result.exit(), result::describe);
      assertTrue(result.out().contains("TAGGED"), result::describe);
    }

    Map<String, Double> paperTags = tagsOf("/papers/paper.pdf");
    assertTrue(paperTags.containsKey("pdf"), () -> "pdf tags: " + paperTags);
    assertTrue(paperTags.containsKey("document"), () -> "pdf tags: " + paperTags);
    Map<String, Double> photoTags = tagsOf("/photos/photo.jpg");
    assertTrue(photoTags.containsKey("image"), () -> "photo tags: " + photoTags);
    assertTrue(photoTags.keySet().stream().anyMatch(t -> t.contains("canon")), () -> "photo tags: " + photoTags);
    Map<String, Double> notesTags = tagsOf("/notes.txt");
    assertTrue(notesTags.keySet().stream().anyMatch(t -> t.contains("cook") || t.contains("recipe") || t.contains("food")),
        () -> "notes tags: " + notesTags);

    Result tags = gd.run("tags", "/papers/paper.pdf");
    assertEquals(0, tags.exit(), tags::describe);
    assertTrue(tags.out().contains("pdf") && tags.out().contains("meta"), tags::describe);
    // Vocabulary tags show the bar they passed; metadata tags have none.
    assertTrue(tags.out().lines().anyMatch(l -> l.contains(" text ") && l.matches(".* 0\\.\\d{3}  0\\.\\d{3} .*")),
        tags::describe);
    Result sure = gd.run("search", "--tag", "pdf", "--min-score", "0.5");
    assertTrue(sure.exit() == 0 && sure.out().contains("/papers/paper.pdf"), sure::describe);
    Result badScore = gd.run("search", "--tag", "pdf", "--min-score", "2");
    assertEquals(2, badScore.exit(), badScore::describe);

    for (String tag : paperTags.keySet()) {
      Result search = gd.run("search", "--tag", tag);
      assertEquals(0, search.exit(), search::describe);
      assertTrue(search.out().contains("/papers/paper.pdf"), () -> "search --tag " + tag + ":\n" + search.describe());
    }
    Result byName = gd.run("search", "--name", "PAPER");
    assertTrue(byName.out().contains("/papers/paper.pdf"), byName::describe);
    Result byText = gd.run("search", "--text", "redshift of stars", "--tag", "pdf");
    assertEquals(0, byText.exit(), byText::describe);
    assertTrue(byText.out().contains("/papers/paper.pdf") && byText.out().contains("redshift of stars"), byText::describe);
    Result both = gd.run("search", "--name", "a", "--text", "b");
    assertEquals(2, both.exit(), both::describe);
    assertTrue(both.err().contains("give one of"), both::describe);
  }

  @Test
  @Order(3)
  void retaggingTheSameFileGivesTheSameGraph() throws Exception {
    Set<String> before = graphOf("/notes.txt");
    Map<String, Double> tagsBefore = tagsOf("/notes.txt");
    Result again = gd.run("put", work.resolve("notes.txt").toString(), "/notes.txt", "--wait");
    assertEquals(0, again.exit(), again::describe);
    assertEquals(tagsBefore, tagsOf("/notes.txt"));
    assertEquals(before, graphOf("/notes.txt"));
  }

  @Test
  @Order(4)
  void rmRemovesTheFileAndItsOrphanTags() throws Exception {
    Set<String> onlyOnPaper = new HashSet<>(tagsOf("/papers/paper.pdf").keySet());
    onlyOnPaper.removeAll(tagsOf("/notes.txt").keySet());
    onlyOnPaper.removeAll(tagsOf("/photos/photo.jpg").keySet());
    assertTrue(onlyOnPaper.contains("pdf"), () -> "tags only on the paper: " + onlyOnPaper);

    Result rm = gd.run("rm", "/papers/paper.pdf");
    assertEquals(0, rm.exit(), rm::describe);
    Result gone = gd.run("tags", "/papers/paper.pdf");
    assertEquals(1, gone.exit(), gone::describe);
    assertTrue(gone.err().contains("no such file"), gone::describe);
    assertEquals(404, gd.send("GET", "/api/v1/files/content?path=" + enc("/papers/paper.pdf"), null, gd.token).statusCode());
    Set<String> allTags = new HashSet<>();
    for (JsonNode tag : gd.api("/api/v1/tags").path("tags")) {
      allTags.add(tag.path("name").asText());
    }
    for (String orphan : onlyOnPaper) {
      assertFalse(allTags.contains(orphan), "orphan tag survived: " + orphan);
    }
    assertTrue(allTags.containsAll(tagsOf("/notes.txt").keySet()));
    Result rmAgain = gd.run("rm", "/papers/paper.pdf");
    assertEquals(1, rmAgain.exit(), rmAgain::describe);
  }

  @Test
  @Order(5)
  void badRequestsGetClearErrorsAndChangeNothing() throws Exception {
    String before = snapshot();
    Map<String, Integer> cases = new TreeMap<>();
    cases.put("{}", 400);
    cases.put("{\"type\":\"CREATED\"}", 400);
    cases.put("{\"type\":\"CREATED\",\"path\":\"/a/../etc/passwd\"}", 400);
    cases.put("{\"type\":\"EXPLODED\",\"path\":\"/x.txt\"}", 400);
    cases.put("{\"type\":\"MOVED\",\"path\":\"/x.txt\"}", 400);
    cases.put("not json at all", 400);
    cases.put("{\"type\":\"CREATED\",\"path\":\"/big\",\"pad\":\"" + "x".repeat(10 << 20) + "\"}", 413);
    for (Map.Entry<String, Integer> c : cases.entrySet()) {
      HttpResponse<String> response = gd.send("POST", "/api/v1/events", c.getKey(), gd.token);
      String shown = c.getKey().length() > 80 ? c.getKey().substring(0, 80) + "..." : c.getKey();
      assertEquals(c.getValue(), response.statusCode(), () -> shown + " -> " + response.body());
      assertFalse(Json.mapper().readTree(response.body()).path("error").asText().isEmpty(),
          () -> shown + " gave no JSON error: " + response.body());
    }
    assertEquals(401, gd.send("GET", "/api/v1/tags", null, null).statusCode());
    assertEquals(401, gd.send("GET", "/api/v1/tags", null, "wrong-token").statusCode());
    assertEquals(401, gd.send("POST", "/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/x.txt\"}", null).statusCode());
    for (String hostile : List.of("\"", "\\", "') MATCH (n) DETACH DELETE n //", "\" OR 1=1 --", "%", "*",
        "x}) DETACH DELETE f RETURN f//", "💥", "\u0000")) {
      for (String kind : List.of("tag", "name")) {
        HttpResponse<String> response = gd.send("GET", "/api/v1/search?" + kind + "=" + enc(hostile), null, gd.token);
        assertTrue(response.statusCode() == 200 || response.statusCode() == 400, () -> hostile + " -> " + response.body());
        Json.mapper().readTree(response.body());
      }
      Result cli = gd.run("search", "--name", hostile.equals("\u0000") ? "nul" : hostile);
      assertEquals(0, cli.exit(), cli::describe);
    }
    assertEquals(before, snapshot());
  }

  @Test
  @Order(6)
  void cliSaysWhatIsWrong() throws Exception {
    Result missing = gd.run("put", work.resolve("no-such-file.txt").toString(), "/x.txt");
    assertEquals(1, missing.exit(), missing::describe);
    assertTrue(missing.err().contains("no-such-file.txt"), missing::describe);
    Result dots = gd.run("put", work.resolve("notes.txt").toString(), "/a/../b.txt");
    assertEquals(1, dots.exit(), dots::describe);
    assertTrue(dots.err().contains(".."), dots::describe);
    Result down = gd.run("status", "--server", "http://127.0.0.1:" + freePort());
    assertEquals(1, down.exit(), down::describe);
    assertTrue(down.err().contains("no GraphDrive server"), down::describe);
    Result usage = gd.run("search");
    assertEquals(2, usage.exit(), usage::describe);
    Result help = gd.run("--help");
    assertEquals(0, help.exit(), help::describe);
    for (String command : List.of("up", "put", "rm", "tags", "search", "status")) {
      assertTrue(help.out().contains(command), help::describe);
    }
    Result status = gd.run("status");
    assertEquals(0, status.exit(), status::describe);
    assertTrue(status.out().contains("TAGGED"), status::describe);
  }

  @Test
  @Order(7)
  void oddNamesRoundTrip() throws Exception {
    String odd = "/Fotos/été 2024/it's \"quoted\" & spaced.txt";
    Result put = gd.run("put", work.resolve("notes.txt").toString(), odd, "--wait");
    assertEquals(0, put.exit(), put::describe);
    HttpResponse<String> content = gd.send("GET", "/api/v1/files/content?path=" + enc(odd), null, gd.token);
    assertEquals(200, content.statusCode());
    assertEquals(COOKING, content.body());
    Path empty = Files.writeString(work.resolve("empty.txt"), "");
    Result putEmpty = gd.run("put", empty.toString(), "/empty.txt", "--wait");
    assertNotEquals("PENDING", gd.api("/api/v1/files?path=" + enc("/empty.txt")).path("status").asText(), putEmpty::describe);
  }

  @Test
  @Order(8)
  void theGraphFollowsTheMountedDrive() throws Exception {
    Path drive = data.resolve("drive");
    assertTrue(MountTable.isMounted(drive), "up mounts the drive at DATA/drive");
    assertTrue(Files.exists(drive.resolve("notes.txt")), "files put with the CLI show in the mount");

    Files.createDirectories(drive.resolve("kitchen"));
    Files.writeString(drive.resolve("kitchen/soup.txt"), COOKING);
    JsonNode tagged = awaitStatus("/kitchen/soup.txt", "TAGGED");
    Map<String, Double> tags = tagsOf("/kitchen/soup.txt");
    assertTrue(tags.containsKey("text"), () -> "tags: " + tags);

    Files.move(drive.resolve("kitchen"), drive.resolve("pantry"));
    JsonNode moved = awaitStatus("/pantry/soup.txt", "TAGGED");
    assertEquals(tagged.path("taggedAt"), moved.path("taggedAt"), "a moved file is not tagged again");
    assertEquals(tags, tagsOf("/pantry/soup.txt"));
    assertEquals(404, gd.send("GET", "/api/v1/files?path=" + enc("/kitchen/soup.txt"), null, gd.token).statusCode());

    Files.delete(drive.resolve("pantry/soup.txt"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (gd.send("GET", "/api/v1/files?path=" + enc("/pantry/soup.txt"), null, gd.token).statusCode() != 404) {
      assertTrue(System.nanoTime() < deadline, "the deleted file left the graph");
      Thread.sleep(200);
    }
  }

  @Test
  @Order(9)
  void aKilledIndexServerIsRoutedAround() throws Exception {
    long pid = Long.parseLong(Files.readString(data.resolve("run/index-server-1.pid")).strip());
    ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
    server.destroyForcibly();
    server.onExit().get(30, TimeUnit.SECONDS);
    for (int i = 0; i < 4; i++) {
      Result put = gd.run("put", work.resolve("notes.txt").toString(), "/after-kill-" + i + ".txt", "--wait");
      assertEquals(0, put.exit(), put::describe);
    }
  }

  @Test
  @Order(9)
  void fsckReportsAndRepairs() throws Exception {
    // A file written behind the index's back (straight into the volume, no event) is found by fsck.
    Path drive = data.resolve("drive");
    StorageBehindTheIndex.change(data, "/unseen/by-fsck.txt", "A note nobody announced, about glaciers and fjords.");
    assertTrue(Files.exists(drive.resolve("unseen/by-fsck.txt")));
    Result fsck = gd.run("fsck");
    assertEquals(0, fsck.exit(), fsck::describe);
    assertTrue(fsck.out().matches("(?s).*checked \\d+ paths: [1-9]\\d* files recorded.*"), fsck::describe);
    assertEquals("TAGGED", gd.awaitTagged("/unseen/by-fsck.txt"));
    Result again = gd.run("fsck");
    assertTrue(again.out().contains(": 0 files recorded (new or changed), 0 nodes removed"), again::describe);
  }

  @Test
  @Order(10)
  void stoppingUpStopsEveryPart() throws Exception {
    List<ProcessHandle> parts = new ArrayList<>();
    for (String name : List.of("neo4j", "index-server-2", "nginx", "fuse")) {
      long pid = Long.parseLong(Files.readString(data.resolve("run/" + name + ".pid")).strip());
      ProcessHandle.of(pid).ifPresent(parts::add);
    }
    gd.upProcess().destroy();
    assertTrue(gd.upProcess().waitFor(120, TimeUnit.SECONDS), () -> "up did not stop:\n" + gd.upLog());
    for (ProcessHandle part : parts) {
      assertFalse(part.isAlive(), "still running after stop: pid " + part.pid());
    }
    try (var left = Files.list(data.resolve("run"))) {
      assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".pid")).toList());
    }
    assertFalse(MountTable.isMounted(data.resolve("drive")), "the drive is unmounted");
  }

  /** Polls a file's record until it has the status, then returns it. */
  private JsonNode awaitStatus(String path, String status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      HttpResponse<String> response = gd.send("GET", "/api/v1/files?path=" + enc(path), null, gd.token);
      if (response.statusCode() == 200) {
        JsonNode file = Json.mapper().readTree(response.body());
        if (file.path("status").asText().equals(status)) {
          return file;
        }
      }
      assertTrue(System.nanoTime() < deadline, () -> path + " never became " + status + ": " + response.body());
      Thread.sleep(200);
    }
  }

  private Map<String, Double> tagsOf(String path) throws Exception {
    Map<String, Double> tags = new HashMap<>();
    for (JsonNode tag : gd.api("/api/v1/files?path=" + enc(path)).path("tags")) {
      tags.put(tag.path("name").asText(), tag.path("score").asDouble());
    }
    return tags;
  }

  /** Returns the graph around a file as sets of node and edge JSON, since "the same graph" does not mean the same order. */
  private Set<String> graphOf(String path) throws Exception {
    JsonNode graph = gd.api("/api/v1/graph?path=" + enc(path) + "&depth=1");
    Set<String> elements = new HashSet<>();
    graph.path("nodes").forEach(n -> elements.add("node " + n));
    graph.path("edges").forEach(e -> elements.add("edge " + e));
    assertTrue(elements.size() > 3, () -> "graph too small: " + graph);
    return elements;
  }

  private String snapshot() throws Exception {
    JsonNode stats = gd.api("/api/v1/stats").path("files");
    return stats.toString() + gd.api("/api/v1/tags").toString();
  }
}
