package io.graphdrive.tagging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A vocabulary's tags with their embeddings: the normalised sum of the name's (as {@link Vocabulary#words})
 * and the description's vectors when there is a description (it matched sample texts better than either
 * alone), else the name's.
 */
final class VocabularyIndex {
  private final String fingerprint;
  private final String model;
  private final List<Vocabulary.Entry> entries;
  private final List<float[]> vectors;

  private VocabularyIndex(String fingerprint, String model, List<Vocabulary.Entry> entries, List<float[]> vectors) {
    this.fingerprint = fingerprint;
    this.model = model;
    this.entries = entries;
    this.vectors = vectors;
  }

  /** Embeds every tag of a vocabulary. */
  static VocabularyIndex build(Vocabulary vocabulary, TextEmbedder embedder) {
    return build(vocabulary, embedder, Vocabulary::words);
  }

  /** Embeds every tag of a vocabulary, each name as the given function writes it; the corpus evaluation compares ways. */
  static VocabularyIndex build(Vocabulary vocabulary, TextEmbedder embedder, UnaryOperator<String> nameText) {
    List<String> names = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    for (Vocabulary.Entry e : vocabulary.entries()) {
      names.add(nameText.apply(e.name()));
      descriptions.add(e.description() == null ? e.name() : e.description());
    }
    List<float[]> nameVectors = embedder.embedEach(names);
    List<float[]> descriptionVectors = embedder.embedEach(descriptions);
    List<float[]> vectors = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      float[] v = nameVectors.get(i).clone();
      if (vocabulary.entries().get(i).description() != null) {
        float[] d = descriptionVectors.get(i);
        for (int k = 0; k < v.length; k++) {
          v[k] += d[k];
        }
      }
      vectors.add(Vectors.normalize(v));
    }
    return new VocabularyIndex(vocabulary.fingerprint(), embedder.model(), vocabulary.entries(), vectors);
  }

  /** Returns the sha256 of the vocabulary content these embeddings were made from. */
  String fingerprint() {
    return fingerprint;
  }

  /** Returns the name of the text model that made the embeddings. */
  String model() {
    return model;
  }

  /** Returns the number of tags. */
  int size() {
    return entries.size();
  }

  /** Returns the tag name at an index. */
  String name(int i) {
    return entries.get(i).name();
  }

  /** Returns the description of the tag at an index, or null when it has none. */
  String description(int i) {
    return entries.get(i).description();
  }

  /** Returns the unit-length embedding of the tag at an index. */
  float[] vector(int i) {
    return vectors.get(i);
  }
}
