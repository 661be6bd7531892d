package io.graphdrive.tagging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text model's last-layer states for each word of a passage, averaged over the word's occurrences
 * (plural and singular together). They give a phrase a vector in context without running the model on
 * the phrase (SIFRank's idea), which is how key-phrase candidates are shortlisted before the few best
 * are embedded on their own. Filled while the passage is embedded, then only read.
 */
final class WordStates {
  private final WordPieceTokenizer tokenizer;
  private final Map<String, float[]> sums = new HashMap<>();
  private final Map<String, Integer> counts = new HashMap<>();

  /** Makes empty states for a passage of the model whose tokenizer this is. */
  WordStates(WordPieceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Returns the states of one or more passages of one text model (a file's clues of one source) as one. */
  static WordStates merge(List<WordStates> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    WordStates all = new WordStates(parts.get(0).tokenizer);
    for (WordStates part : parts) {
      part.sums.forEach((word, sum) -> all.add(word, sum, part.counts.get(word)));
    }
    return all;
  }

  /** Adds the states of one model run's pieces: {@code hidden[t]} is the state of piece {@code ids[t]}. */
  void add(int[] ids, float[][] hidden) {
    eachWord(ids, (word, from, to) -> {
      // A word's state is the mean of its pieces'.
      float[] state = new float[hidden[from].length];
      for (int t = from; t < to; t++) {
        for (int d = 0; d < state.length; d++) {
          state[d] += hidden[t][d] / (to - from);
        }
      }
      add(word, state, 1);
    });
  }

  private void add(String word, float[] sum, int count) {
    float[] total = sums.computeIfAbsent(word, k -> new float[sum.length]);
    for (int d = 0; d < total.length; d++) {
      total[d] += sum[d];
    }
    counts.merge(word, count, Integer::sum);
  }

  /**
   * Returns a phrase's vector in this passage, the normalised mean of its words' states, or null when
   * none of its words was seen.
   */
  float[] phrase(String phrase) {
    float[] sum = null;
    for (String word : words(tokenizer.encode(phrase))) {
      float[] total = sums.get(word);
      if (total == null) {
        continue;
      }
      if (sum == null) {
        sum = new float[total.length];
      }
      int count = counts.get(word);
      for (int d = 0; d < sum.length; d++) {
        sum[d] += total[d] / count;
      }
    }
    return sum == null ? null : Vectors.normalize(sum);
  }

  /** Returns the words (as keys) a piece sequence spells. */
  private List<String> words(int[] ids) {
    List<String> words = new ArrayList<>();
    eachWord(ids, (word, from, to) -> words.add(word));
    return words;
  }

  /** A word of a piece sequence: its key and the range of its pieces. */
  private interface WordVisitor {
    void visit(String word, int from, int to);
  }

  /** Visits each word the pieces spell; unknown pieces and pieces continuing no word are no words. */
  private void eachWord(int[] ids, WordVisitor visitor) {
    StringBuilder word = new StringBuilder();
    int start = 0;
    for (int t = 0; t <= ids.length; t++) {
      String piece = t < ids.length && ids[t] != tokenizer.unkId() ? tokenizer.piece(ids[t]) : null;
      if (piece != null && piece.startsWith("##")) {
        if (word.length() > 0) {
          word.append(piece, 2, piece.length());
        }
        continue;
      }
      if (word.length() > 0) {
        visitor.visit(key(word), start, t);
      }
      word.setLength(0);
      if (piece != null) {
        word.append(piece);
        start = t;
      }
    }
  }

  private static String key(CharSequence word) {
    return Singular.of(word.toString());
  }
}
