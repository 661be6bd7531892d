package io.graphdrive.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sign-in link `graphdrive up` and `graphdrive status` print, the health probe and the wait for tags. */
class ApiClientTest {
  private static final Duration POLL = Duration.ofMillis(1);

  /** Answers, in turn, with these status codes and bodies; the last one repeats. */
  private final Deque<String[]> answers = new ArrayDeque<>();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    answers.clear();
  }

  @Test
  void theTokenTravelsInTheFragment() {
    assertEquals("http://127.0.0.1:8080/#token=abc123", ApiClient.loginLink("http://127.0.0.1:8080", "abc123"));
    assertEquals("http://h:1/#token=a%20b%26c%23", new ApiClient("http://h:1/", "a b&c#").loginLink());
  }

  @Test
  void awaitTaggedPollsWhilePendingAndRetriesAServerError() throws Exception {
    ApiClient api = serve(new String[] {"200", "{\"status\":\"PENDING\"}"}, new String[] {"503", "{}"},
        new String[] {"200", "{\"status\":\"TAGGED\"}"});
    assertEquals("TAGGED", api.awaitTagged("/a.txt", Duration.ofSeconds(10), POLL).path("status").asText());
  }

  @Test
  void awaitTaggedReturnsNullForNoSuchFileAndThePendingAnswerAtTheTimeout() throws Exception {
    ApiClient gone = serve(new String[] {"404", "{\"error\":\"no such file\"}"});
    assertNull(gone.awaitTagged("/a.txt", Duration.ofSeconds(10), POLL));
    stop();
    ApiClient api = serve(new String[] {"200", "{\"status\":\"PENDING\"}"});
    assertEquals("PENDING", api.awaitTagged("/a.txt", Duration.ofMillis(50), POLL).path("status").asText());
  }

  @Test
  void awaitTaggedThrowsARefusal() throws Exception {
    ApiClient api = serve(new String[] {"401", "{\"error\":\"unauthorized\"}"});
    assertThrows(ApiClient.ApiException.class, () -> api.awaitTagged("/a.txt", Duration.ofSeconds(10), POLL));
  }

  @Test
  void healthTellsADegradedServerFromNone() throws Exception {
    ApiClient api = serve(new String[] {"503", "{\"status\":\"degraded\"}"});
    assertEquals("degraded", api.health().path("status").asText());
    assertFalse(api.healthy());
    stop();
    assertNull(api.health());
    assertTrue(serve(new String[] {"200", "{\"status\":\"ok\"}"}).healthy());
  }

  private ApiClient serve(String[]... replies) throws IOException {
    answers.addAll(List.of(replies));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String[] answer = answers.size() > 1 ? answers.poll() : answers.peek();
      byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), "t");
  }
}
