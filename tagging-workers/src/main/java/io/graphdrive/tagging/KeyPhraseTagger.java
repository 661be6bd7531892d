package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Key phrases of each source's text (the document, OCR, a transcript), chosen as KeyBERT does:
 * candidate phrases ({@link NounPhrases} for English; for Chinese, runs of up to three words from
 * Lucene's segmenter) are embedded with the file's text model, scored by their cosine to the text's
 * embedding, and picked by maximal marginal relevance so that the few kept say different things. Only
 * a shortlist of the candidates is embedded: those whose words, as the model saw them in the text
 * ({@link WordStates}), lie closest to the text.
 * Source code gives phrases from its comments and docstrings only. Metadata clues (a video's codecs
 * and size) are facts, not prose, and give no phrases.
 */
final class KeyPhraseTagger implements Tagger {
  /** Name recorded on key-phrase tags. */
  static final String MODEL = "keyphrase-mmr";
  /** Most key phrases per source. */
  static final int TOP_K = 5;
  /**
   * Weight of relevance against redundancy in MMR, KeyBERT's default (diversity 0.5). With MiniLM a
   * phrase and its near duplicate ("teach dog", "classes teach dog") have a cosine near 0.85 and
   * relevances within 0.1 of each other; an even weighting is what lets a different, somewhat less
   * relevant phrase win over the duplicate (at 0.7 the duplicate still won in our tests).
   */
  static final double LAMBDA = 0.5;
  /** Least cosine between a phrase and its text for the phrase to be a tag. */
  static final double MIN_SCORE = 0.3;
  /** Most candidates considered per text, the most frequent first; bounds the cost on long documents. */
  static final int MAX_CANDIDATES = 64;
  /** Candidates embedded on their own per text, the closest to it in context first (BENCHMARKS.md has the measure). */
  static final int SHORTLIST = 16;
  /**
   * Characters of a text searched for candidates, about 3,000 words: a long document's topics show in
   * its first pages, and part-of-speech tagging costs about 0.1 ms a word.
   */
  static final int MAX_PROSE_CHARS = 20_000;

  private static final Pattern CHINESE_BREAK = Pattern.compile("[[\\p{P}\\p{S}\\d\\n\\r\\t]&&[^'’\\-]]+");
  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*\\p{L}");
  // Chinese phrases are written without the spaces that join their words here.
  private static final Pattern BETWEEN_HAN = Pattern.compile("(?<=\\p{IsHan}) (?=\\p{IsHan})");
  // Other names of a format than the one KindTagger gives, which a file's text uses for itself.
  private static final Map<String, List<String>> FORMAT_ALIASES =
      Map.of(
          "markdown", List.of("md"),
          "html", List.of("htm", "xhtml", "webpage"),
          "javascript", List.of("js"),
          "python", List.of("py"),
          "plain text", List.of("txt"),
          "jpeg", List.of("jpg"),
          "shell", List.of("sh", "bash"));

  private final int shortlist;

  /** Makes the tagger that embeds {@link #SHORTLIST} candidates per text. */
  KeyPhraseTagger() {
    this(SHORTLIST);
  }

  /** Makes a tagger that embeds the given number of candidates per text; for measuring the shortlist. */
  KeyPhraseTagger(int shortlist) {
    this.shortlist = shortlist;
  }

  @Override
  public List<Tag> tag(Extraction e) {
    boolean chinese = "zh".equals(e.language());
    TextEmbedder embedder = Models.embedder(e.language());
    boolean code = SourceComments.isCode(e.mime());
    List<Tag> tags = new ArrayList<>();
    for (TagSource source : TagSource.values()) {
      String text = e.text(source);
      // Metadata facts (a video's codec and size) are not phrases of the content.
      if (source == TagSource.META || text.isBlank()) {
        continue;
      }
      boolean comments = code && source == TagSource.TEXT;
      String prose = comments ? SourceComments.of(e.mime(), text) : text;
      String searched = prose.length() > MAX_PROSE_CHARS ? prose.substring(0, MAX_PROSE_CHARS) : prose;
      Map<String, Integer> candidates =
          chinese ? chinesePhrases(searched) : Models.nounPhrases().find(searched, formatWords(e.mime()));
      if (candidates.isEmpty()) {
        continue;
      }
      // The clues' windows embed the whole text; of source code, only the comments say what it is about.
      List<TextEmbedder.Passage> passages = comments ? List.of(embedder.embedPassage(prose)) : passages(e, source);
      float[] document = Vectors.meanNormalized(passages.stream().flatMap(p -> p.windows().stream()).toList());
      if (document == null) {
        continue;
      }
      WordStates words = WordStates.merge(passages.stream().map(TextEmbedder.Passage::words).toList());
      for (Scored p : choose(mostFrequent(candidates), document, words, embedder, shortlist)) {
        tags.add(new Tag(p.phrase(), Math.round(p.score() * 10_000) / 10_000.0, source, MODEL));
      }
    }
    return tags;
  }

  /** A candidate phrase and its cosine to the text. */
  record Scored(String phrase, double score) {}

  /**
   * Returns up to {@link #TOP_K} phrases by maximal marginal relevance among the {@code shortlist}
   * closest to the document in context that are at least {@link #MIN_SCORE} close to it on their own,
   * in the order chosen.
   */
  static List<Scored> choose(
      List<String> candidates, float[] document, WordStates words, TextEmbedder embedder, int shortlist) {
    List<String> phrases = shortlist(candidates, document, words, shortlist);
    List<float[]> vectors = embedder.embedPhrases(phrases);
    List<Integer> open = new ArrayList<>();
    double[] relevance = new double[phrases.size()];
    for (int i = 0; i < phrases.size(); i++) {
      relevance[i] = Vectors.dot(vectors.get(i), document);
      if (relevance[i] >= MIN_SCORE) {
        open.add(i);
      }
    }
    List<Integer> chosen = new ArrayList<>();
    while (chosen.size() < TOP_K && !open.isEmpty()) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int i : open) {
        double redundancy = 0;
        for (int c : chosen) {
          redundancy = Math.max(redundancy, Vectors.dot(vectors.get(i), vectors.get(c)));
        }
        double value = LAMBDA * relevance[i] - (1 - LAMBDA) * redundancy;
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      }
      chosen.add(best);
      open.remove(Integer.valueOf(best));
    }
    return chosen.stream().map(i -> new Scored(phrases.get(i), Math.min(1, relevance[i]))).toList();
  }

  /**
   * Returns the {@code size} candidates whose vectors in context are closest to the document, in that order;
   * a candidate none of whose words the model saw (in a window a long text's sampling skipped) comes last.
   */
  private static List<String> shortlist(List<String> candidates, float[] document, WordStates words, int size) {
    if (candidates.size() <= size) {
      return candidates;
    }
    Map<String, Double> closeness = new HashMap<>();
    for (String c : candidates) {
      float[] v = words.phrase(c);
      closeness.put(c, v == null ? Double.NEGATIVE_INFINITY : Vectors.dot(v, document));
    }
    return candidates.stream()
        .sorted(Comparator.comparingDouble(closeness::get).reversed())
        .limit(size)
        .toList();
  }

  /** Returns at most {@link #MAX_CANDIDATES} phrases, the most frequent first, earlier ones first among equals. */
  private static List<String> mostFrequent(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(MAX_CANDIDATES)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Returns the embedded clues of one source as passages. */
  private static List<TextEmbedder.Passage> passages(Extraction e, TagSource source) {
    return e.clues().stream()
        .filter(c -> c.source() == source && c.words() != null)
        .map(c -> new TextEmbedder.Passage(c.windows(), c.words()))
        .toList();
  }

  /** Returns the words a file's text uses for its own format (pdf, html, python, …), which are never tags of it. */
  static Set<String> formatWords(String mime) {
    Set<String> words = new HashSet<>();
    String format = mime == null ? null : KindTagger.format(mime);
    if (format != null) {
      words.addAll(List.of(format.split(" ")));
      words.addAll(FORMAT_ALIASES.getOrDefault(format, List.of()));
    }
    words.remove("text");
    return words;
  }

  /** Returns Chinese phrases, runs of up to three content words between punctuation and stop words, written without spaces. */
  private static Map<String, Integer> chinesePhrases(String text) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String fragment : CHINESE_BREAK.split(text.toLowerCase(Locale.ROOT))) {
      List<String> run = new ArrayList<>();
      for (String token : chineseWords(fragment)) {
        if (WORD.matcher(token).matches() && !NounPhrases.STOPWORDS.contains(token)) {
          run.add(token);
        } else {
          addRun(run, counts);
          run = new ArrayList<>();
        }
      }
      addRun(run, counts);
    }
    return counts;
  }

  private static void addRun(List<String> run, Map<String, Integer> counts) {
    // Longer runs are mostly lists and headings, not phrases.
    if (!run.isEmpty() && run.size() <= NounPhrases.MAX_WORDS) {
      counts.merge(BETWEEN_HAN.matcher(String.join(" ", run)).replaceAll(""), 1, Integer::sum);
    }
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
}
