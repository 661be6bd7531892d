package io.graphdrive.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.apiclient.ClientOptions;
import io.graphdrive.common.Json;
import io.graphdrive.events.EventJournal;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shows whether GraphDrive is up and how much tagging work is done. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the health of the server's parts and the count of files by status.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Option(names = "--json", description = "print the server's JSON answers")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ApiClient api = options.api();
    JsonNode health = api.health();
    if (health == null) {
      System.err.println("graphdrive: no GraphDrive server answers at " + api.baseUrl());
      return 1;
    }
    JsonNode stats = api.get("/api/v1/stats", Map.of());
    if (json) {
      ObjectNode both = Json.mapper().createObjectNode();
      both.set("health", health);
      both.set("stats", stats);
      System.out.println(both.toPrettyString());
      return 0;
    }
    System.out.println("server: " + api.baseUrl() + "  " + health.path("status").asText("unknown"));
    System.out.println("sign in to the web UI: " + api.loginLink());
    health.path("components").fields().forEachRemaining(
        c -> System.out.println("  " + c.getKey() + ": " + (c.getValue().isValueNode() ? c.getValue().asText() : c.getValue())));
    System.out.println("files:");
    stats.path("files").fields().forEachRemaining(
        s -> System.out.println("  " + s.getKey() + ": " + s.getValue().asLong()));
    JsonNode failed = stats.path("failed");
    if (!failed.isEmpty()) {
      System.out.println("failed, latest first (graphdrive retag --failed tries them again):");
      failed.forEach(f -> System.out.println("  " + f.path("path").asText() + ": " + f.path("error").asText()));
    }
    stats.fields().forEachRemaining(s -> {
      if (!s.getKey().equals("files") && !s.getKey().equals("failed")) {
        System.out.println(s.getKey() + ": " + (s.getValue().isValueNode() ? s.getValue().asText() : s.getValue()));
      }
    });
    Path journal = options.config().journalDir();
    long refused = EventJournal.setAsideCount(journal);
    if (refused > 0) {
      System.out.println("events the server refused: " + refused + " (set aside in " + journal.resolve("rejected.jsonl")
          + ")");
    }
    return "ok".equals(health.path("status").asText()) ? 0 : 1;
  }
}
