package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TaggingResult;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags one file: copies it from a content source, extracts its text and metadata with Tika, lets each
 * modality extractor that reads its type add clues (OCR, speech, frames) and image embeddings, embeds
 * the clues and runs every tagger. A file that cannot be read or parsed gives a result with the error
 * set, never an exception.
 */
final class FileTagger {
  /** Most characters of a file's text stored for full-text search and snippets. */
  static final int MAX_INDEXED_CHARS = 50_000;
  /** Default for the largest file whose content is read; larger ones are tagged by name and type only. */
  static final long DEFAULT_MAX_CONTENT_BYTES = 2L << 30;
  /** Bytes read from the start of a larger file to detect its type. */
  private static final int HEAD_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(FileTagger.class);

  private final ContentSource source;
  private final Extractor extractor;
  private final List<ModalityExtractor> modalities;
  private final ClueEmbedder embedder;
  private final List<Tagger> taggers;
  private final long maxContentBytes;

  FileTagger(
      ContentSource source,
      Extractor extractor,
      List<ModalityExtractor> modalities,
      ClueEmbedder embedder,
      List<Tagger> taggers,
      long maxContentBytes) {
    this.source = source;
    this.maxContentBytes = maxContentBytes;
    this.extractor = extractor;
    this.modalities = List.copyOf(modalities);
    this.embedder = embedder;
    this.taggers = List.copyOf(taggers);
  }

  /** Returns the standard tagger without corrections or a language model, as tests and tools use it. */
  static FileTagger standard(ContentSource source, Path dataDir, Supplier<Vocabulary> vocabulary) {
    return standard(source, dataDir, vocabulary, () -> Corrections.NONE, LlmSettings.OFF, DEFAULT_MAX_CONTENT_BYTES);
  }

  /**
   * Returns the standard tagger: Tika, every modality extractor, the text models by language, and every
   * tagger against the vocabulary and users' corrections the suppliers give at each file (image models
   * come from the data directory's models folder when installed; the language model when the settings
   * name one). A file larger than {@code maxContentBytes} is tagged by its name and type only.
   */
  static FileTagger standard(
      ContentSource source,
      Path dataDir,
      Supplier<Vocabulary> vocabulary,
      Supplier<Corrections> corrections,
      LlmSettings llm,
      long maxContentBytes) {
    return new FileTagger(
        source,
        Models.extractor(),
        ModalityExtractors.standard(dataDir),
        new ClueEmbedder(Models::embedder),
        Taggers.standard(
            language -> Models.index(vocabulary.get(), Models.embedder(language)),
            corrections,
            () -> Models.clip(dataDir).map(clip -> Models.imageIndex(vocabulary.get(), clip)),
            llm,
            Models::embedder),
        maxContentBytes);
  }

  /** Tags the file at a drive path. */
  TaggingResult tag(String path) {
    long start = System.nanoTime();
    TaggingResult result = tagUntimed(path);
    LOG.debug("tagged {} ({}, {} bytes) in {} ms", path, result.mime(), result.size(), (System.nanoTime() - start) / 1_000_000);
    return result;
  }

  private TaggingResult tagUntimed(String path) {
    Extraction e;
    try {
      long size = source.size(path);
      e = size > maxContentBytes ? detect(path, size) : extract(path);
    } catch (FileNotFoundException ex) {
      return TaggingResult.missing(path);
    } catch (IOException ex) {
      return TaggingResult.failed(path, "cannot read " + path + ": " + ex.getMessage());
    } catch (IllegalArgumentException ex) {
      return TaggingResult.failed(path, "invalid path: " + ex.getMessage());
    }
    if (e.error() != null) {
      return new TaggingResult(path, e.sha256(), e.size(), e.mime(), List.of(), null, null, null, null, e.error());
    }
    e = embedder.embed(e);
    return new TaggingResult(
        path,
        e.sha256(),
        e.size(),
        e.mime(),
        merge(e),
        Vectors.meanNormalized(e.windows()),
        Vectors.meanNormalized(e.imageVectors()),
        indexedText(e),
        e.language(),
        null);
  }

  /** Reads the whole file: its text and metadata, then what each modality extractor that reads its type finds. */
  private Extraction extract(String path) throws IOException {
    try (LocalCopy copy = copy(path)) {
      Extraction e = extractor.extract(path, copy.file(), copy.sha256(), copy.size());
      for (ModalityExtractor m : modalities) {
        if (e.error() == null && m.accepts(e)) {
          e = extractWith(m, copy, e);
        }
      }
      return e;
    }
  }

  /** Reads only the start of a file too large to read whole, for its type. */
  private Extraction detect(String path, long size) throws IOException {
    LOG.info("{} has {} bytes, more than tagging.max-content-mb allows: tagged by name and type only", path, size);
    try (InputStream in = source.open(path)) {
      return extractor.detect(path, in.readNBytes(HEAD_BYTES), size);
    }
  }

  private LocalCopy copy(String path) throws IOException {
    try (InputStream in = source.open(path)) {
      return LocalCopy.of(in);
    }
  }

  private static Extraction extractWith(ModalityExtractor m, LocalCopy copy, Extraction e) throws IOException {
    try {
      return e.with(m.extract(copy.file(), e));
    } catch (UnreadableException ex) {
      return e.withError(ex.getMessage());
    }
  }

  private static String indexedText(Extraction e) {
    String text = e.text().strip();
    if (text.isEmpty()) {
      return null;
    }
    return text.length() > MAX_INDEXED_CHARS ? text.substring(0, MAX_INDEXED_CHARS) : text;
  }

  private List<Tag> merge(Extraction e) {
    // Several taggers can name the same tag; the highest score wins, the earlier tagger on a tie.
    Map<String, Tag> byName = new LinkedHashMap<>();
    for (Tagger tagger : taggers) {
      for (Tag t : tagger.tag(e)) {
        byName.merge(t.name(), t, (old, neu) -> neu.score() > old.score() ? neu : old);
      }
    }
    List<Tag> tags = new ArrayList<>(byName.values());
    tags.sort(Comparator.comparingDouble(Tag::score).reversed().thenComparing(Tag::name));
    return tags;
  }
}
