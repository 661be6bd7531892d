package io.graphdrive.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.ApiToken;
import io.graphdrive.common.Config;
import io.graphdrive.common.Json;
import io.graphdrive.storage.JuiceStorage;
import io.graphdrive.tagging.Vocabulary;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tag space for two index servers on one Neo4j (real Jetty, JuiceFS on SQLite, Ray LOCAL actors,
 * MiniLM): a vocabulary put to one is used by the other, and users' corrections made through one
 * change how the other's actors tag held-out similar files.
 */
class TagSpaceTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Code that handles people's names and phones: MiniLM says "contact list" and not "programming". */
  private static final List<String> CORRECTED = List.of(
      "class Person: def __init__(self, name, email, phone): self.name = name; self.email = email; self.phone = phone",
      "class Customer(Model): first_name = CharField(); last_name = CharField(); phone_number = CharField(); "
          + "address = TextField()",
      "function renderContacts(list) { return list.map(c => `<li>${c.name} ${c.phone}</li>`).join(''); }");
  private static final List<String> HELD_OUT = List.of(
      "import csv\ndef load_people(path): with open(path) as f: return [dict(name=r[0], email=r[1], phone=r[2]) "
          + "for r in csv.reader(f)]",
      "struct user { char *name; char *email; char *phone; }; void print_user(struct user *u) { "
          + "printf(\"%s\", u->name); }",
      "def add_person(db, name, phone, email): db.execute('INSERT INTO people VALUES (?, ?, ?)', (name, phone, email))");
  private static final long SYNC_MILLIS = 500;
  private static Neo4jProcess neo4j;
  private static JuiceStorage storage;
  private static IndexServer a;
  private static IndexServer b;
  private static String token;
  @TempDir static Path data;

  @BeforeAll
  static void start() throws Exception {
    neo4j = Neo4jProcess.shared();
    Config config = neo4j.serverSettings(data, "tag-space", Map.of("GRAPHDRIVE_WORKERS", "1",
        "GRAPHDRIVE_INDEX_LEASE_SECONDS", "5", "GRAPHDRIVE_INDEX_SYNC_MILLIS", String.valueOf(SYNC_MILLIS)));
    token = ApiToken.readOrCreate(data.resolve("api-token"));
    storage = JuiceStorage.open(config);
    a = IndexServer.start(config, "test-a", 0);
    b = IndexServer.start(config, "test-b", 0);
  }

  @AfterAll
  static void stop() {
    // b shares the Ray runtime a started, so it goes first.
    for (AutoCloseable c : new AutoCloseable[] {b, a, storage}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void aVocabularyPutToOneServerIsUsedByTheOther() throws Exception {
    String airships = "airship\tzeppelins and airships, balloons filled with gas flying over cities\n"
        + "knitting\twool, needles and yarn\n";
    try {
      HttpResponse<String> put = send(a, "PUT", "/api/v1/vocabulary", airships);
      assertEquals(200, put.statusCode(), put.body());
      String fingerprint = json(put).path("fingerprint").asText();
      long started = System.nanoTime();
      await(b, "/api/v1/stats", s -> s.path("tagSpace").path("vocabulary").asText().equals(fingerprint));
      // Bounded by the sync period plus the time to embed the vocabulary.
      assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos());
      assertEquals(airships, send(b, "GET", "/api/v1/vocabulary", null).body());
      put("/zeppelin.txt", "The Zeppelin airship floated over the city, its gas cells filled with hydrogen.");
      send(b, "POST", "/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"/zeppelin.txt\"}");
      JsonNode file = awaitTagged(b, "/zeppelin.txt");
      JsonNode tag = tag(file, "airship");
      assertEquals("text", tag.path("source").asText(), file.toString());
      assertEquals(0.26, tag.path("threshold").asDouble(), 1e-9, "the bar it passed is shown");
    } finally {
      send(a, "DELETE", "/api/v1/files?path=/zeppelin.txt", null);
      assertEquals(200, send(b, "PUT", "/api/v1/vocabulary", Vocabulary.defaultText()).statusCode());
    }
  }

  @Test
  void correctionsThroughOneServerChangeHeldOutFilesTaggedByTheOther() throws Exception {
    List<String> all = new java.util.ArrayList<>();
    for (int i = 0; i < CORRECTED.size(); i++) {
      put("/code/corrected-" + i + ".txt", CORRECTED.get(i));
      put("/code/held-out-" + i + ".txt", HELD_OUT.get(i));
      all.add("/code/corrected-" + i + ".txt");
      all.add("/code/held-out-" + i + ".txt");
    }
    for (String path : all) {
      send(b, "POST", "/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"" + path + "\"}");
    }
    for (String path : all) {
      JsonNode file = awaitTagged(b, path);
      assertTrue(tag(file, "contact list") != null && tag(file, "programming") == null, file.toString());
    }
    for (int i = 0; i < CORRECTED.size(); i++) {
      HttpResponse<String> edited = send(a, "POST", "/api/v1/files/tags?path=/code/corrected-" + i + ".txt",
          "{\"add\":[\"programming\"],\"remove\":[\"contact list\"]}");
      assertEquals(200, edited.statusCode(), edited.body());
    }
    long edits;
    try (org.neo4j.driver.Driver driver = neo4j.driver()) {
      edits = (Long) new Graph(driver, 0.9, 5).sharedVocabulary().orElseThrow().get("edits");
    }
    await(b, "/api/v1/stats", s -> s.path("tagSpace").path("edits").asLong() == edits
        && s.path("tagSpace").path("correctedTags").asInt() == 2);
    assertEquals(202, send(b, "POST", "/api/v1/retag", "").statusCode());
    await(b, "/api/v1/stats", s -> !s.path("retag").path("running").asBoolean() && s.path("files").path("PENDING").asLong() == 0);
    for (int i = 0; i < HELD_OUT.size(); i++) {
      JsonNode file = awaitTagged(b, "/code/held-out-" + i + ".txt");
      assertTrue(tag(file, "contact list") == null, file.toString());
      JsonNode programming = tag(file, "programming");
      assertTrue(programming != null && programming.path("source").asText().equals("text"), file.toString());
      JsonNode corrected = awaitTagged(b, "/code/corrected-" + i + ".txt");
      assertEquals("user", tag(corrected, "programming").path("source").asText(), "re-tag keeps user tags");
      assertTrue(tag(corrected, "contact list") == null, corrected.toString());
    }
    JsonNode sure = json(send(a, "GET", "/api/v1/search?tag=programming&minScore=0.99", null));
    assertEquals(3, sure.path("files").size(), "only the user's own (score 1) pass 0.99: " + sure);
    assertEquals(400, send(a, "GET", "/api/v1/search?tag=programming&minScore=2", null).statusCode());
    assertEquals(400, send(a, "GET", "/api/v1/search?q=people&minScore=0.5", null).statusCode());
  }

  private static JsonNode tag(JsonNode file, String name) {
    for (JsonNode t : file.path("tags")) {
      if (t.path("name").asText().equals(name)) {
        return t;
      }
    }
    return null;
  }

  private static void put(String path, String text) throws IOException {
    try (OutputStream out = storage.create(path)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static JsonNode awaitTagged(IndexServer server, String path) throws Exception {
    return await(server, "/api/v1/files?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8),
        f -> f.path("status").asText().equals("TAGGED"));
  }

  private static JsonNode await(IndexServer server, String call, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      HttpResponse<String> r = send(server, "GET", call, null);
      if (r.statusCode() == 200 && done.test(json(r))) {
        return json(r);
      }
      assertTrue(System.nanoTime() < deadline, call + " did not come right: " + r.body());
      Thread.sleep(100);
    }
  }

  private static HttpResponse<String> send(IndexServer server, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return Json.mapper().readTree(r.body());
  }
}
