package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import io.graphdrive.common.TaggingResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tags real files with the real models and Tika, without Ray. */
final class FileTaggerTest {
  @TempDir static Path dir;
  private static FileTagger tagger;

  @BeforeAll
  static void setUp() {
    Vocabulary vocabulary = Vocabulary.parse(Vocabulary.defaultText());
    tagger = FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> vocabulary);
  }

  private static List<String> names(TaggingResult r) {
    return r.tags().stream().map(Tag::name).toList();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void aFileOverTheContentLimitIsTaggedByNameAndTypeOnly() throws Exception {
    Vocabulary vocabulary = Vocabulary.parse(Vocabulary.defaultText());
    FileTagger small = FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> vocabulary,
        () -> Corrections.NONE, LlmSettings.OFF, 256);
    Files.writeString(dir.resolve("big-cake.txt"), Samples.COOKING.repeat(20));
    TaggingResult text = small.tag("/big-cake.txt");
    assertNull(text.error());
    assertEquals("text/plain", text.mime());
    assertEquals(Files.size(dir.resolve("big-cake.txt")), text.size());
    assertTrue(names(text).containsAll(List.of("text", "plain text")), text.tags().toString());
    assertTrue(text.tags().stream().allMatch(t -> t.source() == TagSource.META), "no content tags: " + text.tags());
    assertNull(text.sha256(), "the content was not read");
    assertNull(text.text());

    // With no extension, the type comes from the first bytes.
    Path pdf = dir.resolve("scan-without-extension");
    Samples.pdf(pdf, Samples.LEASE, "Ada Lovelace");
    assertTrue(Files.size(pdf) > 256);
    TaggingResult doc = small.tag("/scan-without-extension");
    assertNull(doc.error());
    assertEquals("application/pdf", doc.mime());
    assertTrue(names(doc).contains("pdf"), doc.tags().toString());
    TaggingResult whole = tagger.tag("/big-cake.txt");
    assertTrue(whole.tags().stream().anyMatch(t -> t.source() == TagSource.TEXT), "under the default limit: " + whole.tags());
  }

  @Test
  void cookingTextGetsAFittingVocabularyTag() throws Exception {
    Files.writeString(dir.resolve("cake.txt"), Samples.COOKING);
    TaggingResult r = tagger.tag("/cake.txt");
    assertNull(r.error());
    assertEquals("text/plain", r.mime());
    assertTrue(
        r.tags().stream()
            .anyMatch(t -> t.source() == TagSource.TEXT && t.model().equals(TextEmbedder.MINILM.name())
                && List.of("baking", "cooking", "recipe").contains(t.name())),
        r.tags().toString());
    assertTrue(names(r).containsAll(List.of("text", "plain text")), r.tags().toString());
    assertTrue(r.tags().stream().anyMatch(t -> t.model().equals(KeyPhraseTagger.MODEL)), r.tags().toString());
    assertEquals(TextEmbedder.MINILM.dimensions(), r.embedding().length);
    assertEquals(sha256(dir.resolve("cake.txt")), r.sha256());
    assertEquals(Files.size(dir.resolve("cake.txt")), r.size());
    assertTrue(r.tags().stream().allMatch(t -> t.score() >= 0 && t.score() <= 1));
  }

  @Test
  void pdfIsADocumentWithTextTagsAndAuthor() throws Exception {
    Samples.pdf(dir.resolve("lease.pdf"), Samples.LEASE, "Ada Lovelace");
    TaggingResult r = tagger.tag("/lease.pdf");
    assertNull(r.error());
    assertEquals("application/pdf", r.mime());
    assertTrue(names(r).containsAll(List.of("document", "pdf", "ada lovelace")), r.tags().toString());
    assertTrue(names(r).contains("lease") || names(r).contains("contract"), r.tags().toString());
    assertNotNull(r.embedding());
  }

  @Test
  void jpegGetsCameraAndYearTags() throws Exception {
    Samples.jpeg(dir.resolve("photo.jpg"), "Canon", "Canon EOS 5D", "2019:07:14 10:30:00");
    TaggingResult r = tagger.tag("/photo.jpg");
    assertNull(r.error());
    assertEquals("image/jpeg", r.mime());
    assertTrue(names(r).containsAll(List.of("image", "jpeg", "canon", "canon eos 5d", "2019")), r.tags().toString());
    assertNull(r.embedding());
  }

  @Test
  void corruptPdfGivesAReadableError() throws Exception {
    Files.write(dir.resolve("broken.pdf"), "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage".getBytes(StandardCharsets.US_ASCII));
    TaggingResult r = tagger.tag("/broken.pdf");
    assertNotNull(r.error());
    assertTrue(r.error().startsWith("cannot parse application/pdf"), r.error());
    assertEquals(sha256(dir.resolve("broken.pdf")), r.sha256());
  }

  @Test
  void emptyAndMissingFiles() throws Exception {
    Files.write(dir.resolve("empty.txt"), new byte[0]);
    TaggingResult empty = tagger.tag("/empty.txt");
    assertNull(empty.error());
    assertEquals(0, empty.size());
    assertTrue(names(empty).contains("text"), empty.tags().toString());
    assertNull(empty.embedding());
    assertEquals("file not found: /nope.txt", tagger.tag("/nope.txt").error());
    assertNotNull(tagger.tag("/../etc/passwd").error());
  }

  @Test
  void hugeTextIsCappedButFullyHashed() throws Exception {
    Path big = dir.resolve("big.txt");
    Files.writeString(big, "The orchestra rehearsed the symphony for the concert. ".repeat(40_000));
    TaggingResult r = tagger.tag("/big.txt");
    assertNull(r.error());
    assertEquals(Files.size(big), r.size());
    assertEquals(sha256(big), r.sha256());
  }

  @Test
  void retaggingIsDeterministic() throws Exception {
    Samples.pdf(dir.resolve("again.pdf"), Samples.LEASE, "Ada Lovelace");
    TaggingResult a = tagger.tag("/again.pdf");
    TaggingResult b = tagger.tag("/again.pdf");
    assertEquals(a.tags(), b.tags());
    assertArrayEquals(a.embedding(), b.embedding());
    assertEquals(a.sha256(), b.sha256());
  }
}
