package io.graphdrive.tagging;

import io.graphdrive.common.DrivePath;
import io.graphdrive.common.TagSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.tika.metadata.Office;
import org.apache.tika.metadata.Property;
import org.apache.tika.metadata.TIFF;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.metadata.XMPDM;

/**
 * The text clues of one file as a language model reads them: its name, metadata facts, and the text of
 * every modality (document, OCR, transcript, media facts), white space folded and each part cut so the
 * whole stays within {@link #MAX_CHARS}.
 */
final class LlmClues {
  /**
   * Most characters of clues per file: about 1,000 tokens, so the prompt (instructions, up to 15
   * candidates with descriptions, clues) stays under 2,000 tokens, inside the smallest context windows
   * served models have, and a 7B model reads it in well under a second on a GPU. The opening of a
   * document names its topic in almost every case; the embedding tagger reads the rest.
   */
  static final int MAX_CHARS = 4_000;
  /** Most characters of the file name. */
  static final int MAX_NAME_CHARS = 200;
  /** Most characters of metadata facts. */
  static final int MAX_META_CHARS = 600;

  private static final Property[] FACTS = {
    TikaCoreProperties.TITLE, TikaCoreProperties.DESCRIPTION, TikaCoreProperties.SUBJECT, Office.KEYWORDS,
    TikaCoreProperties.CREATOR, TikaCoreProperties.CREATED, TIFF.EQUIPMENT_MAKE, TIFF.EQUIPMENT_MODEL,
    XMPDM.ARTIST, XMPDM.ALBUM, XMPDM.GENRE
  };
  private static final Map<TagSource, String> LABELS =
      Map.of(
          TagSource.TEXT, "Document text",
          TagSource.OCR, "Text read from pictures (OCR)",
          TagSource.SPEECH, "Speech transcript",
          TagSource.META, "Media facts");

  private LlmClues() {}

  /** Returns the file's clues as labelled lines, or "" when it has no text and no metadata facts. */
  static String of(Extraction e) {
    String facts = facts(e);
    Map<TagSource, String> texts = new EnumMap<>(TagSource.class);
    for (TagSource source : LABELS.keySet()) {
      String text = fold(e.text(source));
      if (!text.isEmpty()) {
        texts.put(source, text);
      }
    }
    if (facts.isEmpty() && texts.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    sb.append("File name: ").append(cut(fold(DrivePath.name(e.path())), MAX_NAME_CHARS)).append('\n');
    if (!facts.isEmpty()) {
      sb.append("Metadata: ").append(cut(facts, MAX_META_CHARS)).append('\n');
    }
    Map<TagSource, String> shares = share(texts, MAX_CHARS - sb.length());
    texts.keySet().forEach(s -> sb.append(LABELS.get(s)).append(": ").append(shares.get(s)).append('\n'));
    return sb.toString();
  }

  // Shortest first, each gets at most an equal part of what is left, so a long document cannot crowd
  // out a photo's OCR or a recording's transcript.
  private static Map<TagSource, String> share(Map<TagSource, String> texts, int budget) {
    List<Map.Entry<TagSource, String>> byLength = new ArrayList<>(texts.entrySet());
    byLength.sort(Comparator.comparingInt(en -> en.getValue().length()));
    Map<TagSource, String> out = new EnumMap<>(TagSource.class);
    int left = budget;
    for (int i = 0; i < byLength.size(); i++) {
      Map.Entry<TagSource, String> en = byLength.get(i);
      // Each part also carries its label and a line break.
      int room = Math.max(0, left / (byLength.size() - i) - LABELS.get(en.getKey()).length() - 3);
      String part = cut(en.getValue(), room);
      out.put(en.getKey(), part);
      left -= part.length() + LABELS.get(en.getKey()).length() + 3;
    }
    return out;
  }

  private static String facts(Extraction e) {
    List<String> facts = new ArrayList<>();
    for (Property p : FACTS) {
      for (String v : e.metadata().getValues(p)) {
        if (!v.isBlank()) {
          facts.add(p.getName() + " = " + fold(v));
        }
      }
    }
    return String.join("; ", facts);
  }

  private static String fold(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  /** Cuts a text to at most {@code max} characters, at a space when one is near, marking the cut with "…". */
  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    if (max < 2) {
      return "";
    }
    int end = max - 1;
    int space = text.lastIndexOf(' ', end);
    if (space > end * 4 / 5) {
      end = space;
    }
    return text.substring(0, end).strip() + "…";
  }
}
