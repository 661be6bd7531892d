package io.graphdrive.tagging;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A thing that understands one kind of content beyond Tika's text and metadata: pixels (OCR and the
 * image model), pages without a text layer, speech, video. Implementations are listed in {@link
 * ModalityExtractors}; each holds its models, loaded once per JVM.
 */
interface ModalityExtractor {
  /** Returns whether this extractor reads files of what Tika found (type, metadata, text). */
  boolean accepts(Extraction tika);

  /**
   * Reads the local copy of the file and returns what it found; throws {@link UnreadableException}
   * when the content is corrupt or truncated (the file ends FAILED with that message), IOException
   * when something outside the file failed.
   */
  Findings extract(Path file, Extraction tika) throws IOException;
}
