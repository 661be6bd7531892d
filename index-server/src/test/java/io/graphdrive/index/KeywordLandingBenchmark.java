package io.graphdrive.index;

import java.util.Locale;
import java.util.Random;
import org.neo4j.driver.Driver;

/**
 * Benchmark, not a test: how landing slows as the graph grows, for results that carry key phrases too weak to be
 * tags (kept as the file's keywords, and promoted when another file has the same one). Lands steps of
 * {@link LandingBenchmark}'s made-up results with weak phrases, in batches as the lander does, in the real Neo4j
 * the tests start, and prints each step's rate beside the number of files already there. Run it as BENCHMARKS.md
 * says; arguments: [files per step] [steps].
 */
public final class KeywordLandingBenchmark {
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
        double rate = LandingBenchmark.landInBatches(graph,
            LandingBenchmark.pending(graph, "/step-" + step + "/", files, random, true));
        System.out.printf(Locale.ROOT, "files in the graph before: %6d   landed %6.1f results/s%n", step * files, rate);
      }
    }
  }
}
