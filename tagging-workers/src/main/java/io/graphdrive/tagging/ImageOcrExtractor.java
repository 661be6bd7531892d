package io.graphdrive.tagging;

import io.graphdrive.common.TagSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Reads the text in pictures (PNG, JPEG, GIF, BMP, TIFF, WebP) with OCR, the picture decoded bounded. */
final class ImageOcrExtractor implements ModalityExtractor {
  private final Supplier<Ocr> ocr;

  /** Takes the OCR from a supplier, so it loads on the first picture. */
  ImageOcrExtractor(Supplier<Ocr> ocr) {
    this.ocr = ocr;
  }

  @Override
  public boolean accepts(Extraction tika) {
    return tika.mime().startsWith("image/") && Images.readable(tika.mime());
  }

  @Override
  public Findings extract(Path file, Extraction tika) throws IOException {
    Ocr o = ocr.get();
    String text = o.read(Images.read(file, Images.MAX_PIXELS)).strip();
    return text.isEmpty() ? Findings.NONE : Findings.of(Clue.of(TagSource.OCR, o.model(), text));
  }
}
