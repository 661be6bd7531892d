package io.graphdrive.tagging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark, not a test: windows per second of the MiniLM embedder with 1 or 2 ONNX threads a run and
 * 1 or 2 concurrent callers (actors), measured side by side in one JVM. Run with
 * {@code mvn -q -pl tagging-workers test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.mainClass=io.graphdrive.tagging.EmbedderBenchmark -Dexec.classpathScope=test}.
 */
public final class EmbedderBenchmark {
  private static final int ROUNDS = 5;

  private EmbedderBenchmark() {}

  /** Prints the median windows/s of each setting over {@value #ROUNDS} rounds, the settings interleaved. */
  public static void main(String[] args) throws Exception {
    String text = sampleText(100_000);
    TextEmbedder one = TextEmbedder.load(TextEmbedder.MINILM, 1);
    TextEmbedder two = TextEmbedder.load(TextEmbedder.MINILM, 2);
    int windows = one.embedWindows(text).size();
    String[] names = {"1 thread a run, 1 caller", "1 thread a run, 2 callers", "2 threads a run, 1 caller",
        "2 threads a run, 2 callers"};
    List<List<Double>> rates = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      rates.add(new ArrayList<>());
    }
    two.embedWindows(text);
    for (int round = 0; round < ROUNDS; round++) {
      rates.get(0).add(rate(one, text, 1, windows));
      rates.get(1).add(rate(one, text, 2, windows));
      rates.get(2).add(rate(two, text, 1, windows));
      rates.get(3).add(rate(two, text, 2, windows));
    }
    System.out.printf(Locale.ROOT, "%d cores, %d windows of 256 tokens a document, %d rounds%n",
        Runtime.getRuntime().availableProcessors(), windows, ROUNDS);
    for (int i = 0; i < names.length; i++) {
      List<Double> r = rates.get(i);
      Collections.sort(r);
      System.out.printf(Locale.ROOT, "%-28s median %5.1f windows/s (min %5.1f, max %5.1f)%n",
          names[i], r.get(r.size() / 2), r.get(0), r.get(r.size() - 1));
    }
  }

  /** Embeds the text twice per caller and returns windows per second over all callers. */
  private static double rate(TextEmbedder embedder, String text, int callers, int windows) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      long start = System.nanoTime();
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < callers * 2; i++) {
        runs.add(pool.submit(() -> embedder.embedWindows(text)));
      }
      for (Future<?> run : runs) {
        run.get();
      }
      return callers * 2.0 * windows / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  private static String sampleText(int length) {
    String[] sentences = {
      "The recipe calls for flour, butter, sugar and eggs; bake the cake in the oven.",
      "The court ruled that the contract was void because the tenant never signed the lease.",
      "Our neural network reaches high accuracy after training on the labelled images.",
      "Quarterly revenue grew while operating costs fell, and the invoice was paid."
    };
    Random random = new Random(1);
    StringBuilder sb = new StringBuilder(length + 100);
    while (sb.length() < length) {
      sb.append(sentences[random.nextInt(sentences.length)]).append(' ');
    }
    return sb.toString();
  }
}
