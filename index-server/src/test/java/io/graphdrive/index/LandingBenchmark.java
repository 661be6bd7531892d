package io.graphdrive.index;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import io.graphdrive.common.TaggingResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.neo4j.driver.Driver;

/**
 * Benchmark, not a test: tagging results landed per second in the real Neo4j the tests start, one file a
 * transaction (as the dispatcher landed them before) against batches of {@link Lander#BATCH} (as the lander
 * does when results arrive faster than they land), with the similar-file links and phrase promotion after each,
 * rounds of the two interleaved. Results are made up (five tags, a MiniLM-sized random vector, 1 KB of text),
 * not the models'. Run it as BENCHMARKS.md says; arguments: [files per round] [rounds].
 */
public final class LandingBenchmark {
  private static final String[] TAGS = {"cooking", "travel", "finance", "music", "garden", "history", "law",
      "football", "climate", "medicine"};

  private LandingBenchmark() {}

  /** Prints the median results/s of each way. */
  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Neo4jProcess neo4j = Neo4jProcess.shared();
    List<Double> single = new ArrayList<>();
    List<Double> batched = new ArrayList<>();
    try (Driver driver = neo4j.driver()) {
      Graph graph = new Graph(driver, 0.9, 5);
      graph.ensureSchema();
      Random random = new Random(7);
      for (int round = 0; round < rounds; round++) {
        single.add(landOneByOne(graph, pending(graph, "/single-" + round + "/", files, random, false)));
        batched.add(landInBatches(graph, pending(graph, "/batched-" + round + "/", files, random, false)));
      }
    }
    System.out.printf(Locale.ROOT, "%d cores, %d rounds of %d results each way%n",
        Runtime.getRuntime().availableProcessors(), rounds, files);
    print("one a transaction", single);
    print("batches of " + Lander.BATCH, batched);
  }

  /**
   * Makes PENDING files and a made-up result for each: five tags, a MiniLM-sized random vector and 1 KB of text,
   * and with {@code weakPhrases} three generated phrases too weak to be tags (one of them from a pool of 200 that
   * files share, so that some are promoted).
   */
  static List<Graph.Landing> pending(Graph graph, String dir, int files, Random random, boolean weakPhrases) {
    List<Graph.Landing> landings = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      String path = dir + "note-" + i + ".txt";
      long generation = graph.upsertPending(path, "bench", 1, Long.MAX_VALUE);
      List<Tag> tags = new ArrayList<>();
      for (int t = 0; t < 5; t++) {
        tags.add(new Tag(TAGS[random.nextInt(TAGS.length)] + (t == 0 ? "" : " " + t), 0.9 - t * 0.1, TagSource.TEXT, "bench"));
      }
      if (weakPhrases) {
        String model = Graph.PHRASE_MODEL + "-bench";
        tags.add(new Tag("shared topic " + random.nextInt(200), 0.4, TagSource.TEXT, model));
        tags.add(new Tag("rare word" + random.nextInt(1_000_000) + " study", 0.35, TagSource.TEXT, model));
        tags.add(new Tag("rare word" + random.nextInt(1_000_000) + " method", 0.3, TagSource.TEXT, model));
      }
      float[] vector = new float[384];
      for (int d = 0; d < vector.length; d++) {
        vector[d] = (float) random.nextGaussian();
      }
      landings.add(new Graph.Landing(new TaggingResult(path, "sha" + i, 1000, "text/plain",
          tags, SearchBenchmark.unit(vector), null, ("Note " + i + " about the kitchen and the garden. ").repeat(20), "en", null),
          generation));
    }
    return landings;
  }

  private static double landOneByOne(Graph graph, List<Graph.Landing> landings) {
    long start = System.nanoTime();
    for (Graph.Landing l : landings) {
      graph.landAll(List.of(l), 2);
      graph.linkSimilar(List.of(l.result().path()));
      graph.promoteRecurring(List.of(l.result().path()));
    }
    return landings.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** Lands the results as {@link Lander} does when they arrive faster than they land; returns results/s. */
  static double landInBatches(Graph graph, List<Graph.Landing> landings) {
    long start = System.nanoTime();
    for (int from = 0; from < landings.size(); from += Lander.BATCH) {
      List<Graph.Landing> batch = landings.subList(from, Math.min(landings.size(), from + Lander.BATCH));
      graph.landAll(batch, 2);
      List<String> paths = batch.stream().map(l -> l.result().path()).toList();
      graph.linkSimilar(paths);
      graph.promoteRecurring(paths);
    }
    return landings.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static void print(String way, List<Double> rates) {
    List<Double> sorted = new ArrayList<>(rates);
    Collections.sort(sorted);
    System.out.printf(Locale.ROOT, "%-20s median %6.1f results/s (min %6.1f, max %6.1f)%n",
        way, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
  }
}
