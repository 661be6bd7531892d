package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import java.util.List;
import org.apache.tika.metadata.TIFF;

/** Tags a photo with the camera make and model from its EXIF data. */
final class CameraTagger implements Tagger {
  @Override
  public List<Tag> tag(Extraction e) {
    return MetaTags.values(e.metadata(), TIFF.EQUIPMENT_MAKE, TIFF.EQUIPMENT_MODEL);
  }
}
