package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.tika.metadata.Metadata;
import org.junit.jupiter.api.Test;

/** The calibration samples of the zero-shot tagger against the default vocabulary (numbers in the README). */
final class VocabularyTaggerTest {
  private static final VocabularyTagger TAGGER =
      new VocabularyTagger(language -> Models.index(Vocabulary.parse(Vocabulary.defaultText()), Models.embedder(language)));

  /** Texts and a default-vocabulary tag each must get; VocabularyEvaluation chooses only bars that give them. */
  static final Map<String, String> FITTING =
      Map.of(
          "Preheat the oven to 180C. Mix flour, sugar, butter and eggs, then bake the cake for 35 minutes until golden.",
          "baking",
          "Invoice number 2024-117. Bill to ACME Corp. 3 hours consulting at 120 EUR. Total due 360 EUR within 30 days.",
          "invoice",
          "The transformer architecture uses self-attention; we trained the network with Adam on 8 GPUs and report accuracy.",
          "machine learning",
          "This Agreement is entered into by the Landlord and the Tenant. The Tenant shall pay rent monthly. Governing law.",
          "lease",
          "Day 1: fly from Berlin to Lisbon, check in at the hotel in Alfama. Day 2: tram 28 and Belem tower.",
          "travel");
  /** Texts that must get no tag from any vocabulary. */
  static final List<String> NONSENSE =
      List.of("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor", "asdf qwer zxcv 1234 5678 jkl");

  private static List<String> tags(String text) {
    Extraction e =
        new ClueEmbedder(Models::embedder)
            .embed(Extraction.ofText("/t.txt", "text/plain", new Metadata(), text, "", text.length(), null));
    List<String> names = TAGGER.tag(e).stream().map(Tag::name).toList();
    System.out.println(text.substring(0, Math.min(40, text.length())) + " -> " + TAGGER.tag(e));
    return names;
  }

  @Test
  void fittingTagsComeThrough() {
    FITTING.forEach((text, expected) -> assertTrue(tags(text).contains(expected), expected + " for " + text));
  }

  @Test
  void tagNamesWrittenAsUsersWriteThemMatch() {
    Vocabulary users =
        Vocabulary.parse(String.join("\n", "biology:bioinformatics", "works-with::image", "c++", "3dmodel", "game:strategy",
            "use::editing", "sound::mixer", "field::finance", "mail:client", "devel::debugger"));
    VocabularyIndex index = VocabularyIndex.build(users, Models.embedder());
    Map<String, String> samples =
        Map.of(
            "Aligns DNA and protein sequences against genome databases and builds phylogenetic trees.", "biology:bioinformatics",
            "A header-only C++ template library with classes, templates and the standard library's containers.", "c++",
            "Turn-based strategy game: build an empire, command armies and conquer the map.", "game:strategy",
            "Adjusts the volume levels of the sound card's mixer channels.", "sound::mixer");
    samples.forEach((text, expected) -> {
      List<VocabularyTagger.Scored> scores = new ArrayList<>(VocabularyTagger.scores(index, Models.embedder().embedWindows(text)));
      scores.sort(Comparator.comparingDouble(VocabularyTagger.Scored::score).reversed());
      assertEquals(expected, scores.get(0).name(), text + " -> " + scores);
    });
  }

  @Test
  void unrelatedTextsGetNoVocabularyTags() {
    NONSENSE.forEach(text -> assertEquals(List.of(), tags(text), text));
    List<String> cake =
        tags("Preheat the oven to 180C. Mix flour, sugar, butter and eggs, then bake the cake for 35 minutes until golden.");
    assertTrue(!cake.contains("wedding") && cake.size() <= VocabularyTagger.TOP_K, cake.toString());
  }
}
