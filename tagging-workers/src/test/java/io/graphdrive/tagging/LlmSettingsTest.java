package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Config;
import io.graphdrive.common.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The language-model settings: defaults, validation, and their way to the actors as JSON. */
final class LlmSettingsTest {
  @TempDir Path data;

  @Test
  void offByDefaultAndReadFromTheEnvironment() throws Exception {
    assertFalse(LlmSettings.of(Config.load(data, Map.of())).enabled());
    Map<String, String> env =
        Map.of(
            "GRAPHDRIVE_TAGGING_LLM_URL", "http://127.0.0.1:8000/v1",
            "GRAPHDRIVE_TAGGING_LLM_MODEL", "mistral-7b-lora",
            "GRAPHDRIVE_TAGGING_LLM_MODE", "Generative",
            "GRAPHDRIVE_TAGGING_LLM_API_KEY", "secret-key");
    LlmSettings s = LlmSettings.of(Config.load(data, env));
    assertTrue(s.enabled());
    assertEquals(new LlmSettings("http://127.0.0.1:8000/v1", "mistral-7b-lora", 20, 2, LlmSettings.Mode.GENERATIVE, "secret-key"), s);
    assertFalse(s.toString().contains("secret-key"), s.toString());
    ActorSettings actor = ActorSettings.of(Config.load(data, env));
    assertEquals(actor, Json.mapper().readValue(Json.mapper().writeValueAsString(actor), ActorSettings.class));
  }

  @Test
  void badValuesNameTheSetting() {
    Map<String, Map<String, String>> bad =
        Map.of(
            LlmSettings.MODE, Map.of("GRAPHDRIVE_TAGGING_LLM_MODE", "creative"),
            LlmSettings.MODEL, Map.of("GRAPHDRIVE_TAGGING_LLM_URL", "http://127.0.0.1:8000/v1"),
            LlmSettings.URL, Map.of("GRAPHDRIVE_TAGGING_LLM_URL", "127.0.0.1:8000", "GRAPHDRIVE_TAGGING_LLM_MODEL", "m"),
            LlmSettings.CONCURRENCY, Map.of("GRAPHDRIVE_TAGGING_LLM_CONCURRENCY", "0"),
            LlmSettings.TIMEOUT, Map.of("GRAPHDRIVE_TAGGING_LLM_TIMEOUT_SECONDS", "0"));
    bad.forEach(
        (key, env) -> {
          IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmSettings.of(Config.load(data, env)));
          assertTrue(e.getMessage().contains(key), e.getMessage());
        });
  }
}
