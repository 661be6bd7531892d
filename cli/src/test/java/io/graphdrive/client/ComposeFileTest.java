package io.graphdrive.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, read by {@code docker-compose config} (no Docker engine runs here to start it). */
class ComposeFileTest {
  private static final Path COMPOSE = Path.of("").toAbsolutePath().getParent().resolve("docker-compose.yml");

  /** Checks: the file is valid, and the servers get the token and Redis's password from the environment. */
  @Test
  void theClusterTakesItsTokenAndPasswordsFromTheEnvironment() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config")
        .redirectErrorStream(true);
    pb.environment().put("GRAPHDRIVE_TOKEN", "token-from-the-environment");
    pb.environment().put("GRAPHDRIVE_REDIS_PASSWORD", "redis-secret");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    // Both index servers, the Ray nodes and the model fetch: every service with the shared environment.
    assertEquals(5, out.split("GRAPHDRIVE_TOKEN: token-from-the-environment", -1).length - 1, out);
    assertTrue(out.contains("--requirepass") && out.contains("redis-secret"), out);
    assertTrue(out.contains("redis://:redis-secret@redis:6379/1"), out);
    assertTrue(!out.contains("api-token"), "no service needs a token file");
  }
}
