package io.graphdrive.index;

import io.graphdrive.tagging.Singular;
import java.util.Map;

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

  /** Returns a word's singular; words with other characters than letters (c++, 3dmodels) stay as written. */
  private static String singular(String word) {
    return word.chars().allMatch(Character::isLetter) ? Singular.of(word) : word;
  }
}
