package io.graphdrive.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.ApiToken;
import io.graphdrive.common.Config;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** The HTTP layer of a real index server (Jetty + real Neo4j) with a local directory and a word tagger behind it. */
class ApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Neo4jProcess neo4j;
  private static Driver driver;
  private static DirectoryStore store;
  private static WordTagger tagger;
  private static IndexServer server;
  private static String token;
  @TempDir static Path data;

  @BeforeAll
  static void start() throws Exception {
    neo4j = Neo4jProcess.shared();
    neo4j.clear();
    driver = neo4j.driver();
    token = ApiToken.readOrCreate(data.resolve("api-token"));
    Files.writeString(data.resolve("neo4j-password"), neo4j.password());
    Files.writeString(data.resolve("vocabulary.txt"), "cat\tA small furry animal\n");
    store = new DirectoryStore(Files.createDirectories(data.resolve("files")));
    tagger = new WordTagger(store);
    Config config = Config.load(data, Map.of("GRAPHDRIVE_NEO4J_URI", neo4j.uri(),
        "GRAPHDRIVE_INDEX_LEASE_SECONDS", "2"));
    server = IndexServer.start(config, "test-1", 0, c -> store, c -> tagger);
  }

  @AfterAll
  static void stop() {
    server.close();
    driver.close();
  }

  @Test
  void healthNeedsNoTokenAndEverythingElseDoes() throws Exception {
    HttpResponse<String> health = send("GET", "/api/v1/health", null, null);
    assertEquals(200, health.statusCode());
    assertEquals("ok", json(health).path("components").path("neo4j").asText());
    for (String auth : new String[] {null, "Bearer wrong", "Basic " + token, "Bearer"}) {
      HttpResponse<String> r = send("GET", "/api/v1/tags", null, auth);
      assertEquals(401, r.statusCode(), "auth " + auth);
      assertEquals("unauthorized", json(r).path("error").asText());
    }
    assertEquals(200, get("/api/v1/tags").statusCode());
  }

  @Test
  void createdFileIsTaggedSearchedAndDeleted() throws Exception {
    store.put("/notes/zebra.txt", "zebra stripes savanna".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> accepted = post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/notes//zebra.txt\"}");
    assertEquals(202, accepted.statusCode(), accepted.body());
    assertEquals("/notes/zebra.txt", json(accepted).path("path").asText());
    assertEquals("PENDING", json(accepted).path("status").asText());
    JsonNode info = awaitStatus("/notes/zebra.txt", "TAGGED");
    assertEquals(21, info.path("size").asInt());
    assertEquals("zebra", json(get("/api/v1/search?tag=Zebra")).path("files").get(0).path("name").asText().substring(0, 5));
    assertEquals("/notes/zebra.txt", json(get("/api/v1/search?name=ZEBRA")).path("files").get(0).path("path").asText());
    assertEquals("/notes/zebra.txt", json(get("/api/v1/search?q=zebra")).path("files").get(0).path("path").asText());
    JsonNode graph = json(get("/api/v1/graph?tag=zebra&depth=2"));
    assertTrue(graph.path("nodes").toString().contains("file:/notes/zebra.txt"), graph.toString());
    assertEquals(204, send("DELETE", "/api/v1/files?path=/notes/zebra.txt", null, bearer()).statusCode());
    assertEquals(404, get("/api/v1/files?path=/notes/zebra.txt").statusCode());
    assertEquals(404, send("DELETE", "/api/v1/files?path=/notes/zebra.txt", null, bearer()).statusCode());
    assertEquals(0, count("MATCH (t:Tag) WHERE t.name IN ['zebra', 'stripes', 'savanna'] RETURN count(t) AS n"));
    assertTrue(Files.notExists(store.resolve("/notes/zebra.txt")));
  }

  @Test
  void failedTaggingIsRecordedAndModifiedFilesAreTaggedAgain() throws Exception {
    store.put("/bad.txt", "FAIL please".getBytes(StandardCharsets.UTF_8));
    assertEquals(202, post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/bad.txt\"}").statusCode());
    assertEquals("cannot read this file", awaitStatus("/bad.txt", "FAILED").path("error").asText());
    store.put("/bad.txt", "fixed now".getBytes(StandardCharsets.UTF_8));
    assertEquals(202, post("/api/v1/events", "{\"type\":\"MODIFIED\",\"path\":\"/bad.txt\"}").statusCode());
    assertEquals("fixed", awaitStatus("/bad.txt", "TAGGED").path("tags").get(0).path("name").asText());
  }

  @Test
  void movedFilesKeepTheirTags() throws Exception {
    store.put("/m/a.txt", "walrus tusk".getBytes(StandardCharsets.UTF_8));
    post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/m/a.txt\"}");
    String taggedAt = awaitStatus("/m/a.txt", "TAGGED").path("taggedAt").asText();
    Files.createDirectories(store.resolve("/m2"));
    Files.move(store.resolve("/m/a.txt"), store.resolve("/m2/b.txt"));
    HttpResponse<String> moved = post("/api/v1/events", "{\"type\":\"MOVED\",\"from\":\"/m/a.txt\",\"path\":\"/m2/b.txt\"}");
    assertEquals(202, moved.statusCode(), moved.body());
    assertEquals("TAGGED", json(moved).path("status").asText());
    JsonNode info = json(get("/api/v1/files?path=/m2/b.txt"));
    assertEquals(taggedAt, info.path("taggedAt").asText());
    assertEquals("walrus", info.path("tags").get(0).path("name").asText());
    assertEquals(404, post("/api/v1/events", "{\"type\":\"MOVED\",\"from\":\"/none\",\"path\":\"/none2\"}").statusCode());
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
        "[1,2]", 400,
        "not json", 400,
        "", 400);
    for (Map.Entry<String, Integer> c : cases.entrySet()) {
      HttpResponse<String> r = post("/api/v1/events", c.getKey());
      assertEquals((int) c.getValue(), r.statusCode(), c.getKey() + " -> " + r.body());
      JsonNode body = json(r);
      assertTrue(body.path("error").isTextual() && body.path("detail").isTextual(), r.body());
      assertTrue(!r.body().contains("at io.") && !r.body().contains("Exception"), r.body());
    }
    String big = "{\"type\":\"CREATED\",\"path\":\"/" + "x".repeat(10 << 20) + "\"}";
    HttpResponse<String> tooBig = post("/api/v1/events", big);
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
      String q = URLEncoder.encode(text, StandardCharsets.UTF_8);
      for (String call : List.of("/api/v1/search?name=" + q, "/api/v1/search?tag=" + q, "/api/v1/search?q=" + q)) {
        HttpResponse<String> r = get(call);
        assertEquals(200, r.statusCode(), call + " -> " + r.body());
        assertTrue(json(r).path("files").isArray());
      }
      assertEquals(404, get("/api/v1/graph?tag=" + q).statusCode());
      assertEquals(400, get("/api/v1/files?path=" + q).statusCode(), "not absolute");
      assertEquals(404, get("/api/v1/files?path=/" + q).statusCode());
    }
    assertEquals(before, graphState());
  }

  @Test
  void contentIsStreamedWithSingleRanges() throws Exception {
    store.put("/bytes.bin", "0123456789".getBytes(StandardCharsets.US_ASCII));
    HttpResponse<String> whole = get("/api/v1/files/content?path=/bytes.bin");
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
    assertEquals(404, get("/api/v1/files/content?path=/nope.bin").statusCode());
  }

  @Test
  void manualTagsAreKeptWhenTheFileIsTaggedAgain() throws Exception {
    store.put("/t.txt", "heron lake".getBytes(StandardCharsets.UTF_8));
    post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/t.txt\"}");
    awaitStatus("/t.txt", "TAGGED");
    HttpResponse<String> edited = post("/api/v1/files/tags?path=/t.txt", "{\"add\":[\" Birds \"],\"remove\":[\"lake\"]}");
    assertEquals(200, edited.statusCode(), edited.body());
    post("/api/v1/events", "{\"type\":\"MODIFIED\",\"path\":\"/t.txt\"}");
    JsonNode info = awaitStatus("/t.txt", "TAGGED");
    assertEquals("[\"birds\",\"heron\"]", tagNames(info));
    assertEquals(400, post("/api/v1/files/tags?path=/t.txt", "{\"add\":\"x\"}").statusCode());
    assertEquals(404, post("/api/v1/files/tags?path=/none.txt", "{\"add\":[\"x\"]}").statusCode());
  }

  @Test
  void retagGivesTheSameGraph() throws Exception {
    store.put("/r1.txt", "otter river".getBytes(StandardCharsets.UTF_8));
    store.put("/r2.txt", "otter sea".getBytes(StandardCharsets.UTF_8));
    post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/r1.txt\"}");
    post("/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/r2.txt\"}");
    awaitStatus("/r1.txt", "TAGGED");
    awaitStatus("/r2.txt", "TAGGED");
    awaitIdle();
    String before = graphState();
    assertEquals(202, post("/api/v1/retag", "").statusCode());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (json(get("/api/v1/stats")).path("retag").path("running").asBoolean() || pending() > 0) {
      assertTrue(System.nanoTime() < deadline, "re-tag did not finish");
      Thread.sleep(100);
    }
    assertEquals(before, graphState());
    JsonNode stats = json(get("/api/v1/stats"));
    assertEquals(stats.path("retag").path("queued").asLong(), stats.path("retag").path("done").asLong());
  }

  @Test
  void filesLeftPendingByACrashedServerAreClaimedAndTagged() throws Exception {
    store.put("/orphan.txt", "lynx forest".getBytes(StandardCharsets.UTF_8));
    long now = System.currentTimeMillis();
    new Graph(driver, 0.9, 5).upsertPending("/orphan.txt", "crashed-server", now, now - 1);
    assertEquals("lynx", awaitStatus("/orphan.txt", "TAGGED").path("tags").get(0).path("name").asText());
    assertTrue(get("/metrics").body().contains("graphdrive_recovered_total"));
  }

  @Test
  void vocabularyRoundTrip() throws Exception {
    assertEquals("cat\tA small furry animal\n", get("/api/v1/vocabulary").body());
    int reloads = tagger.reloads();
    assertEquals(200, send("PUT", "/api/v1/vocabulary", "dog\ncat\tfurry\n", bearer()).statusCode());
    assertEquals("dog\ncat\tfurry\n", Files.readString(data.resolve("vocabulary.txt")));
    assertEquals(reloads + 1, tagger.reloads());
    HttpResponse<String> bad = send("PUT", "/api/v1/vocabulary", "ok\n\tno name\n", bearer());
    assertEquals(400, bad.statusCode());
    assertTrue(json(bad).path("detail").asText().contains("line 2"));
    assertEquals("dog\ncat\tfurry\n", Files.readString(data.resolve("vocabulary.txt")));
  }

  @Test
  void routingStatsAndMetrics() throws Exception {
    assertEquals(404, get("/api/v1/nothing").statusCode());
    assertEquals("not found", json(get("/api/v1/nothing")).path("error").asText());
    HttpResponse<String> wrong = send("PUT", "/api/v1/tags", "", bearer());
    assertEquals(405, wrong.statusCode());
    assertEquals("GET", wrong.headers().firstValue("Allow").orElseThrow());
    assertEquals(400, get("/api/v1/search").statusCode());
    assertEquals(400, get("/api/v1/search?name=a&limit=0").statusCode());
    assertEquals(400, get("/api/v1/graph?path=/&depth=4").statusCode());
    JsonNode stats = json(get("/api/v1/stats"));
    assertTrue(stats.path("files").has("PENDING") && stats.path("queue").has("depth"), stats.toString());
    assertEquals(2, stats.path("workers").path("count").asInt());
    String metrics = get("/metrics").body();
    assertTrue(metrics.contains("graphdrive_http_requests_total{method=\"GET\",status=\"200\"}"), metrics);
    assertTrue(metrics.contains("# TYPE graphdrive_workers gauge"), metrics);
    HttpResponse<String> page = send("GET", "/", null, null);
    assertTrue(page.statusCode() == 200 && page.body().contains("<html") || page.statusCode() == 404, page.body());
    assertEquals(404, send("GET", "/no-such-page.js", null, null).statusCode());
  }

  private static HttpResponse<String> ranged(String range) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri("/api/v1/files/content?path=/bytes.bin"))
        .header("Authorization", bearer()).header("Range", range).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode awaitStatus(String path, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> r = get("/api/v1/files?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
      if (r.statusCode() == 200 && json(r).path("status").asText().equals(status)) {
        return json(r);
      }
      assertTrue(System.nanoTime() < deadline, path + " did not become " + status + ": " + r.body());
      Thread.sleep(50);
    }
  }

  private static void awaitIdle() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (pending() > 0) {
      assertTrue(System.nanoTime() < deadline, "files stay PENDING");
      Thread.sleep(50);
    }
  }

  private static long pending() throws Exception {
    return json(get("/api/v1/stats")).path("files").path("PENDING").asLong();
  }

  private static String tagNames(JsonNode info) {
    StringBuilder sb = new StringBuilder("[");
    for (JsonNode tag : info.path("tags")) {
      sb.append(sb.length() > 1 ? "," : "").append('"').append(tag.path("name").asText()).append('"');
    }
    return sb.append(']').toString();
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
            + coalesce(type(r), '') + ' ' + coalesce(toString(r.score), '') + ' ' + coalesce(m.path, m.name, '') AS v
          RETURN v ORDER BY v""").list(r -> r.get("v").asString()));
    }
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return Json.mapper().readTree(r.body());
  }

  private static String bearer() {
    return "Bearer " + token;
  }

  private static URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return send("GET", pathAndQuery, null, bearer());
  }

  private static HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
    return send("POST", pathAndQuery, body, bearer());
  }

  private static HttpResponse<String> send(String method, String pathAndQuery, String body, String auth)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
