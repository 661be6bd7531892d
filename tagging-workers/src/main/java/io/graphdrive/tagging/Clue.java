package io.graphdrive.tagging;

import io.graphdrive.common.TagSource;
import java.util.List;

/**
 * Text found in one modality of a file, the form every modality takes before tagging (TagGPT's text
 * clues): the document's own text, text read from pixels, or a transcript. {@code windows} holds the
 * text model's embeddings of it once embedded.
 */
record Clue(TagSource source, String model, String text, List<float[]> windows) {

  /** Returns a clue not yet embedded. */
  static Clue of(TagSource source, String model, String text) {
    return new Clue(source, model, text, List.of());
  }

  /** Returns a copy with the given window embeddings. */
  Clue withWindows(List<float[]> vectors) {
    return new Clue(source, model, text, List.copyOf(vectors));
  }
}
