package io.graphdrive.tagging;

import io.graphdrive.common.Config;
import java.util.Locale;

/**
 * How to reach an optional OpenAI-compatible language model (vLLM, Ollama, a llama.cpp server): its
 * base URL (empty: no language model), model name, per-request time limit, most requests at once per
 * JVM, which of TagGPT's two roads to take, and an optional API key.
 */
record LlmSettings(String url, String model, int timeoutSeconds, int concurrency, Mode mode, String apiKey) {
  /** Setting for the base URL, for example {@code http://127.0.0.1:8000/v1}; empty turns the tagger off. */
  static final String URL = "tagging.llm.url";
  /** Setting for the model name sent with each request and recorded on the tags. */
  static final String MODEL = "tagging.llm.model";
  /** Setting for the most seconds one file waits for the model, queueing included (default 20). */
  static final String TIMEOUT = "tagging.llm.timeout-seconds";
  /** Setting for the most requests in flight at once per JVM (default 2). */
  static final String CONCURRENCY = "tagging.llm.concurrency";
  /** Setting for the road: {@code selective} (default) or {@code generative}. */
  static final String MODE = "tagging.llm.mode";
  /** Setting for the bearer token, best given as the environment variable GRAPHDRIVE_TAGGING_LLM_API_KEY. */
  static final String API_KEY = "tagging.llm.api-key";
  /** No language model. */
  static final LlmSettings OFF = new LlmSettings("", "", 20, 2, Mode.SELECTIVE, "");

  /** TagGPT's two roads: the model chooses among vocabulary candidates, or proposes tags freely. */
  enum Mode {
    SELECTIVE,
    GENERATIVE
  }

  /** Returns the settings of a configuration; a bad value is a clear error naming the setting. */
  static LlmSettings of(Config config) {
    String url = config.get(URL, "");
    String model = config.get(MODEL, "");
    int timeout = config.getInt(TIMEOUT, 20, 1, Integer.MAX_VALUE);
    int concurrency = config.getInt(CONCURRENCY, 2, 1, Integer.MAX_VALUE);
    String mode = config.get(MODE, "selective").toUpperCase(Locale.ROOT);
    if (!mode.equals("SELECTIVE") && !mode.equals("GENERATIVE")) {
      throw new IllegalArgumentException("setting " + MODE + " must be selective or generative, not '" + mode.toLowerCase(Locale.ROOT) + "'");
    }
    if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("setting " + URL + " must be an http:// or https:// URL, not '" + url + "'");
    }
    if (!url.isEmpty() && model.isEmpty()) {
      throw new IllegalArgumentException("setting " + MODEL + " is needed when " + URL + " is set");
    }
    return new LlmSettings(url, model, timeout, concurrency, Mode.valueOf(mode), config.get(API_KEY, ""));
  }

  /** Returns whether a language model is configured. */
  boolean enabled() {
    return !url.isEmpty();
  }

  /** Returns the settings without the API key, so logs never show it. */
  @Override
  public String toString() {
    return "LlmSettings[url=" + url + ", model=" + model + ", timeoutSeconds=" + timeoutSeconds + ", concurrency="
        + concurrency + ", mode=" + mode + ", apiKey=" + (apiKey.isEmpty() ? "none" : "set") + "]";
  }
}
