package io.graphdrive.tagging;

import io.graphdrive.common.TagSource;
import java.util.List;

/**
 * Text found in one modality of a file, the form every modality takes before tagging (TagGPT's text
 * clues): the document's own text, text read from pixels, or a transcript. {@code windows} holds the
 * text model's embeddings of it once embedded, {@code words} the model's states of its words (null
 * until then).
 */
record Clue(TagSource source, String model, String text, List<float[]> windows, WordStates words) {

  /** Returns a clue not yet embedded. */
  static Clue of(TagSource source, String model, String text) {
    return new Clue(source, model, text, List.of(), null);
  }

  /** Returns a copy with the text model's embedding of its text. */
  Clue embedded(TextEmbedder.Passage passage) {
    return new Clue(source, model, text, List.copyOf(passage.windows()), passage.words());
  }
}
