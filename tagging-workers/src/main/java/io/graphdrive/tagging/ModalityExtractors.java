package io.graphdrive.tagging;

import java.nio.file.Path;
import java.util.List;

/** The registry of modality extractors, each asked in order whether it reads a file. */
final class ModalityExtractors {
  private ModalityExtractors() {}

  /** Returns the standard extractors; their models load on first use, fetched ones from the data directory. */
  static List<ModalityExtractor> standard(Path dataDir) {
    return List.of(
        new ImageOcrExtractor(Models::ocr),
        new ScannedPdfExtractor(Models::ocr, ScannedPdfExtractor.BUDGET),
        new ImageModelExtractor(() -> Models.clip(dataDir)));
  }
}
