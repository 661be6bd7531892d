package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The tag vocabulary the text model matches files against: one tag a line, optionally
 * {@code tag<TAB>description} (the description is what gets embedded), {@code #} comments and blank
 * lines ignored.
 */
public final class Vocabulary {
  private static final String DEFAULT_RESOURCE = "default-vocabulary.txt";

  private final List<Entry> entries;
  private final String fingerprint;

  /** One tag of the vocabulary: its normalised name and an optional description (null when absent). */
  public record Entry(String name, String description) {}

  private Vocabulary(List<Entry> entries, String fingerprint) {
    this.entries = List.copyOf(entries);
    this.fingerprint = fingerprint;
  }

  /**
   * Parses and validates a vocabulary; throws IllegalArgumentException naming the line of the first
   * problem (empty or over-long tag, empty description, control characters, duplicate tag).
   */
  public static Vocabulary parse(String text) {
    List<Entry> entries = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int n = 1; n <= lines.length; n++) {
      String line = lines[n - 1];
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      String rawName = tab < 0 ? line : line.substring(0, tab);
      String description = tab < 0 ? null : line.substring(tab + 1).strip();
      if (hasControl(rawName) || (description != null && hasControl(description))) {
        throw new IllegalArgumentException("vocabulary line " + n + ": control characters are not allowed");
      }
      if (rawName.isBlank()) {
        throw new IllegalArgumentException("vocabulary line " + n + ": the tag name is empty");
      }
      if (rawName.strip().replaceAll("\\s+", " ").length() > Tag.MAX_NAME_LENGTH) {
        throw new IllegalArgumentException(
            "vocabulary line " + n + ": tag name longer than " + Tag.MAX_NAME_LENGTH + " characters");
      }
      String name = Tag.normalizeName(rawName);
      if (description != null && description.isEmpty()) {
        throw new IllegalArgumentException("vocabulary line " + n + ": a tab must be followed by a description");
      }
      Integer first = seen.putIfAbsent(name, n);
      if (first != null) {
        throw new IllegalArgumentException(
            "vocabulary line " + n + ": duplicate tag '" + name + "' (first on line " + first + ")");
      }
      entries.add(new Entry(name, description));
    }
    return new Vocabulary(entries, sha256(text));
  }

  /** Returns the text of the vocabulary shipped with GraphDrive. */
  public static String defaultText() {
    try (InputStream in = Vocabulary.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the default vocabulary resource is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default vocabulary", e);
    }
  }

  /**
   * Returns the words a tag name is embedded as: the separators users write between facets and words
   * ({@code biology:bioinformatics}, {@code works-with::image}, {@code file_format}) become spaces;
   * everything else ({@code c++}, {@code 3dmodel}) stays as written.
   */
  static String words(String name) {
    String spaced = name.replaceAll("[:_/\\-]+", " ").strip().replaceAll(" +", " ");
    return spaced.isEmpty() ? name : spaced;
  }

  /** Returns the tags in file order. */
  public List<Entry> entries() {
    return entries;
  }

  /** Returns the sha256 of the text this vocabulary was parsed from. */
  String fingerprint() {
    return fingerprint;
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t');
  }

  private static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
