package io.graphdrive.tagging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.ThreadSafePOSTaggerME;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The heavy models, loaded once per JVM on first use and shared by every actor in it (ONNX sessions run thread-safe). */
final class Models {
  private static final Logger LOG = LoggerFactory.getLogger(Models.class);
  private static final Lazy<TextEmbedder> EMBEDDER = new Lazy<>(() -> TextEmbedder.load(TextEmbedder.MINILM));
  private static final Lazy<TextEmbedder> CHINESE = new Lazy<>(() -> TextEmbedder.load(TextEmbedder.BGE_SMALL_ZH));
  private static final Lazy<NounPhrases> NOUN_PHRASES = new Lazy<>(() -> loadNounPhrases(NounPhrases.BEAM));
  private static final Lazy<Extractor> EXTRACTOR = new Lazy<>(Extractor::create);
  // The vocabulary's embeddings per text model, rebuilt when the vocabulary changes.
  private static final Map<String, VocabularyIndex> INDEXES = new HashMap<>();
  private static final Map<Path, Optional<ClipModel>> CLIP = new ConcurrentHashMap<>();
  private static ImageVocabulary imageIndex;
  private static final Lazy<Ocr> OCR = new Lazy<>(PaddleOcr::load);
  private static final Lazy<SpeechRecognizer> SPEECH = new Lazy<>(PocketSphinxRecognizer::new);

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

  /** Returns the JVM's English noun phrase finder (OpenNLP's part-of-speech model). */
  static NounPhrases nounPhrases() {
    return NOUN_PHRASES.get();
  }

  /**
   * Loads a new English noun phrase finder whose part-of-speech tagger searches with the given beam (the model
   * file's own is 3); the model file is org.apache.opennlp:opennlp-models-pos-en 1.3.0 (Universal Dependencies
   * English Web Treebank).
   */
  static NounPhrases loadNounPhrases(int beam) {
    String resource = "/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";
    try (InputStream in = Models.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the part-of-speech model " + resource + " is missing from the class path");
      }
      POSModel model = new POSModel(in);
      MaxentModel maxent = model.getArtifact("pos.model");
      POSModel withBeam = new POSModel(model.getLanguage(), maxent, beam, null, model.getFactory());
      return new NounPhrases(new ThreadSafePOSTaggerME(withBeam, POSTagFormat.UD));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the JVM's Tika extractor. */
  static Extractor extractor() {
    return EXTRACTOR.get();
  }

  /** Returns the JVM's OCR (PaddleOCR). */
  static Ocr ocr() {
    return OCR.get();
  }

  /**
   * Returns the JVM's speech recognizer: the one place where it is chosen. PocketSphinx from Debian
   * today; a better one (Vosk, Whisper) goes here, picked when its model lies in {@code <data>/models/}.
   */
  static SpeechRecognizer speech() {
    return SPEECH.get();
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
  static synchronized ImageVocabulary imageIndex(Vocabulary vocabulary, ClipModel clip) {
    if (imageIndex == null || !imageIndex.fingerprint().equals(vocabulary.fingerprint())) {
      imageIndex = ImageVocabulary.build(vocabulary, clip);
    }
    return imageIndex;
  }
}
