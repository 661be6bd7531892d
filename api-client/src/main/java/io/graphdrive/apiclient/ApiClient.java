package io.graphdrive.apiclient;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Json;
import io.graphdrive.events.HttpEventPoster;
import java.io.IOException;
import java.io.InterruptedIOException;
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
public final class ApiClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String token;
  private final HttpClient http;

  /** Calls the server at the base URL with the API token. */
  public ApiClient(String baseUrl, String token) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Builds a query string from name/value pairs, skipping null values. */
  public static Map<String, String> query(String... pairs) {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        query.put(pairs[i], pairs[i + 1]);
      }
    }
    return query;
  }

  /** GETs an API path and returns the JSON answer. */
  public JsonNode get(String path, Map<String, String> query) throws IOException {
    return send(request(path, query).GET());
  }

  /** POSTs a JSON body to an API path and returns the JSON answer. */
  public JsonNode post(String path, Map<String, String> query, Object body) throws IOException {
    String json = Json.mapper().writeValueAsString(body);
    return send(request(path, query)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** DELETEs at an API path; an empty answer comes back as an empty JSON object. */
  public JsonNode delete(String path, Map<String, String> query) throws IOException {
    return send(request(path, query).DELETE());
  }

  /** Returns the health answer without a token, or null when no server answers at all. */
  public JsonNode health() {
    HttpResponse<String> response = probeHealth();
    return response == null ? null : parse(response.body());
  }

  /** Returns whether the server answers its health check with 200, as a server ready for requests does. */
  public boolean healthy() {
    HttpResponse<String> response = probeHealth();
    return response != null && response.statusCode() == 200;
  }

  /**
   * Polls a file until tagging is done with it (TAGGED or FAILED) or the timeout passes, and returns its last answer,
   * or null when the drive has no such file. Connection failures and 5xx answers are retried until the timeout, as
   * a server may be restarting; the API has no push channel for a client.
   */
  public JsonNode awaitTagged(String path, Duration timeout, Duration poll) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode file = null;
      IOException failure = null;
      try {
        file = get("/api/v1/files", query("path", path));
      } catch (ApiException e) {
        if (e.status() == 404) {
          return null;
        }
        if (e.status() < 500) {
          throw e;
        }
        failure = e;
      } catch (IOException e) {
        failure = e;
      }
      if (failure == null && !"PENDING".equals(file.path("status").asText())) {
        return file;
      }
      if (System.nanoTime() > deadline) {
        if (failure != null) {
          throw failure;
        }
        return file;
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for " + path + " to be tagged");
      }
    }
  }

  /** Throws a message saying what was not done when no server answers, before a command changes anything. */
  public void requireServer(String notDone) throws IOException {
    if (health() == null) {
      throw new IOException(unreachable() + "; " + notDone);
    }
  }

  /** Returns a poster that sends journaled events to this server with this token. */
  public HttpEventPoster eventPoster() {
    return new HttpEventPoster(base.toString(), token);
  }

  /** Returns the server's base URL as given. */
  public String baseUrl() {
    return base.toString();
  }

  /** Returns the web page's sign-in link for this server and token. */
  public String loginLink() {
    return loginLink(base.toString(), token);
  }

  /**
   * Returns the web page's sign-in link: the token rides in the fragment, which browsers never send
   * to a server, so it reaches no request line or log.
   */
  public static String loginLink(String baseUrl, String token) {
    String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    return base + "#token=" + URLEncoder.encode(token, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpResponse<String> probeHealth() {
    try {
      return http.send(
          HttpRequest.newBuilder(base.resolve("/api/v1/health")).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
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
  public static final class ApiException extends IOException {
    private final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }

    /** Returns the HTTP status the server answered with. */
    public int status() {
      return status;
    }
  }
}
