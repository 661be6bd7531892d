package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import io.graphdrive.common.TaggingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated tags of real files with the real models: meaningful noun phrases, never code, addresses or boilerplate. */
final class KeyPhraseTaggerTest {
  /** The fixed junk list of the hygiene benchmark, and format names, which are never generated tags of these files. */
  static final List<String> JUNK = Stream.concat(PhraseHygieneBenchmark.JUNK.stream(),
      Stream.of("pdf", "html", "markdown", "python")).toList();

  @TempDir static Path dir;
  private static FileTagger tagger;

  @BeforeAll
  static void setUp() {
    Vocabulary vocabulary = Vocabulary.parse(Vocabulary.defaultText());
    tagger = FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> vocabulary);
  }

  private static List<String> phrases(TaggingResult r) {
    assertNull(r.error());
    return r.tags().stream().filter(t -> t.model().equals(KeyPhraseTagger.MODEL)).map(Tag::name).toList();
  }

  private static void assertClean(List<String> phrases, List<String> alsoNever) {
    for (String p : phrases) {
      assertFalse(JUNK.contains(p) || alsoNever.contains(p), p + " in " + phrases);
      assertTrue(p.matches("\\p{Ll}[\\p{Ll}-]*\\p{Ll}( \\p{Ll}[\\p{Ll}-]*\\p{Ll}){0,2}"), p + " in " + phrases);
    }
  }

  @Test
  void markdownNoteGetsItsTopics() throws Exception {
    Files.writeString(dir.resolve("garden.md"), """
        # Growing tomatoes on a balcony

        Tomatoes need at least six hours of direct sunlight. Choose a large container with drainage holes
        and fill it with rich potting soil. Water the plants deeply twice a week; irregular watering
        causes blossom end rot.

        ## Pests

        Aphids and whiteflies attack young tomato plants. A spray of neem oil keeps them away.
        See https://example.org/tomatoes for pictures, or write to grower@example.org.
        """);
    List<String> p = phrases(tagger.tag("/garden.md"));
    assertTrue(p.stream().anyMatch(x -> x.contains("tomato")), p.toString());
    assertClean(p, List.of("example", "grower", "md"));
  }

  @Test
  void pythonModuleGetsWhatItIsAboutNotItsIdentifiers() throws Exception {
    Files.writeString(dir.resolve("invoices.py"), """
        # vim: set noexpandtab ts=4 sw=4
        \"\"\"Invoice generation for small businesses.

        Reads customer orders from a spreadsheet, computes sales tax per region and
        renders printable invoices.
        \"\"\"
        import csv_reader

        class InvoiceBuilder(object):
            \"\"\"Collects order lines and totals them.\"\"\"

            def __init__(self, tax_rate=None):
                self.tax_rate = tax_rate
                self.order_lines = []

            def total(self, customer_name, value):
                # apply the regional tax rate to every order line
                if value is None:
                    return self.tax_rate
                return sum(line.amount for line in self.order_lines) * (1 + self.tax_rate)
        """);
    TaggingResult r = tagger.tag("/invoices.py");
    List<String> p = phrases(r);
    assertTrue(r.tags().stream().anyMatch(t -> t.name().equals("python") && t.source() == TagSource.META), r.tags().toString());
    assertTrue(p.stream().anyMatch(x -> x.contains("invoice")), p.toString());
    assertTrue(p.stream().anyMatch(x -> x.contains("tax")), p.toString());
    assertClean(p, List.of("tax rate", "order line", "invoice builder", "customer name", "csv reader", "init", "amount",
        "noexpandtab", "usr", "env", "object"));
  }

  @Test
  void htmlPageLosesItsAddressesAndLicenceFooter() throws Exception {
    Files.writeString(dir.resolve("telescope.html"), """
        <html><head><title>Choosing a first telescope</title></head><body>
        <h1>Choosing a first telescope</h1>
        <p>A refracting telescope with a small aperture shows the craters of the Moon and the rings of Saturn.
        Reflecting telescopes gather more light for the same price and suit deep sky observation of galaxies
        and nebulae. Visit <a href="https://www.skyatnight.example/guide">https://www.skyatnight.example/guide</a>.</p>
        <p>An equatorial mount tracks the stars as the Earth turns.</p>
        <footer>Copyright (c) 2021 Star Club. All rights reserved. Licensed under the GNU General Public License
        version 3 (GPL). This program comes with ABSOLUTELY NO WARRANTY.</footer>
        </body></html>
        """);
    List<String> p = phrases(tagger.tag("/telescope.html"));
    assertTrue(p.stream().anyMatch(x -> x.contains("telescope")), p.toString());
    assertClean(p, List.of("star club", "program", "gnu", "general public", "www", "skyatnight", "guide", "warranty"));
  }

  @Test
  void pdfManualGetsItsSubject() throws Exception {
    Samples.pdf(dir.resolve("manual.pdf"), List.of(
        "Cordless drill user manual",
        "Charge the lithium battery fully before first use.",
        "Select the drilling speed with the gear switch on top of the drill.",
        "Use the hammer mode only for masonry and concrete walls.",
        "Wear safety goggles; drill bits can break under heavy load.",
        "Table of contents: 1 Charging 2 Drilling 3 Maintenance"), "Tools Inc");
    List<String> p = phrases(tagger.tag("/manual.pdf"));
    assertTrue(p.stream().anyMatch(x -> x.contains("drill")), p.toString());
    assertClean(p, List.of("tools inc", "manual pdf"));
  }

  @Test
  void phrasesAreDiverse() throws Exception {
    Files.writeString(dir.resolve("dogs.txt"), """
        Dog training starts with puppies. Puppy training classes teach dogs to sit and stay.
        Training dogs takes patience; dog trainers reward good behaviour with treats.
        Vaccinations protect puppies from parvovirus, and a veterinarian checks their teeth and weight.
        """);
    TextEmbedder embedder = Models.embedder("en");
    List<String> p = phrases(tagger.tag("/dogs.txt"));
    assertTrue(p.size() >= 3, p.toString());
    List<float[]> v = embedder.embedEach(p);
    for (int i = 0; i < p.size(); i++) {
      for (int j = i + 1; j < p.size(); j++) {
        double cosine = Vectors.dot(v.get(i), v.get(j));
        assertTrue(cosine < 0.8, p.get(i) + " and " + p.get(j) + " are near duplicates: " + cosine);
      }
    }
  }

  @Test
  void headNounsAreSingular() {
    Map<String, String> cases = Map.ofEntries(
        Map.entry("tags", "tag"), Map.entry("policies", "policy"), Map.entry("boxes", "box"),
        Map.entry("classes", "class"), Map.entry("matches", "match"), Map.entry("databases", "database"),
        Map.entry("archives", "archive"), Map.entry("heroes", "hero"), Map.entry("children", "child"),
        Map.entry("leaves", "leaf"), Map.entry("analyses", "analysis"), Map.entry("movies", "movie"),
        Map.entry("caches", "cache"), Map.entry("menus", "menu"), Map.entry("apis", "api"),
        Map.entry("status", "status"), Map.entry("analysis", "analysis"), Map.entry("series", "series"),
        Map.entry("physics", "physics"), Map.entry("glass", "glass"), Map.entry("news", "news"),
        Map.entry("gas", "gas"), Map.entry("corpus", "corpus"), Map.entry("tomato", "tomato"));
    cases.forEach((plural, singular) -> assertEquals(singular, Singular.of(plural), plural));
  }

  @Test
  void nounPhrasesSkipIdentifiersNumbersAndBoilerplate() {
    NounPhrases finder = Models.nounPhrases();
    Set<String> found = finder.find("""
        Call parseConfig or load_settings from config.loader with 0x1F and 42 retries.
        The garbage collector frees unused memory pages.
        Copyright 2020 The Authors. Released under the MIT License.
        GRAPH CUTS
        """, Set.of()).keySet();
    assertTrue(found.contains("graph cut"), "a line in capitals: " + found);
    assertTrue(found.contains("garbage collector"), found.toString());
    assertTrue(found.contains("unused memory"), found.toString());
    assertTrue(found.stream().noneMatch(p -> p.matches(".*(parse|config|load|setting|author|mit|licen).*")),
        found.toString());
  }

  @Test
  void aBeamOfOneFindsTheCandidatesOfTheModelsOwnBeam() throws Exception {
    // See NounPhrases.BEAM: the model's cached features make its own beam of three end on the greedy path.
    String text = Files.readString(Path.of("../README.md")) + "\n" + Samples.kilobyteText(0) + "\n" + Samples.kilobyteText(1);
    Map<String, Integer> wide = Models.loadNounPhrases(3).find(text, Set.of());
    assertTrue(wide.size() > 100, wide.size() + " candidates");
    assertEquals(wide, Models.loadNounPhrases(NounPhrases.BEAM).find(text, Set.of()));
  }

  @Test
  void formatNamesOfTheFileAreNeverPhrases() {
    assertTrue(KeyPhraseTagger.formatWords("text/x-python").containsAll(List.of("python", "py")));
    assertTrue(KeyPhraseTagger.formatWords("application/pdf").contains("pdf"));
    assertFalse(KeyPhraseTagger.formatWords("text/plain").contains("text"));
  }
}
