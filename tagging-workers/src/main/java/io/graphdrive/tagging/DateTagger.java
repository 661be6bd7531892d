package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import java.time.Year;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tika.metadata.Property;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.metadata.XMPDM;

/** Tags a file with the year it was created (EXIF, document properties) or released (ID3). */
final class DateTagger implements Tagger {
  private static final Pattern YEAR = Pattern.compile("^\\s*(\\d{4})");
  // QuickTime and MP4 count from 1904, so a clock that was never set reads 1904-01-01 00:00.
  private static final Pattern MP4_EPOCH = Pattern.compile("^\\s*1904-01-01T00:00:00");
  private static final Property[] DATES = {TikaCoreProperties.CREATED, XMPDM.RELEASE_DATE};

  @Override
  public List<Tag> tag(Extraction e) {
    for (Property p : DATES) {
      String value = e.metadata().get(p);
      Matcher m = value == null ? null : YEAR.matcher(value);
      if (m != null && m.find() && !MP4_EPOCH.matcher(value).find()) {
        int year = Integer.parseInt(m.group(1));
        // Zeroed EXIF clocks and typos give years no file was made in.
        if (year >= 1900 && year <= Year.now().getValue() + 1) {
          return List.of(MetaTags.of(m.group(1)));
        }
      }
    }
    return List.of();
  }
}
