package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The actors' own settings: defaults and validation. */
final class ActorSettingsTest {
  @TempDir Path data;

  @Test
  void theContentLimitIsTwoGibibytesUnlessSet() {
    assertEquals(2L << 30, ActorSettings.of(Config.load(data, Map.of())).maxContentBytes());
    assertEquals(5L << 20,
        ActorSettings.of(Config.load(data, Map.of("GRAPHDRIVE_TAGGING_MAX_CONTENT_MB", "5"))).maxContentBytes());
  }

  @Test
  void badValuesNameTheSetting() {
    for (Map<String, String> env : List.of(
        Map.of("GRAPHDRIVE_TAGGING_MAX_CONTENT_MB", "0"), Map.of("GRAPHDRIVE_TAGGING_TIMEOUT_SECONDS", "0"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActorSettings.of(Config.load(data, env)));
      String key = env.containsKey("GRAPHDRIVE_TAGGING_TIMEOUT_SECONDS") ? ActorSettings.TIMEOUT : ActorSettings.MAX_CONTENT_MB;
      assertTrue(e.getMessage().contains(key), e.getMessage());
    }
  }
}
