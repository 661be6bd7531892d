package io.graphdrive.index;

import static io.graphdrive.index.TestHttp.encode;
import static io.graphdrive.index.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Config;
import io.graphdrive.storage.JuiceStorage;
import io.graphdrive.storage.PosixVolume;
import io.graphdrive.tagging.Vocabulary;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** The HTTP API of a real index server: Jetty, Neo4j, JuiceFS on SQLite and Ray LOCAL tagging actors. */
class ApiTest {
  private static final String CAKE = "Preheat the oven to 180 degrees. Whisk the eggs with sugar, fold in the flour and "
      + "melted butter, then bake the sponge cake for 35 minutes until golden. Let the cake cool before icing it. "
      + "This recipe serves eight; the ingredients are flour, eggs, sugar, butter and vanilla.";
  private static final String INVOICE = "INVOICE 42. Amount due: 1,250.00 EUR for consulting services. "
      + "Payment terms: 30 days. Please transfer the total to our bank account.";
  private static final String HIKE = "Our hiking trip in the mountains: we climbed a peak, camped by a lake and "
      + "watched the sunset over the alpine valley.";
  private static Neo4jProcess neo4j;
  private static Driver driver;
  private static JuiceStorage storage;
  private static TestServer fixture;
  private static TestHttp http;
  private static String token;
  @TempDir static Path data;

  @BeforeAll
  static void start() throws Exception {
    neo4j = Neo4jProcess.shared();
    Config config = neo4j.serverSettings(data, "api", Map.of("GRAPHDRIVE_WORKERS", "2",
        "GRAPHDRIVE_INDEX_LEASE_SECONDS", "2"));
    driver = neo4j.driver();
    fixture = TestServer.start(config, "test-1");
    storage = fixture.storage();
    http = fixture.http();
    token = fixture.token();
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void healthNeedsNoTokenAndEverythingElseDoes() throws Exception {
    HttpResponse<String> health = http.send("GET", "/api/v1/health", null, null);
    assertEquals(200, health.statusCode());
    assertEquals("ok", json(health).path("components").path("neo4j").asText());
    // The image model is optional: reported, with how to install it, while health stays 200.
    assertEquals("not installed (graphdrive models fetch clip)",
        json(health).path("components").path("image model").asText());
    // scripts/setup.sh installs the recogniser and ffmpeg, so on a set-up machine both are there.
    assertEquals("ok", json(health).path("components").path("speech").asText());
    assertEquals("ok", json(health).path("components").path("ffmpeg").asText());
    for (String auth : new String[] {null, "Bearer wrong", "Basic " + token, "Bearer"}) {
      HttpResponse<String> r = http.send("GET", "/api/v1/tags", null, auth);
      assertEquals(401, r.statusCode(), "auth " + auth);
      assertEquals("unauthorized", json(r).path("error").asText());
    }
    assertEquals(200, http.get("/api/v1/tags").statusCode());
  }

  @Test
  void createdFileIsTaggedSearchedAndDeleted() throws Exception {
    put("/notes/cake.txt", CAKE);
    HttpResponse<String> accepted = http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/notes//cake.txt\"}");
    assertEquals(202, accepted.statusCode(), accepted.body());
    assertEquals("/notes/cake.txt", json(accepted).path("path").asText());
    assertEquals("PENDING", json(accepted).path("status").asText());
    JsonNode info = http.awaitStatus("/notes/cake.txt", "TAGGED");
    byte[] bytes = CAKE.getBytes(StandardCharsets.UTF_8);
    assertEquals(bytes.length, info.path("size").asInt());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
        info.path("sha256").asText());
    assertEquals("text/plain", info.path("mime").asText());
    assertTrue(hasTag(info, "text", "meta"), info.toString());
    assertEquals("en", info.path("language").asText());
    for (JsonNode tag : info.path("tags")) {
      assertFalse(tag.path("model").asText().isEmpty(), "every tag names its model: " + tag);
    }
    assertTrue(hasTag(info, "recipe", "text") || hasTag(info, "cooking", "text") || hasTag(info, "baking", "text"),
        info.toString());
    String vocabularyTag = hasTag(info, "recipe", "text") ? "Recipe" : hasTag(info, "cooking", "text") ? "COOKING"
        : "Baking";
    assertEquals("/notes/cake.txt", firstPath(http.get("/api/v1/search?tag=" + vocabularyTag)));
    assertEquals("/notes/cake.txt", firstPath(http.get("/api/v1/search?name=CAKE")));
    assertEquals("/notes/cake.txt", firstPath(http.get("/api/v1/search?q=" + encode("how to bake a sponge cake"))));
    JsonNode graph = json(http.get("/api/v1/graph?tag=" + vocabularyTag + "&depth=2"));
    assertTrue(graph.path("nodes").toString().contains("file:/notes/cake.txt"), graph.toString());
    assertEquals(204, http.send("DELETE", "/api/v1/files?path=/notes/cake.txt", null, http.bearer()).statusCode());
    assertEquals(404, http.get("/api/v1/files?path=/notes/cake.txt").statusCode());
    assertEquals(404, http.send("DELETE", "/api/v1/files?path=/notes/cake.txt", null, http.bearer()).statusCode());
    assertEquals(0, count("MATCH (t:Tag) WHERE NOT (t)<-[:TAGGED]-() RETURN count(t) AS n"), "orphan tags removed");
    assertFalse(storage.stat("/notes/cake.txt").isPresent());
  }

