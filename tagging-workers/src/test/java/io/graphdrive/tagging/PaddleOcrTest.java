package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Reads pictures drawn by the test with the real PaddleOCR models. */
final class PaddleOcrTest {
  private static final Ocr OCR = Models.ocr();

  @Test
  void readsEnglishLinesInOrder() {
    String text = OCR.read(Samples.textImage(Samples.SEGMENTATION, "DejaVu Sans", 26, 1000, 220));
    assertTrue(text.contains("region-based segmentation"), text);
    assertTrue(text.indexOf("Image analysis") < text.indexOf("Edge detection"), text);
    assertEquals(3, text.lines().count(), text);
  }

  @Test
  void readsChinese() {
    String text = OCR.read(Samples.textImage(Samples.CHINESE, "WenQuanYi Zen Hei", 32, 700, 160));
    assertTrue(text.contains("计算机视觉"), text);
    assertTrue(text.contains("深度学习"), text);
  }

  @Test
  void readsUpsideDownText() {
    BufferedImage image = Samples.upsideDown(Samples.textImage(Samples.SEGMENTATION, "DejaVu Sans", 26, 1000, 220));
    String text = OCR.read(image);
    assertTrue(text.contains("region-based segmentation"), text);
    assertTrue(text.indexOf("Image analysis") < text.indexOf("Edge detection"), text);
  }

  @Test
  void blankPictureHasNoText() {
    assertEquals("", OCR.read(new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB)));
  }
}
