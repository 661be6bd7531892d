package io.graphdrive.tagging;

import java.util.ArrayList;
import java.util.List;

/** A vocabulary's tags with their embeddings (of the description when there is one, else of the name). */
final class VocabularyIndex {
  private final String fingerprint;
  private final List<Vocabulary.Entry> entries;
  private final List<float[]> vectors;

  private VocabularyIndex(String fingerprint, List<Vocabulary.Entry> entries, List<float[]> vectors) {
    this.fingerprint = fingerprint;
    this.entries = entries;
    this.vectors = vectors;
  }

  /** Embeds every tag of a vocabulary. */
  static VocabularyIndex build(Vocabulary vocabulary, TextEmbedder embedder) {
    List<String> texts = new ArrayList<>();
    for (Vocabulary.Entry e : vocabulary.entries()) {
      texts.add(e.description() == null ? e.name() : e.description());
    }
    return new VocabularyIndex(vocabulary.fingerprint(), vocabulary.entries(), embedder.embedEach(texts));
  }

  /** Returns the sha256 of the vocabulary content these embeddings were made from. */
  String fingerprint() {
    return fingerprint;
  }

  /** Returns the number of tags. */
  int size() {
    return entries.size();
  }

  /** Returns the tag name at an index. */
  String name(int i) {
    return entries.get(i).name();
  }

  /** Returns the unit-length embedding of the tag at an index. */
  float[] vector(int i) {
    return vectors.get(i);
  }
}
