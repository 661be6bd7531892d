package io.graphdrive.index;

import static io.graphdrive.index.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.ApiToken;
import io.graphdrive.common.Config;
import io.graphdrive.storage.JuiceStorage;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;

/** Files a crashed server left PENDING come back as fast as the workers take them, not a few per lease tick. */
class OrphanRecoveryTest {
  private static final int ORPHANS = 48;

  @TempDir Path data;

  @Test
  void manyOrphansAreAllTaggedLongBeforeTheSecondLeaseTick() throws Exception {
    Neo4jProcess neo4j = Neo4jProcess.shared();
    // A lease of 10 minutes: the lease loop ticks every 150 s, so only its first tick falls inside the wait below.
    Config config = neo4j.serverSettings(data, "orphans", Map.of("GRAPHDRIVE_WORKERS", "2",
        "GRAPHDRIVE_INDEX_LEASE_SECONDS", "600"));
    String token = ApiToken.readOrCreate(data.resolve("api-token"));
    try (Driver driver = neo4j.driver(); JuiceStorage storage = JuiceStorage.open(config)) {
      Graph graph = new Graph(driver, 0.9, 5);
      long now = System.currentTimeMillis();
      for (int i = 0; i < ORPHANS; i++) {
        String path = String.format("/orphans/o%02d.txt", i);
        try (OutputStream out = storage.create(path)) {
          out.write(("Orphan note " + i + " about owls, moths and the night garden.").getBytes(StandardCharsets.UTF_8));
        }
        // Half were held by another server that crashed, half by this server's name before it restarted.
        boolean other = i % 2 == 0;
        graph.upsertPending(path, other ? "crashed-server" : "orphan-test", now, other ? now - 1 : now + 600_000);
      }
      IndexServer server = IndexServer.start(config, "orphan-test", 0);
      try {
        TestHttp http = new TestHttp(server, token);
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(100).toNanos();
        long pending;
        while ((pending = json(http.get("/api/v1/stats")).path("files").path("PENDING").asLong()) > 0) {
          assertTrue(System.nanoTime() < deadline, pending + " of " + ORPHANS + " orphans still PENDING after 100 s");
          Thread.sleep(200);
        }
        assertEquals(ORPHANS, json(http.get("/api/v1/stats")).path("files").path("TAGGED").asLong());
        System.out.printf("%d orphans tagged in %.1f s%n", ORPHANS, (System.nanoTime() - started) / 1e9);
      } finally {
        server.close();
      }
    }
  }
}
