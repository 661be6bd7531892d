package io.graphdrive.tagging;

import io.graphdrive.common.TaggingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Benchmark, not a test: the time the language-model tagger adds to a file, against {@link ChatStub}
 * (which answers at once, so this is our side's cost: candidates, prompt, HTTP on loopback, parsing,
 * and in the generative road the proposals' embeddings; a real model's time comes on top). Tags a
 * short text file without and with each road, interleaved. Run with
 * {@code mvn -q -pl tagging-workers test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.mainClass=io.graphdrive.tagging.LlmBenchmark -Dexec.classpathScope=test}.
 */
public final class LlmBenchmark {
  private static final int ROUNDS = 41;

  private LlmBenchmark() {}

  /** Prints the median milliseconds per file of each setting over {@value #ROUNDS} rounds. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("llm-bench");
    Files.writeString(dir.resolve("cake.txt"), Samples.COOKING);
    Vocabulary vocabulary = Vocabulary.parse(Vocabulary.defaultText());
    try (ChatStub stub = new ChatStub()) {
      stub.answer =
          user -> user.contains("- baking:")
              ? "{\"tags\": [{\"name\": \"baking\", \"confidence\": 0.9}, {\"name\": \"recipe\", \"confidence\": 0.8}]}"
              : "{\"tags\": [{\"name\": \"Baking\", \"confidence\": 0.9}, {\"name\": \"recipes\", \"confidence\": 0.8},"
                  + " {\"name\": \"lemon cake\", \"confidence\": 0.95}]}";
      String[] names = {"no language model", "selective", "generative"};
      LlmClient client = new LlmClient(new LlmSettings(stub.url(), "stub", 20, 2, LlmSettings.Mode.SELECTIVE, ""));
      List<Double> roundTrips = new ArrayList<>();
      Extraction cake =
          new ClueEmbedder(Models::embedder)
              .embed(Extraction.ofText("/cake.txt", "text/plain", new org.apache.tika.metadata.Metadata(), Samples.COOKING, "", 1, null));
      List<LlmTagger> alone =
          List.of(
              new LlmTagger(new LlmSettings(stub.url(), "stub", 20, 2, LlmSettings.Mode.SELECTIVE, ""),
                  language -> Models.index(vocabulary, Models.embedder(language)), Models::embedder),
              new LlmTagger(new LlmSettings(stub.url(), "stub", 20, 2, LlmSettings.Mode.GENERATIVE, ""),
                  language -> Models.index(vocabulary, Models.embedder(language)), Models::embedder));
      List<List<Double>> aloneMs = List.of(new ArrayList<>(), new ArrayList<>());
      List<FileTagger> taggers =
          List.of(
              FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> vocabulary),
              FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> vocabulary, () -> Corrections.NONE,
                  new LlmSettings(stub.url(), "stub", 20, 2, LlmSettings.Mode.SELECTIVE, ""), FileTagger.DEFAULT_MAX_CONTENT_BYTES),
              FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> vocabulary, () -> Corrections.NONE,
                  new LlmSettings(stub.url(), "stub", 20, 2, LlmSettings.Mode.GENERATIVE, ""), FileTagger.DEFAULT_MAX_CONTENT_BYTES));
      List<List<Double>> ms = new ArrayList<>();
      for (FileTagger t : taggers) {
        ms.add(new ArrayList<>());
        t.tag("/cake.txt");
      }
      for (int round = 0; round < ROUNDS; round++) {
        long trip = System.nanoTime();
        client.ask(LlmTagger.SYSTEM, Samples.COOKING);
        roundTrips.add((System.nanoTime() - trip) / 1e6);
        for (int i = 0; i < alone.size(); i++) {
          long start = System.nanoTime();
          alone.get(i).tag(cake);
          aloneMs.get(i).add((System.nanoTime() - start) / 1e6);
        }
        for (int i = 0; i < taggers.size(); i++) {
          long start = System.nanoTime();
          TaggingResult r = taggers.get(i).tag("/cake.txt");
          ms.get(i).add((System.nanoTime() - start) / 1e6);
          if (r.error() != null) {
            throw new IllegalStateException(r.error());
          }
        }
      }
      for (int i = 0; i < names.length; i++) {
        List<Double> added = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          added.add(ms.get(i).get(round) - ms.get(0).get(round));
        }
        System.out.printf("%-18s median %6.1f ms a file, added %5.1f ms (median of the rounds' differences)%n",
            names[i], median(ms.get(i)), median(added));
      }
      System.out.printf("the selective tagger alone: median %.1f ms; the generative one: %.1f ms%n", median(aloneMs.get(0)), median(aloneMs.get(1)));
      System.out.printf("one request to the stub alone: median %.1f ms%n", median(roundTrips));
      System.out.println("requests the stub answered: " + stub.requests.size());
      System.out.println("a selective request:\n" + stub.requests.get(0).toPrettyString());
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
