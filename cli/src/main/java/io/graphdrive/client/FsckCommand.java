package io.graphdrive.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.apiclient.ClientOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Brings the graph in line with the drive's storage and reports what it repaired. */
@Command(name = "fsck", mixinStandardHelpOptions = true,
    description = {"Compare the drive's storage with the graph and repair both ways: a stored file the graph "
        + "lacks (or holds with other contents) is recorded and tagged, a file node whose file is gone is removed. "
        + "Index servers also run this by themselves every index.fsck-minutes (360)."})
final class FsckCommand implements Callable<Integer> {
  private static final long POLL_MILLIS = 1_000;

  @Mixin ClientOptions options;

  @Override
  public Integer call() throws Exception {
    ApiClient api = options.api();
    JsonNode started = api.post("/api/v1/fsck", Map.of(), null);
    String server = started.path("server").asText();
    System.out.println(started.path("status").asText().equals("started")
        ? "checking the drive against the graph on " + server
        : "a check was already running on " + server + "; following it");
    // Progress is per server, and nginx spreads the polls over all of them: only the one running it answers.
    long lastChecked = -1;
    while (true) {
      Thread.sleep(POLL_MILLIS);
      JsonNode stats = api.get("/api/v1/stats", Map.of());
      if (!stats.path("server").asText().equals(server)) {
        continue;
      }
      JsonNode fsck = stats.path("fsck");
      if (!fsck.path("running").asBoolean()) {
        if (!fsck.path("error").isNull()) {
          System.err.println("graphdrive: the check stopped: " + fsck.path("error").asText());
          return 1;
        }
        System.out.printf("checked %d paths: %d files recorded (new or changed), %d nodes removed (file gone)%n",
            fsck.path("checked").asLong(), fsck.path("recorded").asLong(), fsck.path("removed").asLong());
        return 0;
      }
      if (fsck.path("checked").asLong() != lastChecked) {
        lastChecked = fsck.path("checked").asLong();
        System.out.println("  " + lastChecked + " paths checked so far");
      }
    }
  }
}
