package io.graphdrive.tagging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Measures how well Chinese texts find their tags in the (English) default vocabulary: hit@1 and hit@3
 * of the vocabulary ranking, by each text model. Run: {@code mvn -q -pl tagging-workers test-compile
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.graphdrive.tagging.ChineseTaggingBenchmark}.
 */
final class ChineseTaggingBenchmark {
  /** A labelled sample: a text and the tags that fit it. */
  record Sample(String text, Set<String> expected) {}

  /** Reads the labelled Chinese samples from the test resources. */
  static List<Sample> samples() throws IOException {
    try (InputStream in = ChineseTaggingBenchmark.class.getResourceAsStream("chinese-samples.tsv")) {
      List<Sample> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] cols = line.split("\t");
          out.add(new Sample(cols[0], Set.of(cols[1].split(","))));
        }
      }
      return out;
    }
  }

  /** Returns the share of samples with an expected tag among the model's top k vocabulary tags. */
  static double hitAt(int k, TextEmbedder embedder, List<Sample> samples) {
    VocabularyIndex index = Models.index(Vocabulary.parse(Vocabulary.defaultText()), embedder);
    int hits = 0;
    for (Sample s : samples) {
      List<VocabularyTagger.Scored> ranked = new ArrayList<>(VocabularyTagger.scores(index, embedder.embedWindows(s.text())));
      ranked.sort(Comparator.comparingDouble(VocabularyTagger.Scored::score).reversed());
      if (ranked.subList(0, k).stream().anyMatch(t -> s.expected().contains(t.name()))) {
        hits++;
      }
    }
    return (double) hits / samples.size();
  }

  /** Returns {coverage, precision}: the share of samples given any tag, and the share of given tags that fit. */
  static double[] tagged(List<Sample> samples) {
    Vocabulary vocabulary = Vocabulary.parse(Vocabulary.defaultText());
    VocabularyTagger tagger = new VocabularyTagger(language -> Models.index(vocabulary, Models.embedder(language)));
    ClueEmbedder embedder = new ClueEmbedder(Models::embedder);
    int covered = 0;
    int given = 0;
    int right = 0;
    for (Sample s : samples) {
      Extraction e = embedder.embed(
          Extraction.ofText("/zh.txt", "text/plain", new org.apache.tika.metadata.Metadata(), s.text(), "", 0, null));
      List<String> tags = tagger.tag(e).stream().map(io.graphdrive.common.Tag::name).toList();
      covered += tags.isEmpty() ? 0 : 1;
      given += tags.size();
      right += (int) tags.stream().filter(s.expected()::contains).count();
    }
    return new double[] {(double) covered / samples.size(), given == 0 ? 0 : (double) right / given};
  }

  public static void main(String[] args) throws IOException {
    List<Sample> samples = samples();
    for (TextEmbedder.Spec spec : Arrays.asList(TextEmbedder.MINILM, TextEmbedder.BGE_SMALL_ZH)) {
      TextEmbedder embedder = TextEmbedder.load(spec);
      System.out.printf(Locale.ROOT, "%-20s hit@1 %.2f  hit@3 %.2f  (%d samples)%n", spec.name(),
          hitAt(1, embedder, samples), hitAt(3, embedder, samples), samples.size());
    }
    double[] t = tagged(samples);
    System.out.printf(Locale.ROOT, "tagger as shipped (Chinese model, default thresholds): coverage %.2f  precision %.2f%n",
        t[0], t[1]);
  }
}
