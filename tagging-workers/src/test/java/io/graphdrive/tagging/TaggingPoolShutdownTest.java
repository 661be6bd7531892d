package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.graphdrive.common.Config;
import io.ray.api.Ray;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool whose Ray stopped under it, as Ray's own shutdown hook does on SIGTERM while the index server still closes:
 * its calls fail as calls, never as a FAILED result that would be recorded against the file.
 */
class TaggingPoolShutdownTest {
  @TempDir Path data;

  @Test
  void aCallAfterRayStoppedFailsTheCallNotTheFile() throws Exception {
    TaggingPool pool = TaggingPool.start(Config.load(data, Map.of("GRAPHDRIVE_WORKERS", "1")));
    try {
      Ray.shutdown();
      CompletableFuture<?> call = pool.tag("/notes/any.txt");
      ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(1, TimeUnit.MINUTES));
      assertEquals(IllegalStateException.class, e.getCause().getClass(), e.toString());
      assertEquals(0, pool.inFlight());
    } finally {
      pool.close();
    }
  }
}
