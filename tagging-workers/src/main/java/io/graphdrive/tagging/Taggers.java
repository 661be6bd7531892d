package io.graphdrive.tagging;

import java.util.List;
import java.util.function.Function;

/** The registry of taggers every file goes through, in order. */
final class Taggers {
  private Taggers() {}

  /**
   * Returns the standard taggers; the vocabulary tagger asks for the current vocabulary's embeddings by
   * the text model of a file's language.
   */
  static List<Tagger> standard(Function<String, VocabularyIndex> vocabulary) {
    return List.of(
        new KindTagger(),
        new DateTagger(),
        new CameraTagger(),
        new MusicTagger(),
        new AuthorTagger(),
        new VocabularyTagger(vocabulary),
        new KeyPhraseTagger());
  }
}
