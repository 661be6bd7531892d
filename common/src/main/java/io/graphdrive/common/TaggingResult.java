package io.graphdrive.common;

import java.util.List;

/**
 * What a tagging worker found out about one file; {@code error} is set, and the rest may be empty,
 * when the file could not be tagged.
 */
public record TaggingResult(
    String path,
    String sha256,
    long size,
    String mime,
    List<Tag> tags,
    float[] embedding,
    String error) {

  /** Returns a result that says the file could not be tagged, and why. */
  public static TaggingResult failed(String path, String error) {
    return new TaggingResult(path, null, 0, null, List.of(), null, error);
  }

  /** Returns whether tagging failed. */
  public boolean failed() {
    return error != null;
  }
}
