package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing and validation of the vocabulary file format. */
final class VocabularyTest {
  @Test
  void parsesTagsDescriptionsCommentsAndBlankLines() {
    Vocabulary v = Vocabulary.parse("# topics\n\n  Machine   Learning\tneural networks\r\nrecipe\n");
    assertEquals(
        List.of(new Vocabulary.Entry("machine learning", "neural networks"), new Vocabulary.Entry("recipe", null)),
        v.entries());
  }

  @Test
  void reportsTheLineOfEachProblem() {
    assertMessage("a\n\tdescription only\n", "vocabulary line 2: the tag name is empty");
    assertMessage("a\nb\t \n", "vocabulary line 2: a tab must be followed by a description");
    assertMessage("music\nfood\nMusic\n", "vocabulary line 3: duplicate tag 'music' (first on line 1)");
    assertMessage("ok\nbad\u0007bell\n", "vocabulary line 2: control characters are not allowed");
    assertMessage("x".repeat(65) + "\n", "vocabulary line 1: tag name longer than 64 characters");
  }

  @Test
  void defaultVocabularyIsValidAndLarge() {
    Vocabulary v = Vocabulary.parse(Vocabulary.defaultText());
    assertTrue(v.entries().size() >= 200, "size " + v.entries().size());
    assertNull(Vocabulary.parse("").entries().stream().findFirst().orElse(null));
  }

  @Test
  void tagNamesAreKeptAsUsersWriteThemAndEmbeddedAsWords() {
    Vocabulary v = Vocabulary.parse("Biology:Bioinformatics\n3dmodel\nC++\nworks-with::image\nfile_format\n");
    assertEquals(
        List.of("biology:bioinformatics", "3dmodel", "c++", "works-with::image", "file_format"),
        v.entries().stream().map(Vocabulary.Entry::name).toList());
    assertEquals(
        List.of("biology bioinformatics", "3dmodel", "c++", "works with image", "file format"),
        v.entries().stream().map(e -> Vocabulary.words(e.name())).toList());
    assertEquals("::", Vocabulary.words("::"));
  }

  private static void assertMessage(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.parse(text));
    assertEquals(message, e.getMessage());
  }
}
