package io.graphdrive.events;

import io.graphdrive.common.Event;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts events to {@code POST /api/v1/events} of a GraphDrive server with the bearer token. */
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
  public void post(Event event) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(events)
        .timeout(Duration.ofSeconds(15))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(event)))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while posting " + event);
    }
    int status = response.statusCode();
    if (status < 300) {
      return;
    }
    String message = "HTTP " + status + " for " + event + ": " + response.body().strip();
    // A bad token (401/403) or throttling (408/429) is a state of the server, not of the event: retry those.
    if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429) {
      throw new EventRejectedException(message);
    }
    throw new IOException(message);
  }
}
