package io.graphdrive.index;

import io.graphdrive.storage.FileStat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.neo4j.driver.Driver;

/**
 * Benchmark, not a test: the graph's side of event intake in the real Neo4j the tests start, one transaction a
 * batch as {@link EventIntake} writes them: events of new files (the check for unchanged files, then the PENDING
 * upsert with its folder edges) and the same events again (the check alone, as for a repeat), rounds of the two.
 * Storage, HTTP and tagging are left out. Run it as BENCHMARKS.md says; arguments: [events a batch] [rounds].
 */
public final class IntakeGraphBenchmark {
  private IntakeGraphBenchmark() {}

  /** Prints the median events/s of each kind, with the first round (a cold Neo4j) apart. */
  public static void main(String[] args) throws Exception {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    List<Double> fresh = new ArrayList<>();
    List<Double> repeated = new ArrayList<>();
    try (Driver driver = Neo4jProcess.shared().driver()) {
      Graph graph = new Graph(driver, 0.9, 5);
      graph.ensureSchema();
      for (int round = 0; round < rounds; round++) {
        List<FileStat> stats = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          stats.add(new FileStat("/in/round-" + round + "/part" + i % 10 + "/note-" + i + ".txt", false, 100,
              1_700_000_000_000L + i, 0644));
        }
        long start = System.nanoTime();
        graph.write(tx -> {
          Graph.unchanged(tx, stats);
          return Graph.upsertPending(tx, stats, "bench", 1, Long.MAX_VALUE);
        });
        fresh.add(batch / ((System.nanoTime() - start) / 1e9));
        start = System.nanoTime();
        graph.write(tx -> Graph.unchanged(tx, stats));
        repeated.add(batch / ((System.nanoTime() - start) / 1e9));
      }
    }
    System.out.printf(Locale.ROOT, "%d cores, %d rounds of %d events, one transaction a batch%n",
        Runtime.getRuntime().availableProcessors(), rounds, batch);
    print("new files", fresh);
    print("repeats", repeated);
  }

  private static void print(String kind, List<Double> rates) {
    List<Double> warm = new ArrayList<>(rates.subList(1, rates.size()));
    Collections.sort(warm);
    System.out.printf(Locale.ROOT, "%-10s first round %7.0f events/s; then median %7.0f (min %7.0f, max %7.0f)%n",
        kind, rates.get(0), warm.get(warm.size() / 2), warm.get(0), warm.get(warm.size() - 1));
  }
}
