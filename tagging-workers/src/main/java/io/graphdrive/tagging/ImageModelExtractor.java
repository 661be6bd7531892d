package io.graphdrive.tagging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Embeds a picture with the image model, when one is installed, for image tags and image search. */
final class ImageModelExtractor implements ModalityExtractor {
  private final Supplier<Optional<ClipModel>> model;

  /** Uses the model the supplier gives, empty when none is installed. */
  ImageModelExtractor(Supplier<Optional<ClipModel>> model) {
    this.model = model;
  }

  @Override
  public boolean accepts(Extraction tika) {
    return tika.mime() != null && Images.readable(tika.mime()) && model.get().isPresent();
  }

  @Override
  public Findings extract(Path file, Extraction tika) throws IOException {
    ClipModel clip = model.get().orElseThrow();
    return new Findings(List.of(), List.of(clip.embedImage(Images.read(file, Images.MAX_PIXELS))));
  }
}
