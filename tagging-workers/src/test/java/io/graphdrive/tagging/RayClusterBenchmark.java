package io.graphdrive.tagging;

import io.graphdrive.common.Config;
import io.graphdrive.common.TaggingResult;
import io.graphdrive.storage.JuiceStorage;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not a test: 1 KB text files per second through a pool of two actors, in Ray LOCAL mode and as the
 * driver of a two-node cluster on this machine (RayNodes, one actor on each node), reading a JuiceFS (SQLite)
 * volume. Run with {@code scripts/test-main.sh io.graphdrive.tagging.RayClusterBenchmark}.
 */
public final class RayClusterBenchmark {
  private static final int ROUNDS = 5;
  private static final int FILES = 100;
  private static final int WARM_UP = 40;

  private RayClusterBenchmark() {}

  /** Prints the median files/s of each mode over {@value #ROUNDS} rounds of {@value #FILES} files, after a warm-up. */
  public static void main(String[] args) throws Exception {
    Path data = Files.createTempDirectory("gd-bench");
    try (RayNodes nodes = RayNodes.start(2)) {
      Config local = config(data, "");
      Config cluster = config(data, nodes.address());
      try (JuiceStorage storage = JuiceStorage.open(local)) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < WARM_UP + ROUNDS * FILES * 2; i++) {
          String path = "/bench/note-" + i + ".txt";
          try (OutputStream out = storage.create(path)) {
            out.write(Samples.kilobyteText(i).getBytes(StandardCharsets.UTF_8));
          }
          paths.add(path);
        }
        List<Double> localRates = rates(local, paths.subList(0, WARM_UP), paths.subList(WARM_UP, WARM_UP + ROUNDS * FILES));
        List<Double> clusterRates = rates(cluster, paths.subList(0, WARM_UP), paths.subList(WARM_UP + ROUNDS * FILES, paths.size()));
        System.out.printf(Locale.ROOT, "%d cores, 2 actors, %d rounds of %d files of 1 KB%n",
            Runtime.getRuntime().availableProcessors(), ROUNDS, FILES);
        print("Ray LOCAL mode", localRates);
        print("two-node cluster", clusterRates);
      }
    } finally {
      try (var walk = Files.walk(data)) {
        walk.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static Config config(Path data, String address) throws Exception {
    Files.writeString(data.resolve("graphdrive.properties"), "workers=2\njuicefs.volume=raybench\n");
    return Config.load(data, address.isEmpty() ? Map.of() : Map.of("GRAPHDRIVE_RAY_ADDRESS", address));
  }

  /** Starts a pool, tags the warm-up files, then returns the files/s of each round of the files. */
  private static List<Double> rates(Config config, List<String> warmUp, List<String> files) throws Exception {
    List<Double> rates = new ArrayList<>();
    try (TaggingPool pool = TaggingPool.start(config)) {
      tagAll(pool, warmUp);
      for (int round = 0; round < ROUNDS; round++) {
        long start = System.nanoTime();
        tagAll(pool, files.subList(round * FILES, (round + 1) * FILES));
        rates.add(FILES / ((System.nanoTime() - start) / 1e9));
      }
    }
    return rates;
  }

  /** Tags the files through the pool and waits for all, failing on the first file that could not be tagged. */
  static void tagAll(TaggingPool pool, List<String> paths) throws Exception {
    List<CompletableFuture<TaggingResult>> results = paths.stream().map(pool::tag).toList();
    for (CompletableFuture<TaggingResult> r : results) {
      TaggingResult result = r.get(5, TimeUnit.MINUTES);
      if (result.failed()) {
        throw new IllegalStateException(result.path() + ": " + result.error());
      }
    }
  }

  private static void print(String mode, List<Double> rates) {
    List<Double> r = new ArrayList<>(rates);
    Collections.sort(r);
    System.out.printf(Locale.ROOT, "%-17s median %5.1f files/s (min %5.1f, max %5.1f) rounds %s%n",
        mode, r.get(r.size() / 2), r.get(0), r.get(r.size() - 1), rates.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList());
  }
}
