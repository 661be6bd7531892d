package io.graphdrive.index;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import io.graphdrive.common.TaggingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.neo4j.driver.Driver;

/**
 * Benchmark, not a test: how landing slows as the graph grows, for results that carry key phrases too weak to be
 * tags (kept as the file's keywords, and promoted when another file has the same one). Lands steps of made-up
 * results in batches of {@link Lander#BATCH}, with the similar-file links and phrase promotion after each, in
 * the real Neo4j the tests start, and prints each step's rate beside the number of files already there. Each
 * result has five tags, three weak phrases (one of them from a pool of 200 that files share), a MiniLM-sized
 * random vector and 1 KB of text. Run it as BENCHMARKS.md says; arguments: [files per step] [steps].
 */
public final class KeywordLandingBenchmark {
  private static final String[] TAGS = {"cooking", "travel", "finance", "music", "garden", "history", "law",
      "football", "climate", "medicine"};

  private KeywordLandingBenchmark() {}

  /** Prints results/s of each step. */
  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Neo4jProcess neo4j = Neo4jProcess.shared();
    neo4j.clear();
    try (Driver driver = neo4j.driver()) {
      Graph graph = new Graph(driver, 0.9, 5);
      graph.ensureSchema();
      Random random = new Random(7);
      System.out.printf(Locale.ROOT, "%d cores, %d steps of %d results%n", Runtime.getRuntime().availableProcessors(),
          steps, files);
      for (int step = 0; step < steps; step++) {
        List<Graph.Landing> landings = pending(graph, "/step-" + step + "/", files, random);
        long start = System.nanoTime();
        for (int from = 0; from < landings.size(); from += Lander.BATCH) {
          List<Graph.Landing> batch = landings.subList(from, Math.min(landings.size(), from + Lander.BATCH));
          graph.landAll(batch, 2);
          List<String> paths = batch.stream().map(l -> l.result().path()).toList();
          graph.linkSimilar(paths);
          graph.promoteRecurring(paths);
        }
        double rate = files / ((System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "files in the graph before: %6d   landed %6.1f results/s%n", step * files, rate);
      }
    }
  }

  private static List<Graph.Landing> pending(Graph graph, String dir, int files, Random random) {
    List<Graph.Landing> landings = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      String path = dir + "note-" + i + ".txt";
      long generation = graph.upsertPending(path, "bench", 1, Long.MAX_VALUE);
      List<Tag> tags = new ArrayList<>();
      for (int t = 0; t < 5; t++) {
        tags.add(new Tag(TAGS[random.nextInt(TAGS.length)] + (t == 0 ? "" : " " + t), 0.9 - t * 0.1, TagSource.TEXT, "bench"));
      }
      String model = Graph.PHRASE_MODEL + "-bench";
      tags.add(new Tag("shared topic " + random.nextInt(200), 0.4, TagSource.TEXT, model));
      tags.add(new Tag("rare word" + random.nextInt(1_000_000) + " study", 0.35, TagSource.TEXT, model));
      tags.add(new Tag("rare word" + random.nextInt(1_000_000) + " method", 0.3, TagSource.TEXT, model));
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
}
