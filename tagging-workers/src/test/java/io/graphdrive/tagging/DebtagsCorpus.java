package io.graphdrive.tagging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A labelled corpus from Debian: package long descriptions (Translation-en) with their debtags (the
 * {@code Tag:} field of the Packages list), and the debtags vocabulary's descriptions. Run by
 * scripts/fetch-debtags-corpus.sh, which fetches the lists; this class parses them and writes a fixed
 * seeded sample.
 */
final class DebtagsCorpus {
  /** Facets about how a package is built or shipped, which its description cannot tell. */
  static final Set<String> EXCLUDED_FACETS =
      Set.of("role", "interface", "implemented-in", "scope", "uitoolkit", "suite", "special");
  /** The sample's seed; the corpus is the same on every machine for the same lists. */
  static final long SEED = 7;

  /** A package: its name, its description (short line, then the long text) and its text-derived debtags. */
  record Item(String name, String description, List<String> tags) {}

  private DebtagsCorpus() {}

  /** Splits a Debian control-style file (Packages, Translation-en, the debtags vocabulary) into its stanzas' fields. */
  static List<Map<String, String>> stanzas(String text) {
    List<Map<String, String>> out = new ArrayList<>();
    Map<String, String> current = new LinkedHashMap<>();
    String field = null;
    for (String line : text.split("\n", -1)) {
      if (line.isBlank()) {
        if (!current.isEmpty()) {
          out.add(current);
          current = new LinkedHashMap<>();
        }
        field = null;
      } else if ((line.startsWith(" ") || line.startsWith("\t")) && field != null) {
        current.merge(field, "\n" + line.substring(1), String::concat);
      } else {
        int colon = line.indexOf(':');
        if (colon > 0) {
          field = line.substring(0, colon);
          current.put(field, line.substring(colon + 1).strip());
        }
      }
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  /**
   * Returns the packages that have a long description and at least one tag a text can tell, by name:
   * descriptions joined from Translation-en by their md5, tags from the facets not in {@link #EXCLUDED_FACETS}.
   */
  static List<Item> items(String packages, String translations) {
    Map<String, String> byMd5 = new HashMap<>();
    for (Map<String, String> s : stanzas(translations)) {
      if (s.containsKey("Description-md5") && s.containsKey("Description-en")) {
        byMd5.put(s.get("Description-md5"), plain(s.get("Description-en")));
      }
    }
    Map<String, Item> items = new TreeMap<>();
    for (Map<String, String> s : stanzas(packages)) {
      String name = s.get("Package");
      String description = byMd5.get(s.get("Description-md5"));
      List<String> tags = textTags(s.getOrDefault("Tag", ""));
      if (name != null && description != null && !tags.isEmpty()) {
        items.putIfAbsent(name, new Item(name, description, tags));
      }
    }
    return new ArrayList<>(items.values());
  }

  /** Returns the tags of a {@code Tag:} field that a text can tell, in field order. */
  static List<String> textTags(String field) {
    List<String> tags = new ArrayList<>();
    for (String t : field.split("[,\\s]+")) {
      int facet = t.indexOf("::");
      if (facet > 0 && !EXCLUDED_FACETS.contains(t.substring(0, facet)) && !t.endsWith("TODO")) {
        tags.add(t);
      }
    }
    return tags;
  }

  /** Returns a tag as a user writes it: without its facet ({@code field::biology:bioinformatics} is {@code biology:bioinformatics}). */
  static String bare(String tag) {
    int facet = tag.indexOf("::");
    return facet < 0 ? tag : tag.substring(facet + 2);
  }

  /** Returns each tag of the debtags vocabulary with its description (the short line, then the long text). */
  static Map<String, String> vocabulary(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, String> s : stanzas(text)) {
      if (s.containsKey("Tag") && s.containsKey("Description")) {
        out.put(s.get("Tag"), plain(s.get("Description")));
      }
    }
    return out;
  }

  /** Joins a Debian description's lines into one line: the short line ends with a full stop, "." paragraph lines drop. */
  static String plain(String description) {
    String[] lines = description.split("\n");
    StringBuilder sb = new StringBuilder(lines[0].strip());
    if (lines.length > 1 && !sb.toString().endsWith(".")) {
      sb.append('.');
    }
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.equals(".")) {
        sb.append(' ').append(line);
      }
    }
    return sb.toString().replaceAll("\\s+", " ").strip();
  }

  /** Returns {@code size} items drawn with {@link #SEED}, in drawn order (the evaluation splits it in halves). */
  static List<Item> sample(List<Item> items, int size) {
    List<Item> shuffled = new ArrayList<>(items);
    Collections.shuffle(shuffled, new Random(SEED));
    return List.copyOf(shuffled.subList(0, Math.min(size, shuffled.size())));
  }

  /** Writes items as TSV lines: package, description, tags joined by commas. */
  static String tsv(List<Item> items) {
    StringBuilder sb = new StringBuilder();
    for (Item i : items) {
      sb.append(i.name()).append('\t').append(i.description().replace('\t', ' ')).append('\t')
          .append(String.join(",", i.tags())).append('\n');
    }
    return sb.toString();
  }

  /** Reads the TSV {@link #tsv} writes. */
  static List<Item> readTsv(String text) {
    List<Item> items = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        String[] f = line.split("\t", -1);
        if (f.length != 3) {
          throw new IllegalArgumentException("corpus line is not package<TAB>description<TAB>tags: " + line);
        }
        items.add(new Item(f[0], f[1], List.of(f[2].split(","))));
      }
    }
    return items;
  }

  /** Args: Packages file, Translation-en file, output folder, sample size; writes corpus.tsv there. */
  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: DebtagsCorpus PACKAGES TRANSLATION-EN OUT-DIR SIZE");
    }
    List<Item> all =
        items(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8), Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
    List<Item> sample = sample(all, Integer.parseInt(args[3]));
    Path out = Path.of(args[2]).resolve("corpus.tsv");
    Files.writeString(out, tsv(sample), StandardCharsets.UTF_8);
    System.out.println(all.size() + " tagged packages with descriptions; wrote " + sample.size() + " to " + out);
  }
}
