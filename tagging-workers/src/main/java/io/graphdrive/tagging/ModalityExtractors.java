package io.graphdrive.tagging;

import java.nio.file.Path;
import java.util.List;

/** The registry of modality extractors, each asked in order whether it reads a file. */
final class ModalityExtractors {
  private ModalityExtractors() {}

  /** Returns the standard extractors; models fetched into the data directory are found there. */
  static List<ModalityExtractor> standard(Path dataDir) {
    return List.of(new ImageModelExtractor(() -> Models.clip(dataDir)));
  }
}
