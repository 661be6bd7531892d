package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TaggingResult;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags one file: reads it from a content source, extracts it, embeds its text and runs every tagger;
 * a file that cannot be read or parsed gives a result with the error set, never an exception.
 */
final class FileTagger {
  private static final Logger LOG = LoggerFactory.getLogger(FileTagger.class);

  private final ContentSource source;
  private final Extractor extractor;
  private final TextEmbedder embedder;
  private final List<Tagger> taggers;

  FileTagger(ContentSource source, Extractor extractor, TextEmbedder embedder, List<Tagger> taggers) {
    this.source = source;
    this.extractor = extractor;
    this.embedder = embedder;
    this.taggers = List.copyOf(taggers);
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
    try (InputStream in = source.open(path)) {
      e = extractor.extract(path, in);
    } catch (FileNotFoundException ex) {
      return TaggingResult.failed(path, "file not found: " + path);
    } catch (IOException ex) {
      return TaggingResult.failed(path, "cannot read " + path + ": " + ex.getMessage());
    } catch (IllegalArgumentException ex) {
      return TaggingResult.failed(path, "invalid path: " + ex.getMessage());
    }
    if (e.error() != null) {
      return new TaggingResult(path, e.sha256(), e.size(), e.mime(), List.of(), null, e.error());
    }
    if (!e.text().isBlank()) {
      e = e.withWindows(embedder.embedWindows(e.text()));
    }
    return new TaggingResult(
        path, e.sha256(), e.size(), e.mime(), merge(e), Vectors.meanNormalized(e.windows()), null);
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
