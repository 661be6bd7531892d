package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
  /** Lowest cosine a kept tag may have. */
  static final double MIN_SCORE = 0.26;
  /** Lowest best cosine for which a text gets any vocabulary tag. */
  static final double MIN_BEST = 0.30;
  /** Lowest standard score (against the whole vocabulary) a kept tag may have. */
  static final double MIN_Z = 3.4;
  /** Smallest vocabulary for which the standard-score rule applies; smaller ones give no useful spread. */
  static final int MIN_VOCABULARY_FOR_Z = 20;

  private final Supplier<VocabularyIndex> vocabulary;

  VocabularyTagger(Supplier<VocabularyIndex> vocabulary) {
    this.vocabulary = vocabulary;
  }

  @Override
  public List<Tag> tag(Extraction e) {
    // Each source is judged on its own windows: a photo's OCR text and its caption are separate evidence.
    Map<TagSource, List<float[]>> bySource = new EnumMap<>(TagSource.class);
    for (Clue c : e.clues()) {
      bySource.computeIfAbsent(c.source(), k -> new ArrayList<>()).addAll(c.windows());
    }
    List<Tag> tags = new ArrayList<>();
    bySource.forEach((source, windows) -> tags.addAll(tag(source, windows)));
    return tags;
  }

  private List<Tag> tag(TagSource source, List<float[]> windows) {
    if (windows.isEmpty()) {
      return List.of();
    }
    List<Scored> scores = scores(vocabulary.get(), windows);
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
    if (best < MIN_BEST) {
      return List.of();
    }
    boolean useZ = scores.size() >= MIN_VOCABULARY_FOR_Z && sd > 0;
    List<Tag> kept = new ArrayList<>();
    for (Scored s : scores) {
      if (s.score() >= MIN_SCORE && (!useZ || (s.score() - mean) / sd >= MIN_Z)) {
        kept.add(new Tag(s.name(), Math.min(1.0, s.score()), source, TextEmbedder.MODEL));
      }
    }
    kept.sort(Comparator.comparingDouble(Tag::score).reversed().thenComparing(Tag::name));
    return kept.size() > TOP_K ? List.copyOf(kept.subList(0, TOP_K)) : kept;
  }

  /** A vocabulary tag and its best cosine against a text. */
  record Scored(String name, double score) {}

  /** Returns every tag's best cosine over the windows (negative ones as 0), rounded to four places, in vocabulary order. */
  static List<Scored> scores(VocabularyIndex index, List<float[]> windows) {
    List<Scored> out = new ArrayList<>(index.size());
    for (int i = 0; i < index.size(); i++) {
      double best = 0;
      for (float[] w : windows) {
        best = Math.max(best, Vectors.dot(w, index.vector(i)));
      }
      out.add(new Scored(index.name(i), Math.round(best * 10_000) / 10_000.0));
    }
    return out;
  }
}
