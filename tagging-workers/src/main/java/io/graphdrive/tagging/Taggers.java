package io.graphdrive.tagging;

import java.util.List;
import java.util.function.Supplier;

/** The registry of taggers every file goes through, in order. */
final class Taggers {
  private Taggers() {}

  /** Returns the standard taggers; the vocabulary tagger asks the supplier for the current vocabulary. */
  static List<Tagger> standard(Supplier<VocabularyIndex> vocabulary) {
    return List.of(
        new KindTagger(),
        new DateTagger(),
        new CameraTagger(),
        new MusicTagger(),
        new AuthorTagger(),
        new SpeechTagger(),
        new VocabularyTagger(vocabulary),
        new KeyPhraseTagger());
  }
}
