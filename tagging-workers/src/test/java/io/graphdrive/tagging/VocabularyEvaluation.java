package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Measures the vocabulary tagger on the Debian debtags corpus ({@link DebtagsCorpus}): for each English text
 * model and each way of writing the vocabulary (bare names, bare names as written, described tags), chooses
 * the bars on the first half of the sample (dev), among those that pass VocabularyTaggerTest's samples, and reports precision@3, recall@5 and coverage on the second
 * half (test). Run after scripts/fetch-debtags-corpus.sh: {@code scripts/test-main.sh
 * io.graphdrive.tagging.VocabularyEvaluation [CORPUS-DIR]}.
 */
final class VocabularyEvaluation {
  /** BAAI bge-small-en-v1.5 (first-token pooling), as a plain sentence model. */
  static final TextEmbedder.Spec BGE_SMALL_EN =
      new TextEmbedder.Spec("bge-small-en-v1.5", "/bge-small-en-v1.5-q.onnx", "/bge-small-en-v1.5-q-tokenizer.json", 384, true, "", "");
  /** intfloat e5-small-v2 (mean pooling), with the query and passage prefixes it was trained with. */
  static final TextEmbedder.Spec E5_SMALL =
      new TextEmbedder.Spec("e5-small-v2", "/e5-small-v2-q.onnx", "/e5-small-v2-q-tokenizer.json", 384, false, "query: ", "passage: ");
  /** bge-small-en-v1.5 with the instruction it was trained to put before short retrieval queries. */
  static final TextEmbedder.Spec BGE_SMALL_EN_INSTRUCTED =
      new TextEmbedder.Spec(BGE_SMALL_EN.name(), BGE_SMALL_EN.modelResource(), BGE_SMALL_EN.tokenizerResource(), 384, true,
          "Represent this sentence for searching relevant passages: ", "");

  /** A file's vocabulary scores, best first, with what the bars need and its true tags. */
  record Ranked(List<VocabularyTagger.Scored> scores, List<VocabularyTagger.Scored> sorted, double mean, double sd, Set<String> gold) {}

  /** Precision@3 over the files given a tag, recall@5 over all files, and the share of files given a tag. */
  record Metrics(double precision3, double recall5, double coverage) {
    double f1() {
      return precision3 + recall5 == 0 ? 0 : 2 * precision3 * recall5 / (precision3 + recall5);
    }
  }

  /** Bars and the most tags kept, as chosen on dev. */
  record Choice(VocabularyTagger.Bars bars, int topK) {}

  private VocabularyEvaluation() {}

  /** Computes the metrics of the kept tags of each file against its true tags. */
  static Metrics metrics(List<List<String>> kept, List<Set<String>> gold) {
    double precision = 0;
    double recall = 0;
    int covered = 0;
    for (int i = 0; i < kept.size(); i++) {
      List<String> k = kept.get(i);
      if (k.isEmpty()) {
        continue;
      }
      covered++;
      List<String> top3 = k.subList(0, Math.min(3, k.size()));
      precision += (double) top3.stream().filter(gold.get(i)::contains).count() / top3.size();
      recall += (double) k.subList(0, Math.min(5, k.size())).stream().filter(gold.get(i)::contains).count() / gold.get(i).size();
    }
    return new Metrics(covered == 0 ? 0 : precision / covered, recall / kept.size(), (double) covered / kept.size());
  }

  /** Returns the kept tags of each file under bars, by {@link VocabularyTagger#keep}. */
  static List<List<String>> kept(List<Ranked> files, Choice c) {
    List<List<String>> out = new ArrayList<>();
    for (Ranked r : files) {
      out.add(VocabularyTagger.keep(r.scores(), c.bars(), c.topK()).stream().map(VocabularyTagger.Scored::name).toList());
    }
    return out;
  }