  @Test
  void semanticSearchRanksTheMatchingFileFirst() throws Exception {
    put("/finance/invoice-42.txt", INVOICE);
    put("/trips/hike.txt", HIKE);
    http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/finance/invoice-42.txt\"}");
    http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/trips/hike.txt\"}");
    http.awaitStatus("/finance/invoice-42.txt", "TAGGED");
    http.awaitStatus("/trips/hike.txt", "TAGGED");
    // The graph also holds other tests' files (a heron, a lynx in a snowy forest...), tagged in an order that
    // varies; what this test is about is that each query puts its own file above the other one.
    assertRankedAbove("how much money we owe", "/finance/invoice-42.txt", "/trips/hike.txt");
    assertRankedAbove("walking in the alps", "/trips/hike.txt", "/finance/invoice-42.txt");
  }

  private static void assertRankedAbove(String query, String better, String worse) throws Exception {
    List<String> paths = new ArrayList<>();
    // Neo4j's vector index may show a file landed a moment ago a moment later (seen once in CI).
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      HttpResponse<String> r = http.get("/api/v1/search?limit=50&q=" + encode(query));
      assertEquals(200, r.statusCode(), r.body());
      paths.clear();
      json(r).path("files").forEach(f -> paths.add(f.path("path").asText()));
      if (paths.contains(better) || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(200);
    }
    // A file too far from the query's meaning is not in the answer at all, which ranks it lower too.
    assertTrue(paths.contains(better), query + " -> " + paths);
    assertTrue(!paths.contains(worse) || paths.indexOf(better) < paths.indexOf(worse), query + " -> " + paths);
  }

  @Test
  void fullTextFindsWordsInsideFilesWithASnippetAndATagFilter() throws Exception {
    String report = "Chapter 4. ".repeat(40) + "We compare region-based segmentation with edge detection on "
        + "medical scans. " + "Results follow in the next chapter. ".repeat(20);
    put("/papers/vision.txt", report);
    put("/notes/cake.txt", CAKE);
    put("/zh/notes.txt", "图像分割是计算机视觉的基本任务，区域生长方法把相似的像素合并成区域。");
    for (String path : List.of("/papers/vision.txt", "/notes/cake.txt", "/zh/notes.txt")) {
      http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"" + path + "\"}");
    }
    for (String path : List.of("/papers/vision.txt", "/notes/cake.txt", "/zh/notes.txt")) {
      http.awaitStatus(path, "TAGGED");
    }
    JsonNode hits = json(http.get("/api/v1/search?text=" + encode("Region-based SEGMENTATION")));
    assertEquals(1, hits.path("files").size(), hits.toString());
    JsonNode hit = hits.path("files").get(0);
    assertEquals("/papers/vision.txt", hit.path("path").asText());
    String snippet = hit.path("snippet").asText();
    assertTrue(snippet.contains("region-based segmentation with edge detection"), snippet);
    assertTrue(snippet.length() <= FullText.SNIPPET_CHARS + 2, snippet);
    assertTrue(snippet.startsWith("…"), "cut before the match: " + snippet);
    JsonNode first = hit.path("highlights").get(0);
    assertEquals("region", snippet.substring(first.get(0).asInt(), first.get(1).asInt()).toLowerCase());
    assertFalse(hit.has("text"), "the whole text stays on the server");
    assertEquals("/papers/vision.txt", firstPath(http.get("/api/v1/search?text=segmentation&tag=text")));
    assertEquals(0, json(http.get("/api/v1/search?text=segmentation&tag=invoice")).path("files").size());
    assertEquals("/zh/notes.txt", firstPath(http.get("/api/v1/search?text=" + encode("区域生长"))));
    assertEquals("/notes/cake.txt", firstPath(http.get("/api/v1/search?text=" + encode("whisk eggs"))));
    assertEquals(0, json(http.get("/api/v1/search?text=zeppelin")).path("files").size());
    HttpResponse<String> noWords = http.get("/api/v1/search?text=" + encode("?!"));
    assertEquals(400, noWords.statusCode());
    assertEquals("bad request", json(noWords).path("error").asText());
    assertEquals(400, http.get("/api/v1/search?text=a&q=b").statusCode());
    assertEquals(400, http.get("/api/v1/search?name=a&tag=b").statusCode());
  }

  @Test
  void failedTaggingIsRecordedAndModifiedFilesAreTaggedAgain() throws Exception {
    put("/bad.pdf", "%PDF-1.7 garbage");
    assertEquals(202, http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/bad.pdf\"}").statusCode());
    String error = http.awaitStatus("/bad.pdf", "FAILED").path("error").asText();
    assertTrue(error.contains("pdf"), error);
    try (PDDocument doc = new PDDocument(); OutputStream out = storage.create("/bad.pdf")) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
        text.beginText();
        text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        text.newLineAtOffset(50, 720);
        text.showText("The monthly rent is 950 EUR, due on the first day of each month.");
        text.endText();
      }
      doc.save(out);
    }
    assertEquals(202, http.post("/api/v1/events", "{\"type\":\"MODIFIED\",\"path\":\"/bad.pdf\"}").statusCode());
    JsonNode fixed = http.awaitStatus("/bad.pdf", "TAGGED");
    assertTrue(fixed.path("error").isNull() || fixed.path("error").isMissingNode(), fixed.toString());
    assertTrue(hasTag(fixed, "document", "meta") && hasTag(fixed, "pdf", "meta"), fixed.toString());
  }

  @Test
  void movedFilesKeepTheirTags() throws Exception {
    put("/m/a.txt", "Walruses haul out on the arctic ice and use their long tusks to climb out of the water.");
    http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/m/a.txt\"}");
    JsonNode before = http.awaitStatus("/m/a.txt", "TAGGED");
    storage.rename("/m/a.txt", "/m2/b.txt");
    HttpResponse<String> moved = http.post("/api/v1/events", "{\"type\":\"MOVED\",\"from\":\"/m/a.txt\",\"path\":\"/m2/b.txt\"}");
    assertEquals(202, moved.statusCode(), moved.body());
    assertEquals("TAGGED", json(moved).path("status").asText());
    JsonNode after = json(http.get("/api/v1/files?path=/m2/b.txt"));
    assertEquals(before.path("taggedAt").asText(), after.path("taggedAt").asText());
    assertEquals(before.path("tags"), after.path("tags"));
    assertEquals(404, http.post("/api/v1/events", "{\"type\":\"MOVED\",\"from\":\"/none\",\"path\":\"/none2\"}").statusCode());
  }

  /** Checks: a file of a request of a few events (a person's) is tagged ahead of a bulk request's queue. */
  @Test
  void aPersonsFileIsTaggedAheadOfABulkBatch() throws Exception {
    int bulk = 60;
    StringBuilder events = new StringBuilder("[");
    for (int i = 0; i < bulk; i++) {
      put("/bulk/f" + i + ".txt", "Bulk note " + i + " about gardens, tomatoes and the rain in spring.");
      events.append(i == 0 ? "" : ",").append("{\"type\":\"CREATED\",\"path\":\"/bulk/f").append(i).append(".txt\"}");
    }
    put("/mine/drop.txt", "The note I just dropped in: call the plumber about the kitchen sink.");
    assertEquals(202, http.post("/api/v1/events", events.append("]").toString()).statusCode());
    assertEquals(202, http.post("/api/v1/events", "[{\"type\":\"CREATED\",\"path\":\"/mine/drop.txt\"}]").statusCode());
    http.awaitStatus("/mine/drop.txt", "TAGGED");
    int tagged = 0;
    for (int i = 0; i < bulk; i++) {
      if (json(http.get("/api/v1/files?path=" + encode("/bulk/f" + i + ".txt"))).path("status").asText().equals("TAGGED")) {
        tagged++;
      }
    }
    // In arrival order it would have waited for all 60; it waits only for those the workers already held.
    assertTrue(tagged < bulk / 2, tagged + " of " + bulk + " bulk files were tagged before it");

    // Gone again, so that the other tests' searches and graphs do not meet them.
    for (int i = 0; i < bulk; i++) {
      http.awaitStatus("/bulk/f" + i + ".txt", "TAGGED");
    }
    storage.delete("/bulk", true);
    storage.delete("/mine", true);
    assertEquals(202, http.post("/api/v1/events",
        "[{\"type\":\"DELETED\",\"path\":\"/bulk\"},{\"type\":\"DELETED\",\"path\":\"/mine\"}]").statusCode());
    assertEquals(404, http.get("/api/v1/files?path=" + encode("/bulk/f0.txt")).statusCode());
  }

  @Test
  void aBatchIsRecordedInOrderWithAnOutcomeForEachEvent() throws Exception {
    put("/batch/one.txt", "The first file of a batch, about lighthouses and their keepers on stormy coasts.");
    put("/batch/two.txt", "The second file of a batch, about beekeeping and honey in the summer meadows.");
    storage.mkdirs("/batch/sub");
    HttpResponse<String> r = http.post("/api/v1/events", """
        [{"type":"CREATED","path":"/batch/one.txt"},
         {"type":"CREATED","path":"/batch/never-stored.txt"},
         {"type":"EXPLODED","path":"/batch/x"},
         7,
         {"type":"CREATED","path":"/batch/sub"},
         {"type":"MODIFIED","path":"/batch/two.txt"},
         {"type":"MOVED","from":"/nowhere","path":"/batch/nowhere"}]""");
    assertEquals(202, r.statusCode(), r.body());
    JsonNode results = json(r).path("results");
    assertEquals(7, results.size(), r.body());
    assertEquals("PENDING", results.get(0).path("status").asText());
    assertEquals("GONE", results.get(1).path("status").asText());
    assertEquals(400, results.get(2).path("code").asInt());
    assertTrue(results.get(2).path("detail").asText().contains("EXPLODED"), results.get(2).toString());
    assertEquals(400, results.get(3).path("code").asInt());
    assertEquals("DIR", results.get(4).path("status").asText());
    assertEquals("PENDING", results.get(5).path("status").asText());
    assertEquals(404, results.get(6).path("code").asInt());
    http.awaitStatus("/batch/one.txt", "TAGGED");
    http.awaitStatus("/batch/two.txt", "TAGGED");
    assertEquals(404, http.get("/api/v1/files?path=" + encode("/batch/never-stored.txt")).statusCode());

    StringBuilder tooMany = new StringBuilder("[");
    for (int i = 0; i <= Api.MAX_EVENTS; i++) {
      tooMany.append(i == 0 ? "" : ",").append("{\"type\":\"CREATED\",\"path\":\"/batch/n").append(i).append("\"}");
    }
    HttpResponse<String> refused = http.post("/api/v1/events", tooMany.append("]").toString());
    assertEquals(413, refused.statusCode(), refused.body());
  }

  @Test
  void replayedAndLateEventsFollowStorage() throws Exception {
    put("/replay/a.txt", "Glaciers carve valleys as they slowly flow downhill under their own enormous weight.");
    http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/replay/a.txt\"}");
    JsonNode tagged = http.awaitStatus("/replay/a.txt", "TAGGED");
    storage.rename("/replay/a.txt", "/replay/b.txt");
    String move = "{\"type\":\"MOVED\",\"from\":\"/replay/a.txt\",\"path\":\"/replay/b.txt\"}";
    assertEquals("TAGGED", json(http.post("/api/v1/events", move)).path("status").asText());
    // A new file takes the old name; the move arrives again (a client resending after a crash).
    put("/replay/a.txt", "A recipe for lemon tart: butter, sugar, eggs and the zest of three lemons.");
    http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/replay/a.txt\"}");
    HttpResponse<String> replayed = http.post("/api/v1/events", move);
    assertEquals(202, replayed.statusCode(), replayed.body());
    assertEquals("TAGGED", json(replayed).path("status").asText());
    JsonNode b = json(http.get("/api/v1/files?path=/replay/b.txt"));
    assertEquals(tagged.path("tags"), b.path("tags"), "the moved file kept its own tags");
    HttpResponse<String> again = http.post("/api/v1/events", "{\"type\":\"MODIFIED\",\"path\":\"/replay/b.txt\"}");
    assertEquals("TAGGED", json(again).path("status").asText(), "a repeat for an unchanged file tags nothing again");
    assertEquals(b.path("taggedAt"), json(http.get("/api/v1/files?path=/replay/b.txt")).path("taggedAt"));
    JsonNode a = http.awaitStatus("/replay/a.txt", "TAGGED");
    assertFalse(a.path("sha256").asText().equals(b.path("sha256").asText()), "two files, not one moved over the other");

    // A late delete of a file that exists again removes nothing.
    HttpResponse<String> late = http.post("/api/v1/events", "{\"type\":\"DELETED\",\"path\":\"/replay/a.txt\"}");
    assertEquals("EXISTS", json(late).path("status").asText());
    assertEquals(200, http.get("/api/v1/files?path=/replay/a.txt").statusCode());
    // A create whose file is gone by now makes no node, and takes away a stale one.
    storage.delete("/replay/a.txt", false);
    HttpResponse<String> stale = http.post("/api/v1/events", "{\"type\":\"MODIFIED\",\"path\":\"/replay/a.txt\"}");
    assertEquals("GONE", json(stale).path("status").asText());
    assertEquals(404, http.get("/api/v1/files?path=/replay/a.txt").statusCode());
  }

  @Test
  void tagsComeInPages() throws Exception {
    put("/paged/a.txt", "Sourdough bread needs a starter, flour, water and salt, and a long slow rise overnight.");
    http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/paged/a.txt\"}");
    http.awaitStatus("/paged/a.txt", "TAGGED");
    JsonNode all = json(http.get("/api/v1/tags?limit=5000"));
    long total = all.path("total").asLong();
    assertTrue(total >= 2, all.toString());
    assertEquals(total, all.path("tags").size());
    assertFalse(all.path("more").asBoolean());
    JsonNode first = json(http.get("/api/v1/tags?limit=1"));
    assertEquals(1, first.path("tags").size());
    assertTrue(first.path("more").asBoolean());
    assertEquals(all.path("tags").get(0), first.path("tags").get(0));
    JsonNode second = json(http.get("/api/v1/tags?offset=1&limit=1"));
    assertEquals(all.path("tags").get(1), second.path("tags").get(0));
    assertEquals(0, json(http.get("/api/v1/tags?offset=" + total)).path("tags").size());
    assertEquals(400, http.get("/api/v1/tags?limit=0").statusCode());
    assertEquals(400, http.get("/api/v1/tags?limit=" + (Api.MAX_TAGS_PAGE + 1)).statusCode());
  }

  @Test
  void failedFilesAreListedWithTheirErrorsAndRetaggedOnAsk() throws Exception {
    put("/retry/fine.txt", "A note that tags well, about sailing boats and the harbour wind.");
    put("/retry/broken.pdf", "%PDF-1.7 not really");
    http.post("/api/v1/events", "[{\"type\":\"CREATED\",\"path\":\"/retry/fine.txt\"},"
        + "{\"type\":\"CREATED\",\"path\":\"/retry/broken.pdf\"}]");
    String fineTaggedAt = http.awaitStatus("/retry/fine.txt", "TAGGED").path("taggedAt").asText();
    http.awaitStatus("/retry/broken.pdf", "FAILED");
    JsonNode listed = null;
    for (JsonNode f : json(http.get("/api/v1/stats")).path("failed")) {
      if (f.path("path").asText().equals("/retry/broken.pdf")) {
        listed = f;
      }
    }
    assertTrue(listed != null && listed.path("error").asText().contains("pdf"), String.valueOf(listed));
    // Mended behind the index's back (no event): only a re-tag of the failed files finds out.
    storage.delete("/retry/broken.pdf", false);
    put("/retry/broken.pdf", "Not a PDF after all: a plain note about kayaks, paddles and calm lakes.");
    assertEquals(400, http.post("/api/v1/retag?status=BROKEN", "").statusCode());
    waitForNoRetag();
    assertEquals(202, http.post("/api/v1/retag?status=FAILED", "").statusCode());
    http.awaitStatus("/retry/broken.pdf", "TAGGED");
    waitForNoRetag();
    assertEquals(fineTaggedAt, json(http.get("/api/v1/files?path=/retry/fine.txt")).path("taggedAt").asText(),
        "a file that had not failed was not tagged again");
  }

  private static void waitForNoRetag() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (json(http.get("/api/v1/stats")).path("retag").path("running").asBoolean()) {
      assertTrue(System.nanoTime() < deadline, "a re-tag never ended");
      Thread.sleep(200);
    }
  }

  @Test
  void fsckRecordsStoredFilesAndRemovesNodesWhoseFileIsGone() throws Exception {
    put("/fsck/unseen.txt", "Stored without an event: a note about volcanoes, lava and ash clouds over the island.");
    try (PosixVolume volume = storage.posix()) {
      assertEquals(0, volume.symlink("/fsck/unseen.txt", "/fsck/link.txt"));
    }
    try (Session session = driver.session()) {
      session.run("CREATE (:File {path: '/fsck/ghost.txt', name: 'ghost.txt', status: 'TAGGED'})").consume();
      session.run("CREATE (:Dir {path: '/fsck-ghost', name: 'fsck-ghost'})-[:CONTAINS]->(:Dir {path: '/fsck-ghost/inner', "
          + "name: 'inner'})").consume();
    }
    assertEquals(202, http.post("/api/v1/fsck", "").statusCode());
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonNode progress = json(http.get("/api/v1/stats")).path("fsck");
    while (progress.path("running").asBoolean()) {
      assertTrue(System.nanoTime() < deadline, progress.toString());
      Thread.sleep(200);
      progress = json(http.get("/api/v1/stats")).path("fsck");
    }
    assertTrue(progress.path("error").isNull(), progress.toString());
    assertTrue(progress.path("recorded").asLong() >= 1 && progress.path("removed").asLong() >= 1, progress.toString());
    http.awaitStatus("/fsck/unseen.txt", "TAGGED");
    assertEquals(404, http.get("/api/v1/files?path=/fsck/ghost.txt").statusCode());
    assertEquals(404, http.get("/api/v1/files?path=/fsck/link.txt").statusCode(), "a symlink is never followed");
    try (Session session = driver.session()) {
      assertEquals(0L, session.run("MATCH (d:Dir) WHERE d.path STARTS WITH '/fsck-ghost' RETURN count(d) AS n")
          .single().get("n").asLong(), "folder nodes whose folder is gone are removed");
      assertEquals(1L, session.run("MATCH (d:Dir {path: '/fsck'}) RETURN count(d) AS n").single().get("n").asLong());
    }
  }

  @Test
  void badEventsGetAClear4xxAndChangeNothing() throws Exception {
    String before = graphState();
    Map<String, Integer> cases = Map.of(
        "{\"type\":\"CREATED\"}", 400,
        "{\"type\":\"CREATED\",\"path\":\"/a/../etc/passwd\"}", 400,
        "{\"type\":\"EXPLODED\",\"path\":\"/a.txt\"}", 400,
        "{\"type\":\"MOVED\",\"path\":\"/a.txt\"}", 400,
        "{\"type\":\"CREATED\",\"path\":\"relative.txt\"}", 400,
        "[]", 400,
        "not json", 400,
        "", 400);
    for (Map.Entry<String, Integer> c : cases.entrySet()) {
      HttpResponse<String> r = http.post("/api/v1/events", c.getKey());
      assertEquals((int) c.getValue(), r.statusCode(), c.getKey() + " -> " + r.body());
      JsonNode body = json(r);
      assertTrue(body.path("error").isTextual() && body.path("detail").isTextual(), r.body());
      assertTrue(!r.body().contains("at io.") && !r.body().contains("Exception"), r.body());
    }
    String big = "{\"type\":\"CREATED\",\"path\":\"/" + "x".repeat(10 << 20) + "\"}";
    HttpResponse<String> tooBig = http.post("/api/v1/events", big);
    assertEquals(413, tooBig.statusCode());
    assertEquals("request body too large", json(tooBig).path("error").asText());
    assertEquals(before, graphState());
  }

  @Test
  void hostileSearchStringsReturnNormallyAndChangeNothing() throws Exception {
    String before = graphState();
    List<String> hostile = List.of("') MATCH (n) DETACH DELETE n //", "\" OR 1=1 --", "back\\slash\\", "'", "\\u0027",
        "}]) RETURN 1 UNION MATCH (n) DETACH DELETE n", "%", "ünïcödé ✓");
    for (String text : hostile) {
      String q = encode(text);
      for (String call : List.of("/api/v1/search?name=" + q, "/api/v1/search?tag=" + q, "/api/v1/search?q=" + q)) {
        HttpResponse<String> r = http.get(call);
        assertEquals(200, r.statusCode(), call + " -> " + r.body());
        assertTrue(json(r).path("files").isArray());
      }
      // A text search needs words: punctuation alone is a 400 with a JSON error, words are searched as words.
      HttpResponse<String> r = http.get("/api/v1/search?text=" + q);
      boolean hasWords = !FullText.words(text).isEmpty();
      assertEquals(hasWords ? 200 : 400, r.statusCode(), text + " -> " + r.body());
      assertTrue(hasWords ? json(r).path("files").isArray() : !json(r).path("error").asText().isEmpty(), r.body());
      assertEquals(404, http.get("/api/v1/graph?tag=" + q).statusCode());
      assertEquals(400, http.get("/api/v1/files?path=" + q).statusCode(), "not absolute");
      assertEquals(404, http.get("/api/v1/files?path=/" + q).statusCode());
    }
    assertEquals(before, graphState());
  }

  @Test
  void contentIsStreamedWithSingleRanges() throws Exception {
    put("/bytes.bin", "0123456789");
    HttpResponse<String> whole = http.get("/api/v1/files/content?path=/bytes.bin");
    assertEquals(200, whole.statusCode());
    assertEquals("0123456789", whole.body());
    assertEquals("10", whole.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElseThrow());
    HttpResponse<String> part = ranged("bytes=2-5");
    assertEquals(206, part.statusCode());
    assertEquals("2345", part.body());
    assertEquals("bytes 2-5/10", part.headers().firstValue("Content-Range").orElseThrow());
    assertEquals("789", ranged("bytes=-3").body());
    assertEquals("89", ranged("bytes=8-100").body());
    HttpResponse<String> beyond = ranged("bytes=10-");
    assertEquals(416, beyond.statusCode());
    assertEquals("bytes */10", beyond.headers().firstValue("Content-Range").orElseThrow());
    assertEquals(200, ranged("bytes=1-2,4-5").statusCode(), "several ranges: the whole file");
    assertEquals(404, http.get("/api/v1/files/content?path=/nope.bin").statusCode());
    storage.mkdirs("/a-dir");
    assertEquals(404, http.get("/api/v1/files/content?path=/a-dir").statusCode());
  }

  @Test
  void manualTagsAreKeptWhenTheFileIsTaggedAgain() throws Exception {
    put("/t.txt", "A grey heron stood motionless in the reeds at the edge of the lake, waiting for fish.");
    http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/t.txt\"}");
    List<String> auto = tagNames(http.awaitStatus("/t.txt", "TAGGED"));
    assertTrue(auto.contains("text"), auto.toString());
    HttpResponse<String> edited = http.post("/api/v1/files/tags?path=/t.txt", "{\"add\":[\" Birds \"],\"remove\":[\"text\"]}");
    assertEquals(200, edited.statusCode(), edited.body());
    http.post("/api/v1/events", "{\"type\":\"MODIFIED\",\"path\":\"/t.txt\"}");
    JsonNode info = http.awaitStatus("/t.txt", "TAGGED");
    // Stored in the singular, the user's spelling kept as an alias that search finds.
    assertTrue(hasTag(info, "bird", "user"), info.toString());
    assertEquals("/t.txt", firstPath(http.get("/api/v1/search?tag=Birds")));
    List<String> expected = new ArrayList<>(auto);
    expected.remove("text");
    expected.add("bird");
    List<String> now = tagNames(info);
    assertEquals(expected.stream().sorted().toList(), now.stream().sorted().toList());
    assertEquals(400, http.post("/api/v1/files/tags?path=/t.txt", "{\"add\":\"x\"}").statusCode());
    assertEquals(404, http.post("/api/v1/files/tags?path=/none.txt", "{\"add\":[\"x\"]}").statusCode());
  }

  @Test
  void retagGivesTheSameGraph() throws Exception {
    put("/r1.txt", "Otters swim in the river, diving for crayfish and playing on the muddy banks.");
    put("/r2.txt", "Sea otters float on their backs in the kelp forest and crack shells with stones.");
    http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/r1.txt\"}");
    http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/r2.txt\"}");
    http.awaitStatus("/r1.txt", "TAGGED");
    http.awaitStatus("/r2.txt", "TAGGED");
    String before = graphState();
    assertEquals(202, http.post("/api/v1/retag", "").statusCode());
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (json(http.get("/api/v1/stats")).path("retag").path("running").asBoolean() || pending() > 0) {
      assertTrue(System.nanoTime() < deadline, "re-tag did not finish");
      Thread.sleep(100);
    }
    assertEquals(before, graphState());
    JsonNode stats = json(http.get("/api/v1/stats"));
    assertEquals(stats.path("retag").path("queued").asLong(), stats.path("retag").path("done").asLong());
  }

  @Test
  void filesLeftPendingByACrashedServerAreClaimedAndTagged() throws Exception {
    put("/orphan.txt", "A lynx hunts hares in the snowy forest at dusk.");
    long now = System.currentTimeMillis();
    new Graph(driver, 0.9, 5).upsertPending("/orphan.txt", "crashed-server", now, now - 1);
    assertTrue(hasTag(http.awaitStatus("/orphan.txt", "TAGGED"), "text", "meta"));
    assertTrue(http.get("/metrics").body().contains("graphdrive_recovered_total"));
  }

  @Test
  void vocabularyRoundTripReachesTheWorkers() throws Exception {
    String original = http.get("/api/v1/vocabulary").body();
    assertEquals(Vocabulary.defaultText(), original);
    try {
      String stars = "astronomy\tstars, planets, telescopes and galaxies\nknitting\twool, needles and yarn\n";
      assertEquals(200, http.send("PUT", "/api/v1/vocabulary", HttpRequest.BodyPublishers.ofString(stars), http.bearer()).statusCode());
      assertEquals(stars, Files.readString(data.resolve("vocabulary.txt")));
      put("/sky.txt", "Through the telescope we saw the rings of Saturn, the moons of Jupiter and a distant galaxy.");
      http.post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/sky.txt\"}");
      JsonNode sky = http.awaitStatus("/sky.txt", "TAGGED");
      assertTrue(hasTag(sky, "astronomy", "text") && !hasTag(sky, "knitting", "text"), sky.toString());
      HttpResponse<String> bad = http.send("PUT", "/api/v1/vocabulary", HttpRequest.BodyPublishers.ofString("ok\n\tno name\n"), http.bearer());
      assertEquals(400, bad.statusCode());
      assertTrue(json(bad).path("detail").asText().contains("line 2"), bad.body());
      assertEquals(stars, Files.readString(data.resolve("vocabulary.txt")));
    } finally {
      http.send("DELETE", "/api/v1/files?path=/sky.txt", null, http.bearer());
      assertEquals(200, http.send("PUT", "/api/v1/vocabulary", HttpRequest.BodyPublishers.ofString(original), http.bearer()).statusCode());
    }
  }

  @Test
  void routingStatsAndMetrics() throws Exception {
    assertEquals(404, http.get("/api/v1/nothing").statusCode());
    assertEquals("not found", json(http.get("/api/v1/nothing")).path("error").asText());
    HttpResponse<String> wrong = http.send("PUT", "/api/v1/tags", HttpRequest.BodyPublishers.ofString(""), http.bearer());
    assertEquals(405, wrong.statusCode());
    assertEquals("GET", wrong.headers().firstValue("Allow").orElseThrow());
    assertEquals(400, http.get("/api/v1/search").statusCode());
    assertEquals(400, http.get("/api/v1/search?name=a&limit=0").statusCode());
    assertEquals(400, http.get("/api/v1/graph?path=/&depth=4").statusCode());
    JsonNode stats = json(http.get("/api/v1/stats"));
    assertTrue(stats.path("files").has("PENDING") && stats.path("queue").has("depth"), stats.toString());
    assertEquals(2, stats.path("workers").path("count").asInt());
    String metrics = http.get("/metrics").body();
    assertTrue(metrics.contains("graphdrive_http_requests_total{method=\"GET\",status=\"200\"}"), metrics);
    assertTrue(metrics.contains("# TYPE graphdrive_workers gauge"), metrics);
    HttpResponse<String> page = http.send("GET", "/", null, null);
    assertTrue(page.statusCode() == 200 && page.body().contains("<html") || page.statusCode() == 404, page.body());
    assertEquals(404, http.send("GET", "/no-such-page.js", null, null).statusCode());
  }

  @Test
  void movingAFolderHandsItsWaitingFilesOutAgainAndAGoneFileIsNotFailed() throws Exception {
    // Leased elsewhere for an hour, as files queued on a server that is busy or gone: no lease runs out here.
    Graph graph = new Graph(driver, 0.9, 5);
    long now = System.currentTimeMillis();
    put("/waiting/x.txt", HIKE);
    graph.upsertPending("/waiting/x.txt", "elsewhere", now, now + 3_600_000);
    // A node whose file is gone from storage before the graph heard of it.
    graph.upsertPending("/waiting/ghost.txt", "elsewhere", now, now + 3_600_000);
    HttpResponse<String> moved = http.post("/api/v1/files/move?path=/waiting&to=/waited");
    assertEquals(200, moved.statusCode(), moved.body());
    http.awaitStatus("/waited/x.txt", "TAGGED");
    // The ghost stays PENDING, so this waits for the queue alone.
    awaitStats(Duration.ofSeconds(30), ApiTest::queueEmpty);
    JsonNode ghost = json(http.get("/api/v1/files?path=/waited/ghost.txt"));
    assertEquals("PENDING", ghost.path("status").asText(), "a file tagging could not find is left to its event: " + ghost);
    // Its delete, when it comes, removes it.
    http.post("/api/v1/events", "{\"type\":\"DELETED\",\"path\":\"/waited/ghost.txt\"}");
    assertEquals(404, http.get("/api/v1/files?path=/waited/ghost.txt").statusCode());
  }

  private static void put(String path, String text) throws IOException {
    try (OutputStream out = storage.create(path)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static HttpResponse<String> ranged(String range) throws Exception {
    return http.client().send(HttpRequest.newBuilder(http.uri("/api/v1/files/content?path=/bytes.bin"))
        .header("Authorization", http.bearer()).header("Range", range).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until no file is PENDING and the dispatcher has landed everything, similar-file links included. */
  private static void awaitIdle() throws Exception {
    awaitStats(Duration.ofSeconds(120), stats -> stats.path("files").path("PENDING").asLong() == 0 && queueEmpty(stats));
  }

  /** Returns whether the dispatcher has nothing queued or out with a worker. */
  private static boolean queueEmpty(JsonNode stats) {
    return stats.path("queue").path("depth").asInt() == 0 && stats.path("queue").path("inFlight").asInt() == 0;
  }

  /** Waits, at most {@code limit}, until {@code /stats} answers what {@code settled} accepts. */
  private static void awaitStats(Duration limit, Predicate<JsonNode> settled) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      JsonNode stats = json(http.get("/api/v1/stats"));
      if (settled.test(stats)) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "not settled after " + limit.toSeconds() + " s: " + stats);
      Thread.sleep(50);
    }
  }

  private static long pending() throws Exception {
    return json(http.get("/api/v1/stats")).path("files").path("PENDING").asLong();
  }

  private static String firstPath(HttpResponse<String> r) throws IOException {
    assertEquals(200, r.statusCode(), r.body());
    return json(r).path("files").path(0).path("path").asText();
  }

  private static boolean hasTag(JsonNode info, String name, String source) {
    for (JsonNode tag : info.path("tags")) {
      if (tag.path("name").asText().equals(name) && tag.path("source").asText().equals(source)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> tagNames(JsonNode info) {
    List<String> names = new ArrayList<>();
    info.path("tags").forEach(tag -> names.add(tag.path("name").asText()));
    return names;
  }

  private static long count(String query) {
    try (Session session = driver.session()) {
      return session.run(query).single().get("n").asLong();
    }
  }

  /** Returns every node and relationship in a comparable form, times and generations left out. */
  private static String graphState() throws Exception {
    awaitIdle();
    try (Session session = driver.session()) {
      return String.join("\n", session.run("""
          MATCH (n) OPTIONAL MATCH (n)-[r]->(m)
          WITH labels(n)[0] + ' ' + coalesce(n.path, n.name) + ' ' + coalesce(n.status, '') + ' '
            + coalesce(n.sha256, '') + ' ' + coalesce(type(r), '') + ' ' + coalesce(toString(r.score), '') + ' '
            + coalesce(m.path, m.name, '') AS v
          RETURN v ORDER BY v""").list(r -> r.get("v").asString()));
    }
  }
}
