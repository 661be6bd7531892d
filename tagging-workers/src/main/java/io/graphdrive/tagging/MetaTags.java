package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.Property;

/** Helpers for taggers that turn Tika metadata values into tags. */
final class MetaTags {
  /** Name recorded on tags read from metadata. */
  static final String MODEL = "tika";

  private MetaTags() {}

  /** Returns a metadata tag with full confidence, or null when the name has no usable characters. */
  static Tag of(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    return new Tag(name, 1.0, TagSource.META, MODEL);
  }

  /** Returns one tag per non-blank value of the given metadata properties. */
  static List<Tag> values(Metadata metadata, Property... properties) {
    List<Tag> tags = new ArrayList<>();
    for (Property p : properties) {
      for (String value : metadata.getValues(p)) {
        Tag t = of(value);
        if (t != null) {
          tags.add(t);
        }
      }
    }
    return tags;
  }
}
