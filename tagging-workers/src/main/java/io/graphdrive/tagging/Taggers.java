package io.graphdrive.tagging;

import java.util.ArrayList;
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
   * image model is installed); the vocabulary tagger also follows users' corrections; the
   * language-model tagger, which embeds its proposals with the text model of a file's language, runs
   * only when one is configured.
   */
  static List<Tagger> standard(
      Function<String, VocabularyIndex> vocabulary,
      Supplier<Corrections> corrections,
      Supplier<Optional<ImageVocabulary>> imageVocabulary,
      LlmSettings llm,
      Function<String, TextEmbedder> embedders) {
    List<Tagger> taggers = new ArrayList<>(List.of(
        new KindTagger(),
        new DateTagger(),
        new CameraTagger(),
        new MusicTagger(),
        new AuthorTagger(),
        new SpeechTagger(),
        new VocabularyTagger(vocabulary, corrections),
        new ImageTagger(imageVocabulary),
        new KeyPhraseTagger()));
    if (llm.enabled()) {
      taggers.add(new LlmTagger(llm, vocabulary, embedders));
    }
    return List.copyOf(taggers);
  }
}