  /**
   * Returns the bars with the best mean F1 of precision@3 and recall@5 over the vocabularies' dev files,
   * among those that give every must text its tag and every nonsense text none (both with the default vocabulary) (a grid; the same rule as
   * keep, on sorted scores); null when none does.
   */
  static Choice choose(List<List<Ranked>> vocabularies, List<Ranked> must, List<Ranked> nonsense) {
    Choice best = null;
    double bestF1 = -1;
    double[] zs = {0, 1, 1.5, 2, 2.5, 3, 3.4, 3.5, 4, 5};
    for (int topK : new int[] {3, 5}) {
      for (double z : zs) {
        for (int s = 10; s <= 95; s += 1) {
          for (int b = s; b <= 95; b += 1) {
            double minScore = s / 100.0;
            double minBest = b / 100.0;
            Choice c = new Choice(new VocabularyTagger.Bars(minScore, minBest, z), topK);
            if (nonsense.stream().anyMatch(r -> !quickKeep(r, c).isEmpty())
                || must.stream().anyMatch(r -> !quickKeep(r, c).containsAll(r.gold()))) {
              continue;
            }
            double f1 = 0;
            for (List<Ranked> files : vocabularies) {
              List<List<String>> kept = new ArrayList<>(files.size());
              for (Ranked r : files) {
                kept.add(quickKeep(r, c));
              }
              f1 += metrics(kept, files.stream().map(Ranked::gold).toList()).f1() / vocabularies.size();
            }
            if (f1 > bestF1) {
              bestF1 = f1;
              best = c;
            }
          }
        }
      }
    }
    return best;
  }

  /** Returns what {@link VocabularyTagger#keep} keeps, from the sorted scores (fast enough for a grid). */
  private static List<String> quickKeep(Ranked r, Choice c) {
    List<String> k = new ArrayList<>();
    if (r.sorted().get(0).score() >= c.bars().minBest()) {
      double bar = Math.max(c.bars().minScore(), r.mean() + c.bars().minZ() * r.sd());
      for (VocabularyTagger.Scored t : r.sorted()) {
        if (k.size() == c.topK() || t.score() < bar) {
          break;
        }
        k.add(t.name());
      }
    }
    return k;
  }

  /** Returns the precision@3 of the ranking alone (no bars; three answers for every file). */
  static double rankPrecision(List<Ranked> files) {
    double p = 0;
    for (Ranked r : files) {
      p += r.sorted().subList(0, 3).stream().filter(t -> r.gold().contains(t.name())).count() / 3.0;
    }
    return p / files.size();
  }

