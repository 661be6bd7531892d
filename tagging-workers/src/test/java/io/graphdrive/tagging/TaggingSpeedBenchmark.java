package io.graphdrive.tagging;

import io.graphdrive.common.Config;
import io.graphdrive.common.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Benchmark, not a test: 1 KB text files per second on this machine's cores, three ways side by side in
 * interleaved rounds: a bare ONNX Runtime loop that embeds each file's text (the text model alone), the whole
 * FileTagger on the same number of threads, and a LOCAL-mode TaggingPool of as many actors. The texts are
 * distinct pieces of the documentation folder of scripts/phrase-corpus.sh, each tagged once, so that phrase
 * vectors are reused only as far as real files repeat their phrases. Run with
 * {@code scripts/phrase-corpus.sh /tmp/phrase-corpus}, then
 * {@code scripts/test-main.sh io.graphdrive.tagging.TaggingSpeedBenchmark [FILES] [ROUNDS]}.
 */
public final class TaggingSpeedBenchmark {
  private static final int THREADS = 2;

  private TaggingSpeedBenchmark() {}

  /** Prints the median files/s of each way, their ratios to the bare loop, and how many phrase vectors were reused. */
  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    // Every text is tagged once: a warm-up set and a measured set each round for each of the two taggers.
    List<String> corpus = PhraseCorpus.kilobyteTexts();
    int sets = 2 + 2 * rounds;
    if (corpus.size() < sets * files) {
      throw new IllegalArgumentException(corpus.size() + " texts of 1 KB in " + PhraseCorpus.FOLDER + " (scripts/phrase-corpus.sh), "
          + sets * files + " needed for " + rounds + " rounds of " + files + " files");
    }
    Path data = Files.createTempDirectory("gd-speed");
    Path drive = Files.createDirectories(data.resolve("drive"));
    List<List<String>> texts = new ArrayList<>();
    List<List<String>> paths = new ArrayList<>();
    for (int set = 0; set < sets; set++) {
      texts.add(corpus.subList(set * files, (set + 1) * files));
      paths.add(new ArrayList<>());
      for (int i = set * files; i < (set + 1) * files; i++) {
        paths.get(set).add("/note-" + i + ".txt");
        Files.writeString(drive.resolve("note-" + i + ".txt"), corpus.get(i));
      }
    }
    Files.writeString(data.resolve("graphdrive.properties"), "workers=" + THREADS + "\n");
    Config config = Config.load(data, Map.of("GRAPHDRIVE_TAGGING_LOCAL_ROOT", drive.toString()));
    Vocabulary vocabulary = Vocabulary.parse(Vocabulary.defaultText());
    FileTagger tagger = FileTagger.standard(Sources.directory(drive), data.resolve("no-models"), () -> vocabulary);
    TextEmbedder model = Models.embedder();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    List<Double> bare = new ArrayList<>();
    List<Double> fileTagger = new ArrayList<>();
    List<Double> pooled = new ArrayList<>();
    TextEmbedder.Reuse before;
    TextEmbedder.Reuse after;
    try (TaggingPool pool = TaggingPool.start(config)) {
      // Warm-up of each way, not counted.
      onThreads(threads, texts.get(0), model::embedDocument);
      onThreads(threads, paths.get(0), tagger::tag);
      RayClusterBenchmark.tagAll(pool, paths.get(1));
      before = model.reuse();
      for (int round = 0; round < rounds; round++) {
        List<String> mine = paths.get(2 + 2 * round);
        List<String> pools = paths.get(3 + 2 * round);
        List<String> both = new ArrayList<>(texts.get(2 + 2 * round));
        both.addAll(texts.get(3 + 2 * round));
        bare.add(rate(both.size(), () -> onThreads(threads, both, model::embedDocument)));
        fileTagger.add(rate(files, () -> onThreads(threads, mine, tagger::tag)));
        pooled.add(rate(files, () -> RayClusterBenchmark.tagAll(pool, pools)));
      }
      after = model.reuse();
    } finally {
      threads.shutdown();
      FileTrees.delete(data);
    }
    System.out.printf(Locale.ROOT, "%d cores, %d threads or actors, %d rounds of %d distinct 1 KB texts each%n",
        Runtime.getRuntime().availableProcessors(), THREADS, rounds, files);
    double base = median(bare);
    print("bare ONNX loop (text model)", bare, base);
    print("FileTagger (all taggers)", fileTagger, base);
    print("TaggingPool, Ray LOCAL", pooled, base);
    long found = after.found() - before.found();
    long embedded = after.embedded() - before.embedded();
    System.out.printf(Locale.ROOT, "phrase vectors in the measured rounds: %d remembered, %d embedded (%.0f%% reused)%n",
        found, embedded, 100.0 * found / Math.max(1, found + embedded));
  }

  /** Runs a task over items split between the threads and waits for all. */
  private static <T> void onThreads(ExecutorService threads, List<T> items, Consumer<T> task) throws Exception {
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int first = t;
      done.add(threads.submit(() -> {
        for (int i = first; i < items.size(); i += THREADS) {
          task.accept(items.get(i));
        }
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
  }

  private interface Run {
    void run() throws Exception;
  }

  private static double rate(int files, Run run) throws Exception {
    long start = System.nanoTime();
    run.run();
    return files / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static void print(String way, List<Double> rates, double base) {
    List<Double> sorted = new ArrayList<>(rates);
    Collections.sort(sorted);
    System.out.printf(Locale.ROOT, "%-28s median %5.1f files/s (min %5.1f, max %5.1f), %3.0f%% of the bare loop%n",
        way, median(rates), sorted.get(0), sorted.get(sorted.size() - 1), 100 * median(rates) / base);
  }
}
