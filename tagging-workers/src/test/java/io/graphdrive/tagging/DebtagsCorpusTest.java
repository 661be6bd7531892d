package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of Debian's Packages, Translation-en and debtags vocabulary into the labelled corpus. */
final class DebtagsCorpusTest {
  private static final String PACKAGES = """
      Package: seqtool
      Version: 1.0-1
      Description: sequence aligner
      Description-md5: aaa
      Tag: biology::nuceleic-acids, field::biology:bioinformatics, implemented-in::c,
       interface::commandline, role::program, use::searching

      Package: seqtool-doc
      Description: sequence aligner (documentation)
      Description-md5: bbb
      Tag: role::documentation, made-of::html

      Package: onlyrole
      Description: a metapackage
      Description-md5: ccc
      Tag: role::metapackage, special::obsolete, field::TODO

      Package: untranslated
      Description: missing from Translation-en
      Description-md5: zzz
      Tag: use::editing

      Package: untagged
      Description: sequence aligner
      Description-md5: aaa
      """;

  private static final String TRANSLATIONS = """
      Package: seqtool
      Description-md5: aaa
      Description-en: sequence aligner
       Aligns DNA sequences
       fast.
       .
       Works with FASTA files.

      Package: seqtool-doc
      Description-md5: bbb
      Description-en: sequence aligner (documentation)
       HTML manual.

      Package: onlyrole
      Description-md5: ccc
      Description-en: a metapackage
       Depends on everything.
      """;

  @Test
  void joinsDescriptionsAndKeepsTagsATextCanTell() {
    assertEquals(
        List.of(
            new DebtagsCorpus.Item("seqtool", "sequence aligner. Aligns DNA sequences fast. Works with FASTA files.",
                List.of("biology::nuceleic-acids", "field::biology:bioinformatics", "use::searching")),
            new DebtagsCorpus.Item("seqtool-doc", "sequence aligner (documentation). HTML manual.", List.of("made-of::html"))),
        DebtagsCorpus.items(PACKAGES, TRANSLATIONS));
  }

  @Test
  void readsTheVocabularyAndWritesTagsAsUsersDo() {
    String vocabulary = """
        Facet: field
        Description: Field
         Field of knowledge

        Tag: field::biology:bioinformatics
        Description: Bioinformatics
         Sequence analysis
         .
         and genomes.
        """;
    assertEquals(Map.of("field::biology:bioinformatics", "Bioinformatics. Sequence analysis and genomes."),
        DebtagsCorpus.vocabulary(vocabulary));
    assertEquals("biology:bioinformatics", DebtagsCorpus.bare("field::biology:bioinformatics"));
    assertEquals("3dmodel", DebtagsCorpus.bare("works-with::3dmodel"));
  }

  @Test
  void samplesAreFixedAndRoundTripThroughTsv() {
    List<DebtagsCorpus.Item> items = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      items.add(new DebtagsCorpus.Item("p" + i, "text\t" + i, List.of("use::editing", "works-with::text")));
    }
    List<DebtagsCorpus.Item> ten = DebtagsCorpus.sample(items, 10);
    assertEquals(ten, DebtagsCorpus.sample(items, 10));
    // A smaller sample is the start of a larger one, so a corpus can be cut with head.
    assertEquals(ten, DebtagsCorpus.sample(items, 20).subList(0, 10));
    List<DebtagsCorpus.Item> read = DebtagsCorpus.readTsv(DebtagsCorpus.tsv(ten));
    assertEquals(ten.get(0).name(), read.get(0).name());
    assertEquals(ten.get(0).description().replace('\t', ' '), read.get(0).description());
    assertEquals(ten.get(0).tags(), read.get(0).tags());
    assertThrows(IllegalArgumentException.class, () -> DebtagsCorpus.readTsv("only\ttwo\n"));
  }
}
