package io.graphdrive.tagging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.graphdrive.common.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What users' tag edits teach the vocabulary tagger, per text space ({@code en} or {@code zh}) and tag:
 * the embeddings of files a user gave the tag (confirmed) and of files a user took it from (removed).
 * A confirmed tag's prototype becomes normalise(α·tag vector + (1−α)·normalise(mean of confirmed)); a
 * removed tag's bar becomes the highest cosine of its prototype with a removed file, plus a margin.
 */
final class Corrections {
  /**
   * Weight of the vocabulary's own vector in a corrected prototype. Half: a few confirmed files move
   * the tag towards what the user means without forgetting what its name says (with α near 0, three
   * files about one invoice would make "finance" mean that invoice only).
   */
  static final double ALPHA = 0.5;
  /** How far above the closest removed file a corrected bar lies, so near copies of it stay out too. */
  static final double MARGIN = 0.02;
  /** No corrections: every tag as the vocabulary says. */
  static final Corrections NONE = new Corrections(Map.of());

  /** The files' embeddings that speak for and against one tag in one space. */
  record Evidence(List<float[]> confirmed, List<float[]> removed) {}

  /** A tag's corrected vector (null when unchanged) and bar (0 when none beyond the model's). */
  record Adjustment(float[] vector, double minScore) {}

  private final Map<String, Map<String, Evidence>> bySpace;

  private Corrections(Map<String, Map<String, Evidence>> bySpace) {
    this.bySpace = bySpace;
  }

  /**
   * Parses {@code {"en": {"tag": {"confirmed": [[..]], "removed": [[..]]}}, "zh": {..}}}; throws
   * IllegalArgumentException for anything else.
   */
  static Corrections parse(String json) {
    Map<String, Map<String, Map<String, List<float[]>>>> raw;
    try {
      raw = Json.mapper().readValue(json, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("corrections are not valid JSON: " + e.getOriginalMessage(), e);
    }
    Map<String, Map<String, Evidence>> bySpace = new HashMap<>();
    raw.forEach((space, tags) -> {
      Map<String, Evidence> evidence = new HashMap<>();
      tags.forEach((tag, e) -> evidence.put(tag,
          new Evidence(e.getOrDefault("confirmed", List.of()), e.getOrDefault("removed", List.of()))));
      bySpace.put(space, evidence);
    });
    return new Corrections(bySpace);
  }

  /** Returns the number of tags with evidence, over all spaces. */
  int size() {
    return bySpace.values().stream().mapToInt(Map::size).sum();
  }

  /** Returns the text space of a file's language, as the index server names it. */
  static String space(String language) {
    return "zh".equals(language) ? "zh" : "en";
  }

  /** Returns the adjustments of the index's tags that have evidence in a space, by tag position. */
  Map<Integer, Adjustment> adjust(String space, VocabularyIndex index) {
    Map<String, Evidence> evidence = bySpace.getOrDefault(space, Map.of());
    Map<Integer, Adjustment> out = new HashMap<>();
    if (evidence.isEmpty()) {
      return out;
    }
    for (int i = 0; i < index.size(); i++) {
      Evidence e = evidence.get(index.name(i));
      if (e != null) {
        out.put(i, adjust(index.vector(i), e));
      }
    }
    return out;
  }

  private static Adjustment adjust(float[] tagVector, Evidence e) {
    float[] vector = null;
    float[] prototype = tagVector;
    List<float[]> confirmed = sameLength(e.confirmed(), tagVector.length);
    if (!confirmed.isEmpty()) {
      float[] mean = Vectors.meanNormalized(confirmed);
      vector = new float[tagVector.length];
      for (int k = 0; k < vector.length; k++) {
        vector[k] = (float) (ALPHA * tagVector[k] + (1 - ALPHA) * mean[k]);
      }
      vector = Vectors.normalize(vector);
      prototype = vector;
    }
    double bar = 0;
    for (float[] r : sameLength(e.removed(), tagVector.length)) {
      bar = Math.max(bar, Vectors.dot(prototype, Vectors.normalize(r.clone())) + MARGIN);
    }
    return new Adjustment(vector, bar);
  }

  /** Keeps the vectors of the tag's space; a vector of another model's size cannot be compared. */
  private static List<float[]> sameLength(List<float[]> vectors, int dimensions) {
    List<float[]> out = new ArrayList<>();
    for (float[] v : vectors) {
      if (v.length == dimensions) {
        out.add(v);
      }
    }
    return out;
  }
}
