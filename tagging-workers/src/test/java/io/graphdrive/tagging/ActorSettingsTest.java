package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Config;
import java.nio.file.Path;
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
  void theModelsRunAtNiceTenUnlessSet() {
    assertEquals(10, ActorSettings.of(Config.load(data, Map.of())).nice());
    assertEquals(0, ActorSettings.of(Config.load(data, Map.of("GRAPHDRIVE_TAGGING_NICE", "0"))).nice());
  }

  @Test
  void badValuesNameTheSetting() {
    Map<Map<String, String>, String> bad = Map.of(
        Map.of("GRAPHDRIVE_TAGGING_MAX_CONTENT_MB", "0"), ActorSettings.MAX_CONTENT_MB,
        Map.of("GRAPHDRIVE_TAGGING_TIMEOUT_SECONDS", "0"), ActorSettings.TIMEOUT,
        Map.of("GRAPHDRIVE_TAGGING_NICE", "-1"), ActorSettings.NICE,
        Map.of("GRAPHDRIVE_TAGGING_NICE", "20"), ActorSettings.NICE);
    bad.forEach((env, key) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActorSettings.of(Config.load(data, env)));
      assertTrue(e.getMessage().contains(key), e.getMessage());
    });
  }
}
