package io.graphdrive.index;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Talks to one index server in a test as a client does: the bearer token, JSON answers, waiting for a file to land. */
final class TestHttp {
  private final HttpClient client = HttpClient.newHttpClient();
  private final IndexServer server;
  private final String token;

  /** Talks to {@code server} with {@code token}. */
  TestHttp(IndexServer server, String token) {
    this.server = server;
    this.token = token;
  }

  /** Returns the HTTP client, for requests with headers of their own. */
  HttpClient client() {
    return client;
  }

  /** Returns the Authorization header value with the right token. */
  String bearer() {
    return "Bearer " + token;
  }

  /** Returns the server's URI for a path and query. */
  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  /** GETs with the right token. */
  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return send("GET", pathAndQuery, null, bearer());
  }

  /** POSTs an empty body with the right token. */
  HttpResponse<String> post(String pathAndQuery) throws Exception {
    return post(pathAndQuery, "");
  }

  /** POSTs a text body with the right token. */
  HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
    return send("POST", pathAndQuery, HttpRequest.BodyPublishers.ofString(body), bearer());
  }

  /** Sends a request; a null body sends none, a null {@code auth} no Authorization header. */
  HttpResponse<String> send(String method, String pathAndQuery, HttpRequest.BodyPublisher body, String auth)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Polls the file's answer until its status is {@code status}, for at most two minutes, and returns it. */
  JsonNode awaitStatus(String path, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      HttpResponse<String> r = get("/api/v1/files?path=" + encode(path));
      if (r.statusCode() == 200 && json(r).path("status").asText().equals(status)) {
        return json(r);
      }
      assertTrue(System.nanoTime() < deadline, path + " did not become " + status + ": " + r.body());
      Thread.sleep(50);
    }
  }

  /** Returns a URL query value, encoded. */
  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Reads an answer's body as JSON. */
  static JsonNode json(HttpResponse<String> r) throws IOException {
    return Json.mapper().readTree(r.body());
  }
}
