package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.TagSource;
import io.graphdrive.common.TaggingResult;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCR of pictures and scanned PDFs through FileTagger, with the real models and Tika. */
final class OcrExtractorsTest {
  @TempDir static Path dir;
  private static FileTagger tagger;

  @BeforeAll
  static void setUp() {
    Vocabulary vocabulary = Vocabulary.parse(Vocabulary.defaultText());
    tagger = FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> vocabulary);
  }

  @Test
  void pictureOfAnInvoiceIsTaggedFromItsText() throws Exception {
    ImageIO.write(Samples.textImage(Samples.INVOICE, "DejaVu Sans", 24, 900, 260), "png", dir.resolve("scan.png").toFile());
    TaggingResult r = tagger.tag("/scan.png");
    assertNull(r.error());
    assertTrue(r.text().contains("Amount due"), r.text());
    assertTrue(r.text().contains("Northwind Traders"), r.text());
    assertTrue(r.tags().stream().anyMatch(t -> t.source() == TagSource.OCR && t.name().equals("invoice") && t.model().equals(TextEmbedder.MINILM.name())), r.tags().toString());
    assertTrue(r.tags().stream().anyMatch(t -> t.source() == TagSource.OCR && t.model().equals(KeyPhraseTagger.MODEL)), r.tags().toString());
    assertNotNull(r.embedding());
  }

  @Test
  void chineseJpegIsRead() throws Exception {
    ImageIO.write(Samples.textImage(Samples.CHINESE, "WenQuanYi Zen Hei", 32, 700, 160), "jpeg", dir.resolve("zh.jpg").toFile());
    TaggingResult r = tagger.tag("/zh.jpg");
    assertNull(r.error());
    assertTrue(r.text().contains("计算机视觉"), r.text());
  }

  @Test
  void scannedPdfPagesAreRead() throws Exception {
    Samples.scannedPdf(
        dir.resolve("scanned.pdf"),
        List.of(
            Samples.textImage(Samples.SEGMENTATION, "DejaVu Sans", 26, 1000, 220),
            Samples.textImage(Samples.INVOICE, "DejaVu Sans", 26, 1000, 260)),
        PDRectangle.LETTER);
    TaggingResult r = tagger.tag("/scanned.pdf");
    assertNull(r.error());
    assertEquals("application/pdf", r.mime());
    assertTrue(r.text().contains("region-based segmentation"), r.text());
    assertTrue(r.text().indexOf("segmentation") < r.text().indexOf("Amount due"), r.text());
    assertTrue(r.tags().stream().anyMatch(t -> t.source() == TagSource.OCR), r.tags().toString());
  }

  @Test
  void longScannedPdfReadsAtMostFiftyPagesSpreadThroughIt() throws Exception {
    List<BufferedImage> pages = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      pages.add(Samples.textImage(List.of("Page " + i), "DejaVu Sans", 28, 360, 80));
    }
    Path pdf = dir.resolve("long.pdf");
    Samples.scannedPdf(pdf, pages, new PDRectangle(300, 100));
    AtomicInteger calls = new AtomicInteger();
    Ocr counting =
        new Ocr() {
          @Override
          public String read(BufferedImage image) {
            calls.incrementAndGet();
            return Models.ocr().read(image);
          }

          @Override
          public String model() {
            return Models.ocr().model();
          }
        };
    Extraction tika = Models.extractor().extract("/long.pdf", pdf, "0", Files.size(pdf));
    // No time budget here: the test is about which pages are read, on machines of any speed.
    ScannedPdfExtractor extractor = new ScannedPdfExtractor(() -> counting, Duration.ofHours(1));
    assertTrue(extractor.accepts(tika));
    String text = extractor.extract(pdf, tika).clues().get(0).text();
    assertEquals(ScannedPdfExtractor.MAX_PAGES, calls.get());
    Set<Integer> read = new TreeSet<>();
    Matcher m = Pattern.compile("Page\\s*(\\d+)").matcher(text);
    while (m.find()) {
      read.add(Integer.parseInt(m.group(1)));
    }
    // Pages 1, 11, 21, ... 191: every tenth page, the first and last parts both covered.
    assertTrue(read.size() >= 18, text);
    assertTrue(read.stream().allMatch(p -> p % 10 == 1), read.toString());
  }

  @Test
  void pdfWithATextLayerIsNotRendered() throws Exception {
    Samples.pdf(dir.resolve("lease.pdf"), Samples.LEASE, "Ada Lovelace");
    Path pdf = dir.resolve("lease.pdf");
    Extraction tika = Models.extractor().extract("/lease.pdf", pdf, "0", Files.size(pdf));
    assertTrue(!new ScannedPdfExtractor(Models::ocr, ScannedPdfExtractor.BUDGET).accepts(tika));
  }

  @Test
  void hugePictureIsReadSubsampled() throws Exception {
    BufferedImage image = new BufferedImage(12_000, 12_000, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 12_000, 12_000);
    g.setColor(Color.BLACK);
    g.setFont(new Font("DejaVu Sans", Font.PLAIN, 400));
    g.drawString("Quarterly budget", 600, 2000);
    g.dispose();
    ImageIO.write(image, "png", dir.resolve("huge.png").toFile());
    image = null;
    TaggingResult r = tagger.tag("/huge.png");
    assertNull(r.error());
    assertTrue(r.text().contains("Quarterly budget"), r.text());
  }

  @Test
  void corruptAndTruncatedPicturesGiveAReadableError() throws Exception {
    BufferedImage picture = Samples.textImage(Samples.SEGMENTATION, "DejaVu Sans", 26, 1000, 220);
    ImageIO.write(picture, "png", dir.resolve("whole.png").toFile());
    ImageIO.write(picture, "jpeg", dir.resolve("whole.jpg").toFile());
    byte[] png = Files.readAllBytes(dir.resolve("whole.png"));
    byte[] jpg = Files.readAllBytes(dir.resolve("whole.jpg"));
    Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
    Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpg, jpg.length / 2));
    byte[] garbage = png.clone();
    for (int i = 64; i < garbage.length; i += 7) {
      garbage[i] ^= 0x5a;
    }
    Files.write(dir.resolve("garbage.png"), garbage);
    for (String name : List.of("/cut.png", "/cut.jpg", "/garbage.png")) {
      TaggingResult r = tagger.tag(name);
      assertNotNull(r.error(), name + " " + r.text());
      assertTrue(r.error().length() < 400 && !r.error().contains("\tat "), r.error());
      assertTrue(r.tags().isEmpty(), name);
    }
  }
}
