package io.graphdrive.common;

import java.util.List;

/**
 * What a tagging worker found out about one file: its hash, size and type, its tags, the embedding of
 * its text clues (text model space), the embedding of its pixels (image model space, when an image
 * model is installed), its searchable text (document text, OCR and transcript, bounded) and its
 * language; {@code error} is set, and the rest may be empty, when the file could not be tagged.
 */
public record TaggingResult(
    String path,
    String sha256,
    long size,
    String mime,
    List<Tag> tags,
    float[] embedding,
    float[] imageEmbedding,
    String text,
    String language,
    String error) {
  private static final String MISSING = "file not found: ";

  /** Returns a result that says the file could not be tagged, and why. */
  public static TaggingResult failed(String path, String error) {
    return new TaggingResult(path, null, 0, null, List.of(), null, null, null, null, error);
  }

  /** Returns a result that says storage had no file at the path when the worker looked. */
  public static TaggingResult missing(String path) {
    return failed(path, MISSING + path);
  }

  /** Returns the same result for another drive path. */
  public TaggingResult withPath(String newPath) {
    return new TaggingResult(newPath, sha256, size, mime, tags, embedding, imageEmbedding, text, language, error);
  }

  /** Returns whether tagging failed. */
  public boolean failed() {
    return error != null;
  }

  /**
   * Returns whether tagging failed because the file was not there: moved or deleted since it was queued, which the
   * event of that change settles, so it says nothing about the file.
   */
  public boolean missing() {
    return error != null && error.startsWith(MISSING);
  }
}
