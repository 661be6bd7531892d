package io.graphdrive.tagging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tika.metadata.Metadata;

/** The registry of modality extractors, each asked in order whether it reads a file. */
final class ModalityExtractors {
  private ModalityExtractors() {}

  /**
   * Returns the standard extractors; their models load on first use, fetched ones from the data
   * directory. The video extractor hands its frames to every extractor before it that reads a PNG
   * picture (OCR, the image model), so image extractors added to the list read video frames too.
   */
  static List<ModalityExtractor> standard(Path dataDir) {
    List<ModalityExtractor> extractors = new ArrayList<>(List.of(
        new ImageOcrExtractor(Models::ocr),
        new ScannedPdfExtractor(Models::ocr, ScannedPdfExtractor.BUDGET),
        new ImageModelExtractor(() -> Models.clip(dataDir))));
    SpeechTrack speech = new SpeechTrack(Models.speech());
    Extraction frame = Extraction.ofText("frame.png", "image/png", new Metadata(), "", "", 0, null);
    List<ModalityExtractor> frameReaders = extractors.stream().filter(m -> m.accepts(frame)).toList();
    extractors.add(new AudioExtractor(speech));
    extractors.add(new VideoExtractor(speech, frameReaders));
    return List.copyOf(extractors);
  }
}
