package io.graphdrive.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks an OpenAI-compatible chat-completions endpoint one question at a time, with at most the
 * configured number of requests in flight per JVM and endpoint, and never longer than the time limit,
 * waiting for a free slot included.
 */
final class LlmClient {
  /** Most tokens the model may answer with: five tags with confidences in JSON need about 80. */
  static final int MAX_TOKENS = 256;

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  // One limit per endpoint and JVM, shared by every actor in it.
  private static final Map<String, Semaphore> SLOTS = new ConcurrentHashMap<>();

  private final LlmSettings settings;
  private final URI endpoint;
  private final Semaphore slots;

  /** Takes the endpoint's settings; the URL must be set. */
  LlmClient(LlmSettings settings) {
    this.settings = settings;
    this.endpoint = URI.create(settings.url().replaceAll("/+$", "") + "/chat/completions");
    this.slots = SLOTS.computeIfAbsent(endpoint + " " + settings.concurrency(), k -> new Semaphore(settings.concurrency()));
  }

  /**
   * Sends a system and a user message (temperature 0) and returns the answer's text; throws
   * IOException naming what went wrong when the endpoint is unreachable, slow, answers an error or
   * something that is not a chat completion.
   */
  String ask(String system, String user) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
    if (!slots.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
      throw new IOException("no free request slot within " + settings.timeoutSeconds() + " s");
    }
    try {
      HttpResponse<String> response = send(request(system, user, deadline), deadline);
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      JsonNode content = Json.mapper().readTree(response.body()).path("choices").path(0).path("message").path("content");
      if (!content.isTextual()) {
        throw new IOException("the answer is not a chat completion");
      }
      return content.asText();
    } finally {
      slots.release();
    }
  }

  private HttpRequest request(String system, String user, long deadline) throws IOException {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", settings.model());
    body.putArray("messages").add(message("system", system)).add(message("user", user));
    body.put("temperature", 0);
    body.put("max_tokens", MAX_TOKENS);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofNanos(Math.max(1, remaining(deadline))))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
    if (!settings.apiKey().isEmpty()) {
      b.header("Authorization", "Bearer " + settings.apiKey());
    }
    return b.build();
  }

  private static ObjectNode message(String role, String content) {
    ObjectNode m = Json.mapper().createObjectNode();
    m.put("role", role);
    m.put("content", content);
    return m;
  }

  private HttpResponse<String> send(HttpRequest request, long deadline) throws IOException, InterruptedException {
    // The request's own timeout ends waiting for headers; the deadline here also bounds reading the body.
    CompletableFuture<HttpResponse<String>> pending = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      return pending.get(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new IOException("no answer within " + settings.timeoutSeconds() + " s");
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IOException(cause instanceof java.net.http.HttpTimeoutException
          ? "no answer within " + settings.timeoutSeconds() + " s"
          : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
  }

  private static long remaining(long deadline) {
    return deadline - System.nanoTime();
  }
}
