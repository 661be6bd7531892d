package io.graphdrive.tagging;

import java.util.ArrayList;
import java.util.List;
import org.apache.tika.metadata.Metadata;

/** The registry of modality extractors, each asked in order whether it reads a file. */
final class ModalityExtractors {
  private ModalityExtractors() {}

  /**
   * Returns the standard extractors. The video extractor hands its frames to every other extractor
   * that reads a PNG picture, so image extractors added to the list below read video frames too.
   */
  static List<ModalityExtractor> standard() {
    SpeechTrack speech = new SpeechTrack(Models.speech());
    List<ModalityExtractor> extractors = new ArrayList<>(List.of(new AudioExtractor(speech)));
    Extraction frame = Extraction.ofText("frame.png", "image/png", new Metadata(), "", "", 0, null);
    List<ModalityExtractor> frameReaders = extractors.stream().filter(m -> m.accepts(frame)).toList();
    extractors.add(new VideoExtractor(speech, frameReaders));
    return List.copyOf(extractors);
  }
}
