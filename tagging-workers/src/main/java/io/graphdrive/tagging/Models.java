package io.graphdrive.tagging;

/** The heavy models, loaded once per JVM and shared by every actor in it (ONNX sessions run thread-safe). */
final class Models {
  private static volatile TextEmbedder embedder;
  private static volatile VocabularyIndex index;
  private static volatile Extractor extractor;
  private static volatile SpeechRecognizer speech;

  private Models() {}

  /** Returns the JVM's text embedder, loading it on first use. */
  static TextEmbedder embedder() {
    TextEmbedder e = embedder;
    if (e == null) {
      synchronized (Models.class) {
        e = embedder;
        if (e == null) {
          e = TextEmbedder.load();
          embedder = e;
        }
      }
    }
    return e;
  }

  /** Returns the JVM's Tika extractor, configuring it on first use. */
  static Extractor extractor() {
    Extractor e = extractor;
    if (e == null) {
      synchronized (Models.class) {
        e = extractor;
        if (e == null) {
          e = Extractor.create();
          extractor = e;
        }
      }
    }
    return e;
  }

  /**
   * Returns the JVM's speech recognizer: the one place where it is chosen. PocketSphinx from Debian
   * today; a better one (Vosk, Whisper) goes here, picked when its model lies in {@code <data>/models/}.
   */
  static SpeechRecognizer speech() {
    SpeechRecognizer s = speech;
    if (s == null) {
      synchronized (Models.class) {
        s = speech;
        if (s == null) {
          s = new PocketSphinxRecognizer();
          speech = s;
        }
      }
    }
    return s;
  }

  /** Returns the tag embeddings of a vocabulary, computed once per vocabulary content. */
  static VocabularyIndex index(Vocabulary vocabulary) {
    VocabularyIndex i = index;
    if (i != null && i.fingerprint().equals(vocabulary.fingerprint())) {
      return i;
    }
    synchronized (Models.class) {
      i = index;
      if (i == null || !i.fingerprint().equals(vocabulary.fingerprint())) {
        i = VocabularyIndex.build(vocabulary, embedder());
        index = i;
      }
      return i;
    }
  }
}