  private static void row(String model, String vocabulary, Choice c, List<Ranked> dev, List<Ranked> test, String times) {
    if (c == null) {
      System.out.printf(Locale.ROOT, "| %s | %s | %.3f | no bars pass the samples | | | | | %s |%n", model, vocabulary, rankPrecision(test), times);
      return;
    }
    Metrics d = metrics(kept(dev, c), dev.stream().map(Ranked::gold).toList());
    Metrics m = metrics(kept(test, c), test.stream().map(Ranked::gold).toList());
    System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.2f | %.3f | %.2f, %.2f, %.1f, %d | %s |%n",
        model, vocabulary, rankPrecision(test), m.precision3(), m.recall5(), m.coverage(), d.f1(),
        c.bars().minScore(), c.bars().minBest(), c.bars().minZ(), c.topK(), times);
  }

  private static List<Ranked> nonsense(VocabularyIndex index, TextEmbedder embedder) {
    return VocabularyTaggerTest.NONSENSE.stream().map(t -> rank(index, embedder.embedWindows(t), Set.of())).toList();
  }

  private static Ranked rank(VocabularyIndex index, List<float[]> windows, Set<String> gold) {
    List<VocabularyTagger.Scored> scores = VocabularyTagger.scores(index, windows);
    List<VocabularyTagger.Scored> sorted = new ArrayList<>(scores);
    sorted.sort(Comparator.comparingDouble(VocabularyTagger.Scored::score).reversed().thenComparing(VocabularyTagger.Scored::name));
    double mean = scores.stream().mapToDouble(VocabularyTagger.Scored::score).average().orElse(0);
    double variance = scores.stream().mapToDouble(t -> (t.score() - mean) * (t.score() - mean)).average().orElse(0);
    return new Ranked(scores, sorted, mean, Math.sqrt(variance), gold);
  }

  /** Args: the corpus folder (default target/debtags-corpus). Prints a Markdown table. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/debtags-corpus");
    List<DebtagsCorpus.Item> items = DebtagsCorpus.readTsv(Files.readString(dir.resolve("corpus.tsv"), StandardCharsets.UTF_8));
    Map<String, String> described = DebtagsCorpus.vocabulary(Files.readString(dir.resolve("vocabulary"), StandardCharsets.UTF_8));
    // The vocabulary: every tag that occurs, as a user writes it; a bare name two facets share is one tag.
    Map<String, String> descriptions = new TreeMap<>();
    List<Set<String>> gold = new ArrayList<>();
    for (DebtagsCorpus.Item item : items) {
      Set<String> g = new HashSet<>();
      for (String t : item.tags()) {
        String name = Tag.normalizeName(DebtagsCorpus.bare(t));
        g.add(name);
        descriptions.merge(name, described.getOrDefault(t, ""), (a, b) -> a.isEmpty() ? b : a);
      }
      gold.add(g);
    }
    StringBuilder bare = new StringBuilder();
    StringBuilder withDescriptions = new StringBuilder();
    StringBuilder withShort = new StringBuilder();
    long undescribed = descriptions.values().stream().filter(String::isEmpty).count();
    descriptions.forEach((name, d) -> {
      bare.append(name).append('\n');
      withDescriptions.append(name).append(d.isEmpty() ? "" : "\t" + d).append('\n');
      withShort.append(name).append(d.isEmpty() ? "" : "\t" + d.split("\\. ", 2)[0]).append('\n');
    });
    Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
    vocabularies.put("bare", Vocabulary.parse(bare.toString()));
    vocabularies.put("bare, as written", Vocabulary.parse(bare.toString()));
    vocabularies.put("described (short line)", Vocabulary.parse(withShort.toString()));
    vocabularies.put("described (full)", Vocabulary.parse(withDescriptions.toString()));
    int half = items.size() / 2;
    System.out.printf(Locale.ROOT, "%d packages (dev %d, test %d), %d vocabulary tags (%d without a debtags description)%n%n",
        items.size(), half, items.size() - half, descriptions.size(), undescribed);

    // Baseline: always answer the tags most common on dev.
    Map<String, Integer> counts = new HashMap<>();
    gold.subList(0, half).forEach(g -> g.forEach(t -> counts.merge(t, 1, Integer::sum)));
    List<String> common = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).limit(5).toList();
    List<List<String>> always = new ArrayList<>();
    for (int i = half; i < items.size(); i++) {
      always.add(common);
    }
    Metrics base = metrics(always, gold.subList(half, items.size()));
    System.out.printf(Locale.ROOT, "baseline, always %s: precision@3 %.3f, recall@5 %.3f, coverage %.2f%n%n",
        common, base.precision3(), base.recall5(), base.coverage());

    System.out.println("| model | vocabulary | rank P@3 | P@3 | R@5 | coverage | dev F1 | bars (minScore, minBest, minZ, topK) | embed ms/file | match ms/file |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    List<String> today = new ArrayList<>();
    // The passages' windows per model file: the instructed bge differs only in its query prefix.
    Map<String, List<List<float[]>>> passages = new HashMap<>();
    Map<String, Double> embedTimes = new HashMap<>();
    for (TextEmbedder.Spec spec : List.of(TextEmbedder.MINILM, BGE_SMALL_EN, BGE_SMALL_EN_INSTRUCTED, E5_SMALL)) {
      try (TextEmbedder embedder = TextEmbedder.load(spec)) {
        String label = spec.name() + (spec.queryPrefix().isEmpty() ? "" : " (\"" + spec.queryPrefix().strip() + "\")");
        if (!passages.containsKey(spec.modelResource())) {
          List<List<float[]>> w = new ArrayList<>();
          long start = System.nanoTime();
          for (DebtagsCorpus.Item item : items) {
            w.add(embedder.embedWindows(item.description()));
          }
          embedTimes.put(spec.modelResource(), (System.nanoTime() - start) / 1e6 / items.size());
          passages.put(spec.modelResource(), w);
        }
        List<List<float[]>> windows = passages.get(spec.modelResource());
        double embedMs = embedTimes.get(spec.modelResource());
        Map<String, List<Ranked>> devs = new LinkedHashMap<>();
        Map<String, List<Ranked>> tests = new LinkedHashMap<>();
        // The calibration samples of VocabularyTaggerTest: with the default vocabulary, the bars must keep each
        // fitting text's tag and give the nonsense texts none.
        VocabularyIndex defaults = VocabularyIndex.build(Vocabulary.parse(Vocabulary.defaultText()), embedder);
        List<Ranked> must = VocabularyTaggerTest.FITTING.entrySet().stream()
            .map(f -> rank(defaults, embedder.embedWindows(f.getKey()), Set.of(f.getValue()))).toList();
        List<Ranked> nonsense = nonsense(defaults, embedder);
        for (Map.Entry<String, Vocabulary> v : vocabularies.entrySet()) {
          UnaryOperator<String> nameText = v.getKey().equals("bare, as written") ? UnaryOperator.identity() : Vocabulary::words;
          VocabularyIndex index = VocabularyIndex.build(v.getValue(), embedder, nameText);
          List<Ranked> ranked = new ArrayList<>();
          long matchStart = System.nanoTime();
          for (int i = 0; i < items.size(); i++) {
            ranked.add(rank(index, windows.get(i), gold.get(i)));
          }
          double matchMs = (System.nanoTime() - matchStart) / 1e6 / items.size();
          devs.put(v.getKey(), ranked.subList(0, half));
          tests.put(v.getKey(), ranked.subList(half, ranked.size()));
          Choice c = choose(List.of(devs.get(v.getKey())), must, nonsense);
          row(label, v.getKey(), c, devs.get(v.getKey()), tests.get(v.getKey()), String.format(Locale.ROOT, "%.1f | %.2f", embedMs, matchMs));
          if (spec.equals(TextEmbedder.MINILM)) {
            Choice now = new Choice(VocabularyTagger.Bars.of(spec.name()), VocabularyTagger.TOP_K);
            Metrics d = metrics(kept(devs.get(v.getKey()), now), devs.get(v.getKey()).stream().map(Ranked::gold).toList());
            Metrics m = metrics(kept(tests.get(v.getKey()), now), tests.get(v.getKey()).stream().map(Ranked::gold).toList());
            today.add(String.format(Locale.ROOT, "%s, %s: dev F1 %.3f; test precision@3 %.3f, recall@5 %.3f, coverage %.2f",
                spec.name(), v.getKey(), d.f1(), m.precision3(), m.recall5(), m.coverage()));
          }
        }
        // One set of bars serves every vocabulary a model meets: chosen on users' bare words and on described tags at once.
        List<String> joint = List.of("bare", "described (full)");
        Choice c = choose(joint.stream().map(devs::get).toList(), must, nonsense);
        for (String form : joint) {
          row(label, form + ", joint bars", c, devs.get(form), tests.get(form), " | ");
        }
      }
    }
    System.out.println();
    System.out.println("With the bars in VocabularyTagger today (" + VocabularyTagger.Bars.of(TextEmbedder.MINILM.name()) + ", top "
        + VocabularyTagger.TOP_K + "):");
    today.forEach(System.out::println);
  }
}
