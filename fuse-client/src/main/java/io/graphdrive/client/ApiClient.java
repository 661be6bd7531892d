package io.graphdrive.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Json;
import io.graphdrive.events.HttpEventPoster;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Calls the GraphDrive HTTP API with the bearer token and turns failures into messages a user can act on. */
final class ApiClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String token;
  private final HttpClient http;

  ApiClient(String baseUrl, String token) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Builds a query string from name/value pairs, skipping null values. */
  static Map<String, String> query(String... pairs) {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        query.put(pairs[i], pairs[i + 1]);
      }
    }
    return query;
  }

  /** GETs an API path and returns the JSON answer. */
  JsonNode get(String path, Map<String, String> query) throws IOException {
    return send(request(path, query).GET());
  }

  /** POSTs a JSON body to an API path and returns the JSON answer. */
  JsonNode post(String path, Map<String, String> query, Object body) throws IOException {
    String json = Json.mapper().writeValueAsString(body);
    return send(request(path, query)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** DELETEs at an API path; an empty answer comes back as an empty JSON object. */
  JsonNode delete(String path, Map<String, String> query) throws IOException {
    return send(request(path, query).DELETE());
  }

  /** Returns the health answer without a token, or null when no server answers at all. */
  JsonNode health() {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(base.resolve("/api/v1/health")).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return response.body().isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(response.body());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Throws a message saying what was not done when no server answers, before a command changes anything. */
  void requireServer(String notDone) throws IOException {
    if (health() == null) {
      throw new IOException(unreachable() + "; " + notDone);
    }
  }

  /** Returns a poster that sends journaled events to this server with this token. */
  HttpEventPoster eventPoster() {
    return new HttpEventPoster(base.toString(), token);
  }

  /** Returns the server's base URL as given. */
  String baseUrl() {
    return base.toString();
  }

  /** Returns the web page's sign-in link for this server and token. */
  String loginLink() {
    return loginLink(base.toString(), token);
  }

  /**
   * Returns the web page's sign-in link: the token rides in the fragment, which browsers never send
   * to a server, so it reaches no request line or log.
   */
  static String loginLink(String baseUrl, String token) {
    String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    return base + "#token=" + URLEncoder.encode(token, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path, Map<String, String> query) {
    String qs = query.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("&"));
    return HttpRequest.newBuilder(URI.create(base + path + (qs.isEmpty() ? "" : "?" + qs)))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
  }

  private JsonNode send(HttpRequest.Builder builder) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new IOException(unreachable());
    } catch (HttpTimeoutException e) {
      throw new IOException("GraphDrive at " + base + " did not answer within " + TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() >= 400) {
      throw new ApiException(response.statusCode(), describe(response.statusCode(), body));
    }
    return body;
  }

  private String unreachable() {
    return "cannot reach GraphDrive at " + base + " (is 'graphdrive up' running? set --server or GRAPHDRIVE_URL)";
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return Json.mapper().createObjectNode();
    }
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      return Json.mapper().createObjectNode().put("error", text.strip());
    }
  }

  private static String describe(int status, JsonNode body) {
    String error = body.path("error").asText("");
    String detail = body.path("detail").asText("");
    if (status == 401) {
      return "the server refused the API token (" + (error.isEmpty() ? "unauthorized" : error)
          + "); check GRAPHDRIVE_TOKEN or <data>/api-token";
    }
    StringBuilder sb = new StringBuilder(error.isEmpty() ? "HTTP " + status : error);
    if (!detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    return sb.toString();
  }

  /** An error answer from the API, with its HTTP status. */
  static final class ApiException extends IOException {
    private final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }

    /** Returns the HTTP status the server answered with. */
    int status() {
      return status;
    }
  }
}
