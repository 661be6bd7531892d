package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import java.util.List;

/** Tags a file whose sound was judged speech (it carries a transcript) with {@code speech}. */
final class SpeechTagger implements Tagger {
  @Override
  public List<Tag> tag(Extraction e) {
    return e.clues().stream()
        .filter(c -> c.source() == TagSource.SPEECH)
        .findFirst()
        .map(c -> List.of(new Tag("speech", 1.0, TagSource.SPEECH, c.model())))
        .orElse(List.of());
  }
}
