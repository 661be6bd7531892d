package io.graphdrive.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small OpenAI-compatible chat-completions server for tests and benchmarks (no language model runs
 * here): the answer's content is a function of the user message; it records every request and counts
 * requests in flight; it can be told to sleep, to answer another status or a raw body.
 */
final class ChatStub implements AutoCloseable {
  static {
    // Without TCP_NODELAY the JDK's server leaves each answer waiting ~40 ms on delayed acknowledgements,
    // which would be counted as our cost; read once, when the server classes load.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  final HttpServer server;
  final ExecutorService threads = Executors.newCachedThreadPool();
  final List<String> userMessages = Collections.synchronizedList(new ArrayList<>());
  final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  volatile Function<String, String> answer = user -> "{\"tags\": []}";
  volatile int status = 200;
  volatile String rawBody;
  volatile long sleepMillis;

  ChatStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Returns the base URL to configure, ending in /v1. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      JsonNode request = Json.mapper().readTree(ex.getRequestBody());
      requests.add(request);
      String user = request.path("messages").path(1).path("content").asText();
      userMessages.add(user);
      if (sleepMillis > 0) {
        Thread.sleep(sleepMillis);
      }
      String body = rawBody;
      if (body == null) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode message = root.putArray("choices").addObject().putObject("message");
        message.put("role", "assistant");
        message.put("content", answer.apply(user));
        body = Json.mapper().writeValueAsString(root);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      ex.close();
    }
  }

  /** Stops the server and interrupts answers still sleeping. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
