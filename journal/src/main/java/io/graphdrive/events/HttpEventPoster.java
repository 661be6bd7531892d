package io.graphdrive.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Event;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Posts events as one JSON array to {@code POST /api/v1/events} of a GraphDrive server with the bearer token. */
public final class HttpEventPoster implements EventPoster {
  private final URI events;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Makes a poster for the server at {@code baseUrl}, e.g. {@code http://127.0.0.1:8080}. */
  public HttpEventPoster(String baseUrl, String token) {
    this.events = URI.create(baseUrl.replaceAll("/+$", "") + "/api/v1/events");
    this.token = token;
  }

  @Override
  public List<String> post(List<Event> batch) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(events)
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(batch)))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while posting " + batch.size() + " events");
    }
    int status = response.statusCode();
    if (status >= 300) {
      String message = "HTTP " + status + " for " + batch.size() + " events from " + batch.get(0) + ": "
          + response.body().strip();
      // A bad token (401/403) or throttling (408/429) is a state of the server, not of the events: retry those.
      if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429) {
        throw new EventRejectedException(message);
      }
      throw new IOException(message);
    }
    JsonNode results = Json.mapper().readTree(response.body()).path("results");
    if (!results.isArray() || results.size() != batch.size()) {
      throw new IOException("the server answered " + batch.size() + " events with " + response.body().strip());
    }
    List<String> refusals = new ArrayList<>();
    for (JsonNode r : results) {
      refusals.add(r.hasNonNull("status") ? null : "HTTP " + r.path("code").asInt() + " " + r.path("error").asText()
          + ": " + r.path("detail").asText());
    }
    return refusals;
  }
}
