package io.graphdrive.tagging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: how far the phrase candidates that {@link NounPhrases} finds with a part-of-speech beam of
 * one agree with those of a wider beam, and what each costs, over a folder (scripts/phrase-corpus.sh) and 1 KB texts.
 * Run with {@code JAVA_TOOL_OPTIONS=-Dphrase.corpus=/tmp/phrase-corpus scripts/test-main.sh
 * io.graphdrive.tagging.PosBeamBenchmark [BEAMS...]}; the first beam is the reference (default 3 1).
 */
public final class PosBeamBenchmark {
  private static final int ROUNDS = 5;

  private PosBeamBenchmark() {}

  /** Prints, per beam, the share of the reference's candidates found, the files with the same candidates, and the ms a file. */
  public static void main(String[] args) throws Exception {
    List<Integer> beams = args.length > 0 ? Stream.of(args).map(Integer::valueOf).toList() : List.of(3, 1);
    List<Extraction> files = PhraseCorpus.extracted();
    List<NounPhrases> finders = beams.stream().map(Models::loadNounPhrases).toList();
    List<Map<String, Integer>> reference = new ArrayList<>();
    for (Extraction e : files) {
      reference.add(finders.get(0).find(e.text(), Set.of()));
    }
    long words = files.stream().mapToLong(e -> e.text().split("\\s+").length).sum();
    System.out.printf(Locale.ROOT, "%d files (%d from %s, 2 of 1 KB), %d words; candidates with a beam of %d: %d%n",
        files.size(), files.size() - 2, PhraseCorpus.FOLDER, words, beams.get(0), reference.stream().mapToInt(Map::size).sum());
    for (int round = 0; round < ROUNDS; round++) {
      for (int b = 0; b < beams.size(); b++) {
        print(round, beams.get(b), finders.get(b), files, reference, words);
      }
    }
  }

  private static void print(
      int round, int beam, NounPhrases finder, List<Extraction> files, List<Map<String, Integer>> reference, long words) {
    List<Double> millis = new ArrayList<>();
    int found = 0;
    int total = 0;
    int same = 0;
    long start = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      long t = System.nanoTime();
      Map<String, Integer> candidates = finder.find(files.get(i).text(), Set.of());
      millis.add((System.nanoTime() - t) / 1e6);
      Set<String> common = new HashSet<>(candidates.keySet());
      common.retainAll(reference.get(i).keySet());
      found += common.size();
      total += reference.get(i).size();
      same += candidates.equals(reference.get(i)) ? 1 : 0;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Collections.sort(millis);
    System.out.printf(Locale.ROOT,
        "round %d, beam %d: found %5.1f%% of the reference's candidates; same candidates and counts on %3d of %d files; "
            + "%5.1f µs a word; median %5.1f ms a file%n",
        round + 1, beam, 100.0 * found / total, same, files.size(), seconds * 1e6 / words, millis.get(millis.size() / 2));
  }
}
