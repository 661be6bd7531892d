package io.graphdrive.tagging;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The heavy models, loaded once per JVM on first use and shared by every actor in it (ONNX sessions run thread-safe). */
final class Models {
  private static final Lazy<TextEmbedder> EMBEDDER = new Lazy<>(() -> TextEmbedder.load(TextEmbedder.MINILM));
  private static final Lazy<TextEmbedder> CHINESE = new Lazy<>(() -> TextEmbedder.load(TextEmbedder.BGE_SMALL_ZH));
  private static final Lazy<Extractor> EXTRACTOR = new Lazy<>(Extractor::create);
  // The vocabulary's embeddings per text model, rebuilt when the vocabulary changes.
  private static final Map<String, VocabularyIndex> INDEXES = new HashMap<>();

  private Models() {}

  /** A value made on first use, once, by whichever thread asks first. */
  private static final class Lazy<T> {
    private final Supplier<T> make;
    private volatile T value;

    Lazy(Supplier<T> make) {
      this.make = make;
    }

    T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) {
            v = make.get();
            value = v;
          }
        }
      }
      return v;
    }
  }

  /** Returns the JVM's English text embedder (all-MiniLM-L6-v2). */
  static TextEmbedder embedder() {
    return EMBEDDER.get();
  }

  /** Returns the text embedder for a language from {@link Language#detect}: Chinese or English. */
  static TextEmbedder embedder(String language) {
    return "zh".equals(language) ? CHINESE.get() : EMBEDDER.get();
  }

  /** Returns the JVM's Tika extractor. */
  static Extractor extractor() {
    return EXTRACTOR.get();
  }

  /** Returns a vocabulary's tag embeddings by the English model, computed once per vocabulary content. */
  static VocabularyIndex index(Vocabulary vocabulary) {
    return index(vocabulary, embedder());
  }

  /** Returns a vocabulary's tag embeddings by a text model, computed once per vocabulary content and model. */
  static synchronized VocabularyIndex index(Vocabulary vocabulary, TextEmbedder embedder) {
    VocabularyIndex i = INDEXES.get(embedder.model());
    if (i == null || !i.fingerprint().equals(vocabulary.fingerprint())) {
      i = VocabularyIndex.build(vocabulary, embedder);
      INDEXES.put(embedder.model(), i);
    }
    return i;
  }
}
