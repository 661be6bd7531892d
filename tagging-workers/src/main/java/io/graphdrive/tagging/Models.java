package io.graphdrive.tagging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The heavy models, loaded once per JVM and shared by every actor in it (ONNX sessions run thread-safe). */
final class Models {
  private static final Logger LOG = LoggerFactory.getLogger(Models.class);
  private static volatile TextEmbedder embedder;
  private static volatile VocabularyIndex index;
  private static volatile Extractor extractor;
  private static volatile ImageVocabulary imageIndex;
  private static final Map<Path, Optional<ClipModel>> CLIP = new ConcurrentHashMap<>();

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

  /**
   * Returns the image model installed under a data directory, loading it on first use; empty, and
   * logged once, when it is not installed or cannot be loaded (a restart picks up a later install).
   */
  static Optional<ClipModel> clip(Path dataDir) {
    return CLIP.computeIfAbsent(dataDir.toAbsolutePath().normalize(), Models::loadClip);
  }

  private static Optional<ClipModel> loadClip(Path dataDir) {
    Path folder = ClipModel.folder(dataDir);
    if (!ClipModel.installed(folder)) {
      LOG.info("image model: not installed in {} (graphdrive models fetch clip); images are tagged from metadata only", folder);
      return Optional.empty();
    }
    try {
      ClipModel model = ClipModel.load(folder);
      LOG.info("image model {} loaded from {}", ClipModel.MODEL, folder);
      return Optional.of(model);
    } catch (IOException | RuntimeException e) {
      LOG.warn("image model in {} cannot be loaded: {}", folder, e.getMessage());
      return Optional.empty();
    }
  }

  /** Returns the image model's embeddings of a vocabulary's tags, computed once per vocabulary content. */
  static ImageVocabulary imageIndex(Vocabulary vocabulary, ClipModel clip) {
    ImageVocabulary i = imageIndex;
    if (i != null && i.fingerprint().equals(vocabulary.fingerprint())) {
      return i;
    }
    synchronized (Models.class) {
      i = imageIndex;
      if (i == null || !i.fingerprint().equals(vocabulary.fingerprint())) {
        i = ImageVocabulary.build(vocabulary, clip);
        imageIndex = i;
      }
      return i;
    }
  }
}
