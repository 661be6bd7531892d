package io.graphdrive.index;

import java.util.Map;
import java.util.Set;

/**
 * The one name a tag is stored under, so near duplicates meet on one Tag node: a small table of
 * aliases (photograph, e-mail) and the singular of the head word (the last word: "contact lists" is
 * "contact list"). The names a tag arrived under are kept as the node's aliases.
 */
final class TagNames {
  /** Spellings of one thing that are not plural and singular of each other. */
  private static final Map<String, String> ALIASES = Map.of(
      "photograph", "photo",
      "e-mail", "email",
      "e mail", "email",
      "ebook", "e-book",
      "movie", "film");
  /** Words whose singular ends in -ie, which the -ies rule would get wrong. */
  private static final Set<String> IE_SINGULARS = Set.of(
      "movie", "cookie", "calorie", "zombie", "selfie", "rookie", "genie", "pixie", "smoothie", "brownie", "prairie");
  /** Words ending in s that are no plural, or whose singular means something else. */
  private static final Set<String> NOT_PLURAL = Set.of(
      "news", "series", "species", "diabetes", "glasses", "clothes", "lens", "bus", "gas", "atlas", "canvas",
      "chaos", "bias", "christmas", "kubernetes", "aws", "ios", "macos", "dns", "sms", "gps", "rss", "sales", "arts",
      "sports", "means", "windows", "whereabouts", "headquarters");

  private TagNames() {}

  /** Returns the stored form of a normalised tag name: an alias's target, else the head word made singular. */
  static String canonical(String name) {
    String aliased = ALIASES.get(name);
    if (aliased != null) {
      return aliased;
    }
    int space = name.lastIndexOf(' ');
    String head = name.substring(space + 1);
    String single = singular(head);
    if (single.equals(head)) {
      return name;
    }
    String candidate = name.substring(0, space + 1) + single;
    return ALIASES.getOrDefault(candidate, candidate);
  }

  /** Returns an English word's singular by the regular rules, or the word when it is no regular plural. */
  static String singular(String word) {
    // Names of fields end in -ics (physics, bioinformatics) and are no plurals.
    if (word.length() < 4 || NOT_PLURAL.contains(word) || word.endsWith("ics")
        || !word.chars().allMatch(Character::isLetter)) {
      return word;
    }
    if (word.endsWith("ies")) {
      String ie = word.substring(0, word.length() - 1);
      return IE_SINGULARS.contains(ie) ? ie : word.substring(0, word.length() - 3) + "y";
    }
    if (word.endsWith("sses") || word.endsWith("tches") || word.endsWith("nches") || word.endsWith("rches")
        || word.endsWith("shes") || word.endsWith("xes")) {
      return word.substring(0, word.length() - 2);
    }
    if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }
}
