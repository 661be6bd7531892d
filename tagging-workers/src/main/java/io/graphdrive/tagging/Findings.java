package io.graphdrive.tagging;

import java.util.List;

/**
 * What a {@link ModalityExtractor} found in a file: text clues, embeddings of pixels in the image
 * model's space, and metadata facts as text (for example a video's duration), any of them empty.
 */
record Findings(List<Clue> clues, List<float[]> imageVectors) {
  /** Nothing found. */
  static final Findings NONE = new Findings(List.of(), List.of());

  Findings {
    clues = List.copyOf(clues);
    imageVectors = List.copyOf(imageVectors);
  }

  /** Returns findings holding one clue. */
  static Findings of(Clue clue) {
    return new Findings(List.of(clue), List.of());
  }
}
