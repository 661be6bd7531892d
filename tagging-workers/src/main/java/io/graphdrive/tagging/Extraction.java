package io.graphdrive.tagging;

import java.util.List;
import org.apache.tika.metadata.Metadata;

/**
 * What was extracted from one file: its type, Tika metadata, text (capped at
 * {@link Extractor#MAX_TEXT_CHARS}), hash and size, the text's window embeddings, and the parse error
 * when the file could not be parsed.
 */
record Extraction(
    String path,
    String mime,
    Metadata metadata,
    String text,
    String sha256,
    long size,
    List<float[]> windows,
    String error) {

  /** Returns a copy with the given window embeddings. */
  Extraction withWindows(List<float[]> vectors) {
    return new Extraction(path, mime, metadata, text, sha256, size, List.copyOf(vectors), error);
  }
}
