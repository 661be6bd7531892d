package io.graphdrive.tagging;

/**
 * Tells the language family of a text by its script: {@code zh} when Han characters make up at least
 * a fifth of its letters, {@code en} for other texts with letters, {@code null} for none. The text
 * models here are English or Chinese, so the script is what picks the model.
 */
final class Language {
  /** Share of Han characters among letters from which a text counts as Chinese. */
  static final double MIN_HAN_SHARE = 0.2;
  private static final int SAMPLE_CHARS = 20_000;

  private Language() {}

  /** Returns {@code zh}, {@code en} or null for a text without letters. */
  static String detect(String text) {
    int letters = 0;
    int han = 0;
    int end = Math.min(text.length(), SAMPLE_CHARS);
    for (int i = 0; i < end; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp)) {
        letters++;
        if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
          han++;
        }
      }
    }
    if (letters == 0) {
      return null;
    }
    return han >= MIN_HAN_SHARE * letters ? "zh" : "en";
  }
}
