package io.graphdrive.tagging;

import io.graphdrive.common.TagSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tika.metadata.Metadata;

/**
 * What was extracted from one file: its type and Tika metadata, its hash and size, its text clues (the
 * document's own text first, then OCR and transcripts), embeddings of its pixels in the image model's
 * space, its language, and the error when the file could not be read.
 */
record Extraction(
    String path,
    String mime,
    Metadata metadata,
    String sha256,
    long size,
    List<Clue> clues,
    List<float[]> imageVectors,
    String language,
    String error) {

  Extraction {
    clues = List.copyOf(clues);
    imageVectors = List.copyOf(imageVectors);
  }

  /** Returns an extraction of a document's own text, the shape Tika's pass gives. */
  static Extraction ofText(String path, String mime, Metadata metadata, String text, String sha256, long size, String error) {
    List<Clue> clues = text == null || text.isBlank() ? List.of() : List.of(Clue.of(TagSource.TEXT, Extractor.MODEL, text));
    return new Extraction(path, mime, metadata, sha256, size, clues, List.of(), null, error);
  }

  /** Returns all text clues joined by blank lines, the document's own text first. */
  String text() {
    return clues.stream().map(Clue::text).collect(Collectors.joining("\n\n"));
  }

  /** Returns the text of the clues from one source, joined by blank lines. */
  String text(TagSource source) {
    return clues.stream().filter(c -> c.source() == source).map(Clue::text).collect(Collectors.joining("\n\n"));
  }

  /** Returns every window embedding of every clue. */
  List<float[]> windows() {
    List<float[]> all = new ArrayList<>();
    clues.forEach(c -> all.addAll(c.windows()));
    return all;
  }

  /** Returns a copy with what a modality extractor found added. */
  Extraction with(Findings findings) {
    List<Clue> c = new ArrayList<>(clues);
    c.addAll(findings.clues());
    List<float[]> v = new ArrayList<>(imageVectors);
    v.addAll(findings.imageVectors());
    return new Extraction(path, mime, metadata, sha256, size, c, v, language, error);
  }

  /** Returns a copy with the clues replaced (for example by their embedded versions). */
  Extraction withClues(List<Clue> newClues) {
    return new Extraction(path, mime, metadata, sha256, size, newClues, imageVectors, language, error);
  }

  /** Returns a copy with the language set. */
  Extraction withLanguage(String lang) {
    return new Extraction(path, mime, metadata, sha256, size, clues, imageVectors, lang, error);
  }

  /** Returns a copy that failed with the error. */
  Extraction withError(String message) {
    return new Extraction(path, mime, metadata, sha256, size, List.of(), List.of(), language, message);
  }
}
