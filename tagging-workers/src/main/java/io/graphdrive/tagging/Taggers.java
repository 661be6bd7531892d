package io.graphdrive.tagging;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The registry of taggers every file goes through, in order. */
final class Taggers {
  private Taggers() {}

  /**
   * Returns the standard taggers; the vocabulary tagger asks for the current vocabulary's embeddings by
   * the text model of a file's language, the image tagger for them by the image model (empty when no
   * image model is installed); the vocabulary tagger also follows users' corrections.
   */
  static List<Tagger> standard(
      Function<String, VocabularyIndex> vocabulary,
      Supplier<Corrections> corrections,
      Supplier<Optional<ImageVocabulary>> imageVocabulary) {
    return List.of(
        new KindTagger(),
        new DateTagger(),
        new CameraTagger(),
        new MusicTagger(),
        new AuthorTagger(),
        new SpeechTagger(),
        new VocabularyTagger(vocabulary, corrections),
        new ImageTagger(imageVocabulary),
        new KeyPhraseTagger());
  }
}
