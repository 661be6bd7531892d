package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import java.util.List;

/** One way of finding tags for an extracted file; implementations are listed in {@link Taggers}. */
interface Tagger {
  /** Returns the tags this tagger finds, possibly none; never null. */
  List<Tag> tag(Extraction extraction);
}
