package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import io.graphdrive.common.TaggingResult;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image model path with a tiny stand-in for CLIP that has the real model's file names, inputs,
 * outputs and tokenizer format, made by src/test/python/tiny_clip.py: colours are its only knowledge.
 */
final class ImageModelTest {
  private static final String VOCABULARY = "red\ngreen\nblue\nsea\tthe blue ocean\ncooking\tfood and recipes\n";

  @TempDir static Path data;
  private static Path folder;
  private static ClipModel clip;
  private static ClipTokenizer tokenizer;

  @BeforeAll
  static void install() throws Exception {
    folder = TinyClip.install(data);
    clip = Models.clip(data).orElseThrow();
    try (InputStream in = Files.newInputStream(folder.resolve("tokenizer.json"))) {
      tokenizer = ClipTokenizer.load(in);
    }
  }

  private static BufferedImage filled(Color colour, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  private static double norm(float[] v) {
    return Math.sqrt(Vectors.dot(v, v));
  }

  @Test
  void tokenizerFollowsClipRules() {
    int start = tokenizer.id(ClipTokenizer.START);
    int end = tokenizer.id(ClipTokenizer.END);
    int red = tokenizer.id("red</w>");
    int dot = tokenizer.id(".</w>");
    long[] ids = tokenizer.encode("  RED.  ");
    assertEquals(ClipTokenizer.LENGTH, ids.length);
    // Lower-cased, whitespace dropped, "r e" then "re d</w>" merged into one word token, the full stop its own piece.
    assertArrayEquals(new long[] {start, red, dot, end, end}, java.util.Arrays.copyOf(ids, 5));
    assertEquals(end, ids[ClipTokenizer.LENGTH - 1], "padding is the end token");
    // Without a merge for "redo", only the merges that apply are made: "re" stays, then d, then "o</w>".
    assertEquals(List.of(tokenizer.id("re"), tokenizer.id("d"), tokenizer.id("o</w>")), tokenizer.tokens("redo"));
    // Merges apply by rank: "g r" outranks "r e", so green is one token, not "g", "re", ...
    assertEquals(List.of(tokenizer.id("green</w>")), tokenizer.tokens("Green"));
    // A word's bytes: a non-ASCII letter becomes its two UTF-8 byte symbols.
    assertEquals(2, tokenizer.tokens("é").size());
    // English contractions are their own pieces: "it's" is "it" and "'s", not "it", "'" and "s".
    assertEquals(List.of(tokenizer.id("i"), tokenizer.id("t</w>"), tokenizer.id("'"), tokenizer.id("s</w>")),
        tokenizer.tokens("it's"));
    // Long texts are cut to 77 ids with the end token last.
    long[] longIds = tokenizer.encode("red ".repeat(200));
    assertEquals(red, longIds[75]);
    assertEquals(end, longIds[76]);
  }

  @Test
  void modelGivesUnitVectorsOfOneSpace() {
    float[] image = clip.embedImage(filled(Color.RED, 640, 480));
    List<float[]> texts = clip.embedTexts(List.of("a photo of red.", "a photo of green.", "a photo of blue."));
    assertEquals(512, image.length);
    assertEquals(3, texts.size());
    assertEquals(1.0, norm(image), 1e-5);
    for (float[] t : texts) {
      assertEquals(512, t.length);
      assertEquals(1.0, norm(t), 1e-5);
    }
    double red = Vectors.dot(image, texts.get(0));
    assertTrue(red > 0.9, "red image against 'red': " + red);
    assertTrue(red > Vectors.dot(image, texts.get(1)) + 0.5);
    assertTrue(red > Vectors.dot(image, texts.get(2)) + 0.5);
  }

  @Test
  void preprocessingScalesTheShortSideAndCropsTheCentre() {
    // A wide picture, blue in the middle and red at the far left and right: the crop keeps only blue.
    BufferedImage wide = filled(Color.RED, 3000, 1000);
    Graphics2D g = wide.createGraphics();
    g.setColor(Color.BLUE);
    g.fillRect(1000, 0, 1000, 1000);
    g.dispose();
    BufferedImage crop = ClipModel.square(wide);
    assertEquals(ClipModel.SIZE, crop.getWidth());
    assertEquals(ClipModel.SIZE, crop.getHeight());
    assertEquals(Color.BLUE.getRGB(), crop.getRGB(112, 112));
    assertEquals(Color.BLUE.getRGB(), crop.getRGB(3, 3));
  }

  @Test
  void imagesGetImageEmbeddingAndImageTagsThroughFileTagger() throws Exception {
    Path drive = Files.createDirectories(data.resolve("drive"));
    ImageIO.write(filled(Color.RED, 320, 200), "png", drive.resolve("red.png").toFile());
    ImageIO.write(filled(new Color(0, 0, 250), 200, 320), "jpg", drive.resolve("blue.jpg").toFile());
    Vocabulary vocabulary = Vocabulary.parse(VOCABULARY);
    FileTagger tagger = FileTagger.standard(Sources.directory(drive), data, () -> vocabulary);

    TaggingResult red = tagger.tag("/red.png");
    assertNull(red.error());
    assertEquals(512, red.imageEmbedding().length);
    List<Tag> image = red.tags().stream().filter(t -> t.source() == TagSource.IMAGE).toList();
    assertEquals(List.of("red"), image.stream().map(Tag::name).toList(), red.tags().toString());
    assertEquals(ClipModel.MODEL, image.get(0).model());
    assertTrue(image.get(0).score() > 0.99, image.toString());

    // The description counts: "sea" (the blue ocean) shares blue's evidence; neither reaches 1 alone.
    TaggingResult blue = tagger.tag("/blue.jpg");
    List<String> blueTags = blue.tags().stream().filter(t -> t.source() == TagSource.IMAGE).map(Tag::name).sorted().toList();
    assertEquals(List.of("blue", "sea"), blueTags, blue.tags().toString());
  }

  @Test
  void withoutTheModelImagesAreOnlyTaggedFromMetadata() throws Exception {
    Path empty = Files.createDirectories(data.resolve("other-data"));
    assertEquals(Optional.empty(), Models.clip(empty));
    Path drive = Files.createDirectories(data.resolve("drive2"));
    ImageIO.write(filled(Color.RED, 64, 64), "png", drive.resolve("red.png").toFile());
    ImageModelExtractor extractor = new ImageModelExtractor(() -> Models.clip(empty));
    Extraction tika = Models.extractor().extract("/red.png", drive.resolve("red.png"), "x", 1);
    assertFalse(extractor.accepts(tika));
    assertTrue(new ImageModelExtractor(() -> Models.clip(data)).accepts(tika));
    assertTrue(new ImageTagger(Optional::empty).tag(tika.with(new Findings(List.of(), List.of(new float[512])))).isEmpty());
  }
}
