package io.graphdrive.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.ApiToken;
import io.graphdrive.common.Config;
import io.graphdrive.common.Json;
import io.graphdrive.storage.JuiceStorage;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** The index server with the real parts: JuiceFS (SQLite) storage, Ray LOCAL tagging actors and Neo4j. */
class EndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path data;
  private static Neo4jProcess neo4j;
  private static Driver driver;
  private static JuiceStorage storage;
  private static IndexServer server;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    neo4j = Neo4jProcess.shared();
    neo4j.clear();
    driver = neo4j.driver();
    token = ApiToken.readOrCreate(data.resolve("api-token"));
    Files.writeString(data.resolve("neo4j-password"), neo4j.password());
    Config config = Config.load(data, Map.of("GRAPHDRIVE_NEO4J_URI", neo4j.uri(), "GRAPHDRIVE_WORKERS", "2"));
    storage = JuiceStorage.open(config);
    server = IndexServer.start(config, "e2e-1", 0, JuiceFileStore::open, PoolTagger::start);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (storage != null) {
      storage.close();
    }
    driver.close();
  }

  @Test
  void fileIsTaggedFoundDeletedAndRetaggedToTheSameGraph() throws Exception {
    put("/finance/invoice-42.txt", "INVOICE 42. Amount due: 1,250.00 EUR for consulting services. "
        + "Payment terms: 30 days. Please transfer the total to our bank account.");
    put("/notes/trip.txt", "Our hiking trip in the mountains: we climbed a peak, camped by a lake and "
        + "watched the sunset over the alpine valley.");
    for (String path : new String[] {"/finance/invoice-42.txt", "/notes/trip.txt"}) {
      HttpResponse<String> r = call("POST", "/api/v1/events", "{\"type\":\"CREATED\",\"path\":\"" + path + "\"}");
      assertEquals(202, r.statusCode(), r.body());
    }
    JsonNode invoice = awaitTagged("/finance/invoice-42.txt");
    awaitTagged("/notes/trip.txt");
    assertTrue(invoice.path("tags").size() > 0, invoice.toString());
    assertEquals(64, invoice.path("sha256").asText().length());
    String firstTag = invoice.path("tags").get(0).path("name").asText();
    JsonNode byTag = json(call("GET", "/api/v1/search?tag=" + URLEncoder.encode(firstTag, StandardCharsets.UTF_8), null));
    assertTrue(byTag.toString().contains("/finance/invoice-42.txt"), byTag.toString());
    JsonNode semantic = json(call("GET", "/api/v1/search?q=" + URLEncoder.encode("bill to pay", StandardCharsets.UTF_8), null));
    assertEquals("/finance/invoice-42.txt", semantic.path("files").get(0).path("path").asText(), semantic.toString());
    HttpResponse<String> bytes = call("GET", "/api/v1/files/content?path=/notes/trip.txt", null);
    assertTrue(bytes.body().startsWith("Our hiking trip"));

    String before = state();
    assertEquals(202, call("POST", "/api/v1/retag", "").statusCode());
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    do {
      assertTrue(System.nanoTime() < deadline, "re-tag did not finish");
      Thread.sleep(200);
    } while (json(call("GET", "/api/v1/stats", null)).path("retag").path("running").asBoolean() || pending() > 0);
    assertEquals(before, state());

    assertEquals(204, call("DELETE", "/api/v1/files?path=/finance/invoice-42.txt", null).statusCode());
    assertEquals(404, call("GET", "/api/v1/files?path=/finance/invoice-42.txt", null).statusCode());
    assertFalse(storage.stat("/finance/invoice-42.txt").isPresent());
    try (Session session = driver.session()) {
      assertEquals(0, session.run("MATCH (t:Tag) WHERE NOT (t)<-[:TAGGED]-() RETURN count(t) AS n")
          .single().get("n").asLong(), "orphan tags removed");
    }
  }

  private static void put(String path, String text) throws Exception {
    try (OutputStream out = storage.create(path)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static JsonNode awaitTagged(String path) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      JsonNode info = json(call("GET", "/api/v1/files?path=" + path, null));
      if (!info.path("status").asText().equals("PENDING")) {
        assertEquals("TAGGED", info.path("status").asText(), info.toString());
        return info;
      }
      assertTrue(System.nanoTime() < deadline, path + " stays PENDING");
      Thread.sleep(100);
    }
  }

  private static long pending() throws Exception {
    return json(call("GET", "/api/v1/stats", null)).path("files").path("PENDING").asLong();
  }

  private static String state() {
    try (Session session = driver.session()) {
      return String.join("\n", session.run("""
          MATCH (n) OPTIONAL MATCH (n)-[r]->(m)
          WITH labels(n)[0] + ' ' + coalesce(n.path, n.name) + ' ' + coalesce(n.status, '') + ' '
            + coalesce(n.sha256, '') + ' ' + coalesce(type(r), '') + ' ' + coalesce(toString(r.score), '') + ' '
            + coalesce(m.path, m.name, '') AS v
          RETURN v ORDER BY v""").list(r -> r.get("v").asString()));
    }
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.mapper().readTree(r.body());
  }

  private static HttpResponse<String> call(String method, String pathAndQuery, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
