package io.graphdrive.tagging;

import java.util.ArrayList;
import java.util.List;

/** Embeds the text of every clue of an extraction with the text model and records the text's language. */
final class ClueEmbedder {
  private final TextEmbedder embedder;

  ClueEmbedder(TextEmbedder embedder) {
    this.embedder = embedder;
  }

  /** Returns the extraction with each clue's windows embedded and its language set. */
  Extraction embed(Extraction e) {
    List<Clue> embedded = new ArrayList<>();
    for (Clue c : e.clues()) {
      embedded.add(c.text().isBlank() ? c : c.withWindows(embedder.embedWindows(c.text())));
    }
    return e.withClues(embedded).withLanguage(Language.detect(e.text()));
  }
}
