package io.graphdrive.common;

import java.util.Locale;

/**
 * A tag on a file: its normalised name, a score in [0, 1], where it came from, which model gave it, and
 * the bar its score had to pass (null when the tagger has no score bar, as for metadata).
 */
public record Tag(String name, double score, TagSource source, String model, Double threshold) {
  /** The longest tag name kept; longer ones are cut. */
  public static final int MAX_NAME_LENGTH = 64;

  /** Returns a tag whose name is normalised; throws IllegalArgumentException when nothing is left of it. */
  public Tag {
    name = normalizeName(name);
    if (score < 0 || score > 1 || Double.isNaN(score)) {
      throw new IllegalArgumentException("tag score must lie in [0, 1]: " + score);
    }
  }

  /** Returns a tag with no score bar. */
  public Tag(String name, double score, TagSource source, String model) {
    this(name, score, source, model, null);
  }

  /** Trims, lower-cases and folds white space of a tag name, as stored in the graph. */
  public static String normalizeName(String raw) {
    if (raw == null) {
      throw new IllegalArgumentException("tag name is missing");
    }
    StringBuilder sb = new StringBuilder();
    for (char c : raw.strip().toLowerCase(Locale.ROOT).toCharArray()) {
      if (Character.isWhitespace(c)) {
        sb.append(' ');
      } else if (!Character.isISOControl(c)) {
        sb.append(c);
      }
    }
    String name = sb.toString().replaceAll(" +", " ").strip();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("tag name is empty");
    }
    return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH).strip() : name;
  }
}
