package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Key phrases from each source's text (the document, OCR, a transcript) with RAKE, Chinese text first
 * split into words by Lucene's segmenter: runs of up to three content words between stop words
 * and punctuation, each word scored degree/frequency, a phrase the sum of its words. Deterministic;
 * the best phrase scores {@link #MAX_SCORE}, the others in proportion. Metadata clues (a video's
 * codecs and size) are facts, not prose, and give no phrases.
 */
final class KeyPhraseTagger implements Tagger {
  /** Name recorded on key-phrase tags. */
  static final String MODEL = "keyphrase";
  /** Most key phrases per file. */
  static final int TOP_K = 5;
  /** Score of the best phrase; kept below typical model scores since RAKE has no notion of confidence. */
  static final double MAX_SCORE = 0.6;

  private static final int MAX_WORDS = 3;
  private static final int LONG_TEXT_WORDS = 300;
  private static final Pattern SENTENCE_BREAK = Pattern.compile("[[\\p{P}\\p{S}\\d\\n\\r\\t]&&[^'’\\-]]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*\\p{L}");
  private static final Set<String> STOPWORDS = loadStopwords();
  // Chinese phrases are written without the spaces that join their words here.
  private static final Pattern BETWEEN_HAN = Pattern.compile("(?<=\\p{IsHan}) (?=\\p{IsHan})");

  @Override
  public List<Tag> tag(Extraction e) {
    List<Tag> tags = new ArrayList<>();
    for (TagSource source : TagSource.values()) {
      String text = e.text(source);
      // Metadata facts (a video's codec and size) are not phrases of the content.
      if (source != TagSource.META && !text.isBlank()) {
        tags.addAll(tag(source, text, "zh".equals(e.language())));
      }
    }
    return tags;
  }

  private static List<Tag> tag(TagSource source, String text, boolean chinese) {
    List<List<String>> phrases = candidates(text, chinese);
    Map<String, Integer> freq = new HashMap<>();
    Map<String, Integer> degree = new HashMap<>();
    int words = 0;
    for (List<String> p : phrases) {
      for (String w : p) {
        freq.merge(w, 1, Integer::sum);
        degree.merge(w, p.size(), Integer::sum);
        words++;
      }
    }
    Map<String, double[]> phraseScores = new HashMap<>();
    for (List<String> p : phrases) {
      double score = 0;
      for (String w : p) {
        score += (double) degree.get(w) / freq.get(w);
      }
      double[] s = phraseScores.computeIfAbsent(String.join(" ", p), k -> new double[2]);
      s[0] = score;
      s[1]++;
    }
    // In a long text, a phrase seen once is more likely noise than a topic.
    int minCount = words > LONG_TEXT_WORDS ? 2 : 1;
    List<Map.Entry<String, double[]>> ranked = new ArrayList<>();
    for (Map.Entry<String, double[]> en : phraseScores.entrySet()) {
      boolean single = en.getKey().indexOf(' ') < 0;
      if (en.getValue()[1] >= minCount && !(single && en.getKey().length() < 4)) {
        ranked.add(en);
      }
    }
    ranked.sort(
        (a, b) -> {
          int c = Double.compare(b.getValue()[0] * b.getValue()[1], a.getValue()[0] * a.getValue()[1]);
          return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
    List<Tag> tags = new ArrayList<>();
    double best = ranked.isEmpty() ? 0 : ranked.get(0).getValue()[0] * ranked.get(0).getValue()[1];
    Set<String> chosen = new HashSet<>();
    for (Map.Entry<String, double[]> en : ranked) {
      if (tags.size() == TOP_K) {
        break;
      }
      if (overlaps(en.getKey(), chosen)) {
        continue;
      }
      chosen.add(en.getKey());
      double score = MAX_SCORE * en.getValue()[0] * en.getValue()[1] / best;
      tags.add(new Tag(BETWEEN_HAN.matcher(en.getKey()).replaceAll(""), Math.round(score * 10_000) / 10_000.0, source, MODEL));
    }
    return tags;
  }

  private static List<List<String>> candidates(String text, boolean chinese) {
    List<List<String>> phrases = new ArrayList<>();
    for (String fragment : SENTENCE_BREAK.split(text.toLowerCase(Locale.ROOT))) {
      List<String> run = new ArrayList<>();
      for (String token : chinese ? chineseWords(fragment) : List.of(SPACES.split(fragment.strip()))) {
        if (WORD.matcher(token).matches() && !STOPWORDS.contains(token)) {
          run.add(token);
        } else {
          addRun(run, phrases);
          run = new ArrayList<>();
        }
      }
      addRun(run, phrases);
    }
    return phrases;
  }

  /** Splits Chinese text, which has no spaces, into words with Lucene's dictionary-based segmenter. */
  private static List<String> chineseWords(String fragment) {
    List<String> words = new ArrayList<>();
    try (Tokenizer tokenizer = new HMMChineseTokenizer()) {
      CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
      tokenizer.setReader(new StringReader(fragment));
      tokenizer.reset();
      while (tokenizer.incrementToken()) {
        words.add(term.toString());
      }
      tokenizer.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return words;
  }

  private static void addRun(List<String> run, List<List<String>> phrases) {
    // Longer runs are mostly lists and headings, not phrases.
    if (!run.isEmpty() && run.size() <= MAX_WORDS) {
      phrases.add(run);
    }
  }

  private static boolean overlaps(String phrase, Set<String> chosen) {
    String padded = " " + phrase + " ";
    for (String c : chosen) {
      if (padded.contains(" " + c + " ") || (" " + c + " ").contains(padded)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> loadStopwords() {
    try (InputStream in = KeyPhraseTagger.class.getResourceAsStream("stopwords.txt")) {
      if (in == null) {
        throw new IllegalStateException("the stop word resource is missing");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Set<String> words = new HashSet<>();
      Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).forEach(words::add);
      return Set.copyOf(words);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
