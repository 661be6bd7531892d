package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import java.util.List;
import org.apache.tika.metadata.XMPDM;

/** Tags audio with the artist, album and genre from its ID3 (or similar) tags. */
final class MusicTagger implements Tagger {
  @Override
  public List<Tag> tag(Extraction e) {
    return MetaTags.values(e.metadata(), XMPDM.ARTIST, XMPDM.ALBUM, XMPDM.GENRE);
  }
}
