package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Zero-shot text tags, per clue source (text, OCR, speech). Each vocabulary tag scores the best cosine
 * between its embedding and any window of that source's text. A text gets tags only when its best score reaches {@link #MIN_BEST}; then the
 * top {@link #TOP_K} tags scoring at least {@link #MIN_SCORE} are kept, and, for vocabularies of at
 * least {@link #MIN_VOCABULARY_FOR_Z} tags, only those standing {@link #MIN_Z} standard deviations
 * above the text's mean score over the whole vocabulary (texts that match everything a little, such
 * as lorem ipsum or gibberish, thus get none). The numbers were calibrated on sample texts; see the
 * module README.
 */
final class VocabularyTagger implements Tagger {
  /** Most vocabulary tags per file. */
  static final int TOP_K = 5;
  /** The bars for all-MiniLM-L6-v2, calibrated on English sample texts. */
  static final Bars MINILM_BARS = new Bars(0.26, 0.30, 3.4);
  /**
   * The bars for bge-small-zh-v1.5, whose cosines run higher: calibrated on the labelled Chinese samples
   * (BENCHMARKS.md) so that meaningless Chinese text gets no tag.
   */
  static final Bars BGE_ZH_BARS = new Bars(0.35, 0.38, 3.4);
  /** Smallest vocabulary for which the standard-score rule applies; smaller ones give no useful spread. */
  static final int MIN_VOCABULARY_FOR_Z = 20;

  /**
   * What a tag must pass: its cosine at least {@code minScore}, the text's best cosine at least
   * {@code minBest}, and its standard score at least {@code minZ}.
   */
  record Bars(double minScore, double minBest, double minZ) {
    /** Returns the bars for a text model by name. */
    static Bars of(String model) {
      return model.equals(TextEmbedder.BGE_SMALL_ZH.name()) ? BGE_ZH_BARS : MINILM_BARS;
    }
  }

  private final Function<String, VocabularyIndex> vocabulary;
  private final Supplier<Corrections> corrections;

  /** Takes the vocabulary's embeddings by the text model of a language (as {@link Models#embedder(String)} picks). */
  VocabularyTagger(Function<String, VocabularyIndex> vocabulary) {
    this(vocabulary, () -> Corrections.NONE);
  }

  /** Also takes what users' tag edits taught, current at each file. */
  VocabularyTagger(Function<String, VocabularyIndex> vocabulary, Supplier<Corrections> corrections) {
    this.vocabulary = vocabulary;
    this.corrections = corrections;
  }

  @Override
  public List<Tag> tag(Extraction e) {
    // Each source is judged on its own windows: a photo's OCR text and its caption are separate evidence.
    Map<TagSource, List<float[]>> bySource = new EnumMap<>(TagSource.class);
    for (Clue c : e.clues()) {
      bySource.computeIfAbsent(c.source(), k -> new ArrayList<>()).addAll(c.windows());
    }
    VocabularyIndex index = vocabulary.apply(e.language());
    // Corrections learnt from files of one language adjust that language's index only.
    Map<Integer, Corrections.Adjustment> adjusted = corrections.get().adjust(Corrections.space(e.language()), index);
    List<Tag> tags = new ArrayList<>();
    bySource.forEach((source, windows) -> tags.addAll(tag(index, adjusted, source, windows)));
    return tags;
  }

  private static List<Tag> tag(
      VocabularyIndex index, Map<Integer, Corrections.Adjustment> adjusted, TagSource source, List<float[]> windows) {
    if (windows.isEmpty()) {
      return List.of();
    }
    Bars bars = Bars.of(index.model());
    List<Scored> scores = scores(index, adjusted, windows);
    double[] minScores = new double[scores.size()];
    for (int i = 0; i < minScores.length; i++) {
      Corrections.Adjustment a = adjusted.get(i);
      minScores[i] = a == null ? bars.minScore() : Math.max(bars.minScore(), a.minScore());
    }
    List<Tag> tags = new ArrayList<>();
    for (int i : keep(scores, bars, minScores, TOP_K)) {
      Scored s = scores.get(i);
      tags.add(new Tag(s.name(), Math.min(1.0, s.score()), source, index.model(), minScores[i]));
    }
    return tags;
  }

  /** Returns the tags that pass the bars, best first (ties by name), at most {@code topK}. */
  static List<Scored> keep(List<Scored> scores, Bars bars, int topK) {
    double[] minScores = new double[scores.size()];
    Arrays.fill(minScores, bars.minScore());
    return keep(scores, bars, minScores, topK).stream().map(scores::get).toList();
  }

  /**
   * Returns the indexes of the scores that pass: each its own least cosine (the model's, or higher where
   * users' removals raised it), the text's best cosine and the standard score; best first, at most
   * {@code topK}.
   */
  private static List<Integer> keep(List<Scored> scores, Bars bars, double[] minScores, int topK) {
    if (scores.isEmpty()) {
      return List.of();
    }
    double mean = 0;
    double best = 0;
    for (Scored s : scores) {
      mean += s.score();
      best = Math.max(best, s.score());
    }
    mean /= scores.size();
    double variance = 0;
    for (Scored s : scores) {
      variance += (s.score() - mean) * (s.score() - mean);
    }
    double sd = Math.sqrt(variance / scores.size());
    if (best < bars.minBest()) {
      return List.of();
    }
    boolean useZ = scores.size() >= MIN_VOCABULARY_FOR_Z && sd > 0;
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      Scored s = scores.get(i);
      if (s.score() >= minScores[i] && (!useZ || (s.score() - mean) / sd >= bars.minZ())) {
        kept.add(i);
      }
    }
    kept.sort(Comparator.comparingDouble((Integer i) -> -scores.get(i).score()).thenComparing(i -> scores.get(i).name()));
    return kept.size() > topK ? List.copyOf(kept.subList(0, topK)) : kept;
  }

  /** A vocabulary tag and its best cosine against a text. */
  record Scored(String name, double score) {}

  /** Returns every tag's best cosine over the windows (negative ones as 0), rounded to four places, in vocabulary order. */
  static List<Scored> scores(VocabularyIndex index, List<float[]> windows) {
    return scores(index, Map.of(), windows);
  }

  /** As {@link #scores(VocabularyIndex, List)}, with corrected vectors for the adjusted tags. */
  private static List<Scored> scores(
      VocabularyIndex index, Map<Integer, Corrections.Adjustment> adjusted, List<float[]> windows) {
    List<Scored> out = new ArrayList<>(index.size());
    for (int i = 0; i < index.size(); i++) {
      Corrections.Adjustment a = adjusted.get(i);
      float[] vector = a == null || a.vector() == null ? index.vector(i) : a.vector();
      double best = 0;
      for (float[] w : windows) {
        best = Math.max(best, Vectors.dot(w, vector));
      }
      out.add(new Scored(index.name(i), Math.round(best * 10_000) / 10_000.0));
    }
    return out;
  }
}
