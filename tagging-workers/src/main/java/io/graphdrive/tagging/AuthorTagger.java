package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import java.util.List;
import org.apache.tika.metadata.TikaCoreProperties;

/** Tags a document with its authors from the document properties. */
final class AuthorTagger implements Tagger {
  @Override
  public List<Tag> tag(Extraction e) {
    return MetaTags.values(e.metadata(), TikaCoreProperties.CREATOR);
  }
}
