package io.graphdrive.tagging;

import java.util.List;

/** The registry of modality extractors, each asked in order whether it reads a file. */
final class ModalityExtractors {
  private ModalityExtractors() {}

  /** Returns the standard extractors; their models load on first use. */
  static List<ModalityExtractor> standard() {
    return List.of(new ImageOcrExtractor(Models::ocr), new ScannedPdfExtractor(Models::ocr));
  }
}
