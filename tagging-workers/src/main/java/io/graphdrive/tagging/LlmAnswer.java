package io.graphdrive.tagging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tags out of a language model's answer: the JSON object {@code {"tags":[{"name","confidence"}]}}
 * or a bare array of such items, found even when the model wraps it in prose or a code fence.
 */
final class LlmAnswer {
  private LlmAnswer() {}

  /** A tag the model named and how sure it said it was (clamped to [0, 1]). */
  record Proposal(String name, double confidence) {}

  /** Returns the proposals in the answer's order; throws IOException when it holds no such JSON. */
  static List<Proposal> parse(String answer) throws IOException {
    JsonNode root = json(answer);
    JsonNode items = root.isArray() ? root : root.path("tags");
    if (!items.isArray()) {
      throw new IOException("the answer has no list of tags");
    }
    List<Proposal> out = new ArrayList<>();
    for (JsonNode item : items) {
      JsonNode name = item.has("name") ? item.get("name") : item.path("tag");
      JsonNode confidence = item.has("confidence") ? item.get("confidence") : item.path("score");
      // An item without a name or a numeric confidence is skipped, not guessed at.
      if (name.isTextual() && !name.asText().isBlank() && confidence.isNumber()) {
        out.add(new Proposal(name.asText(), Math.max(0, Math.min(1, confidence.asDouble()))));
      }
    }
    return out;
  }

  private static JsonNode json(String answer) throws IOException {
    int object = answer.indexOf('{');
    int array = answer.indexOf('[');
    boolean isObject = object >= 0 && (array < 0 || object < array);
    int start = isObject ? object : array;
    int end = answer.lastIndexOf(isObject ? '}' : ']');
    if (start < 0 || end < start) {
      throw new IOException("the answer holds no JSON");
    }
    try {
      return Json.mapper().readTree(answer.substring(start, end + 1));
    } catch (JsonProcessingException e) {
      throw new IOException("the answer's JSON is malformed");
    }
  }
}
