package io.graphdrive.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Full-text search helpers: turns what a user typed into a safe Lucene query (words only, so no user
 * text ever reaches the query parser's syntax) and cuts a short snippet around the first match.
 */
final class FullText {
  /** Most words of a query used; the rest are ignored. */
  static final int MAX_WORDS = 32;
  /** Characters of context kept before the first match in a snippet. */
  static final int BEFORE = 60;
  /** Characters of a snippet, at most. */
  static final int SNIPPET_CHARS = 220;

  private FullText() {}

  /** Returns the query's words: runs of letters and digits, lower case, at most {@link #MAX_WORDS}. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    text.codePoints().forEach(cp -> {
      if (Character.isLetterOrDigit(cp)) {
        word.appendCodePoint(cp);
      } else {
        flush(word, words);
      }
    });
    flush(word, words);
    return words.size() > MAX_WORDS ? List.copyOf(words.subList(0, MAX_WORDS)) : words;
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (!word.isEmpty()) {
      String w = word.toString().toLowerCase(Locale.ROOT);
      if (!words.contains(w)) {
        words.add(w);
      }
      word.setLength(0);
    }
  }

  /**
   * Returns a Lucene query for the words: the exact phrase boosted, or any of the words, so a file with
   * all of them in order ranks first and one with some of them (an OCR slip, a word the recogniser
   * missed) still comes back.
   */
  static String luceneQuery(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("the text has no words to search for");
    }
    String any = String.join(" OR ", words);
    return words.size() == 1 ? any : "\"" + String.join(" ", words) + "\"^4 OR " + any;
  }

  /**
   * Returns {@code snippet} (a short piece of the text around the first match, with "…" where cut) and
   * {@code highlights} (start and end of each matched word in the snippet), or an empty map when the text
   * is null.
   */
  static Map<String, Object> snippet(String text, List<String> words) {
    if (text == null) {
      return Map.of();
    }
    int first = -1;
    for (String w : words) {
      int at = indexOfIgnoreCase(text, w, 0);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    int start = Math.max(0, (first < 0 ? 0 : first) - BEFORE);
    int end = Math.min(text.length(), start + SNIPPET_CHARS);
    start = wordStart(text, start);
    end = wordEnd(text, end);
    String body = text.substring(start, end).replaceAll("\\s+", " ");
    String prefix = start > 0 ? "…" : "";
    String snippet = prefix + body.strip() + (end < text.length() ? "…" : "");
    List<int[]> highlights = new ArrayList<>();
    for (String w : words) {
      for (int at = indexOfIgnoreCase(snippet, w, 0); at >= 0; at = indexOfIgnoreCase(snippet, w, at + w.length())) {
        highlights.add(new int[] {at, at + w.length()});
      }
    }
    highlights.sort((a, b) -> Integer.compare(a[0], b[0]));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("snippet", snippet);
    out.put("highlights", highlights);
    return out;
  }

  private static int indexOfIgnoreCase(String text, String word, int from) {
    for (int i = from; i + word.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, word, 0, word.length())) {
        return i;
      }
    }
    return -1;
  }

  private static int wordStart(String text, int at) {
    // Move forward to the next word boundary so a snippet never starts mid-word (at most 20 characters).
    for (int i = at, limit = Math.min(text.length(), at + 20); at > 0 && i < limit; i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i + 1;
      }
    }
    return at;
  }

  private static int wordEnd(String text, int at) {
    for (int i = at, limit = Math.max(0, at - 20); at < text.length() && i > limit; i--) {
      if (Character.isWhitespace(text.charAt(i - 1))) {
        return i - 1;
      }
    }
    return at;
  }
}
