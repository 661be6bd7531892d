package io.graphdrive.tagging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Detects the language of an extraction's text and embeds every clue with that language's text model
 * (English or Chinese), so one file's vectors all lie in one space; the model's word states are kept
 * for the key phrases.
 */
final class ClueEmbedder {
  private final Function<String, TextEmbedder> embedders;

  /** Takes the text model of each language, as {@link Models#embedder(String)} gives it. */
  ClueEmbedder(Function<String, TextEmbedder> embedders) {
    this.embedders = embedders;
  }

  /** Returns the extraction with its language set and each clue's windows embedded. */
  Extraction embed(Extraction e) {
    String language = Language.detect(e.text());
    TextEmbedder embedder = embedders.apply(language);
    List<Clue> embedded = new ArrayList<>();
    for (Clue c : e.clues()) {
      embedded.add(c.text().isBlank() ? c : c.embedded(embedder.embedPassage(c.text())));
    }
    return e.withClues(embedded).withLanguage(language);
  }
}
