package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: how far key phrases chosen from a shortlist of candidates ({@link WordStates})
 * agree with those chosen from all of them (KeyBERT's way, up to {@link KeyPhraseTagger#MAX_CANDIDATES}
 * embedded), and what each costs, over a folder (scripts/phrase-corpus.sh) and 1 KB texts. Run with
 * {@code JAVA_TOOL_OPTIONS=-Dphrase.corpus=/tmp/phrase-corpus scripts/test-main.sh
 * io.graphdrive.tagging.KeyPhraseShortlistBenchmark [SIZES...]}.
 */
public final class KeyPhraseShortlistBenchmark {
  private KeyPhraseShortlistBenchmark() {}

  /** Prints, per shortlist size, the share of all-candidate phrases kept, the files with the same phrases, and the median ms a file. */
  public static void main(String[] args) throws Exception {
    List<Integer> sizes = args.length > 0 ? Stream.of(args).map(Integer::valueOf).toList() : List.of(8, 12, 16, 24);
    ClueEmbedder embedder = new ClueEmbedder(Models::embedder);
    List<Extraction> files = PhraseCorpus.extracted().stream().map(embedder::embed).toList();
    KeyPhraseTagger all = new KeyPhraseTagger(KeyPhraseTagger.MAX_CANDIDATES);
    List<List<String>> reference = new ArrayList<>();
    for (Extraction e : files) {
      all.tag(e); // warm-up
      reference.add(names(all.tag(e)));
    }
    System.out.printf(Locale.ROOT, "%d files (%d from %s, 2 of 1 KB); phrases of all candidates: %d%n",
        files.size(), files.size() - 2, PhraseCorpus.FOLDER, reference.stream().mapToInt(List::size).sum());
    print("all (" + KeyPhraseTagger.MAX_CANDIDATES + ")", all, files, reference);
    for (int size : sizes) {
      print("shortlist of " + size, new KeyPhraseTagger(size), files, reference);
    }
  }

  private static void print(String way, KeyPhraseTagger tagger, List<Extraction> files, List<List<String>> reference) {
    List<Double> millis = new ArrayList<>();
    int kept = 0;
    int total = 0;
    int same = 0;
    List<String> kilobyteSamples = new ArrayList<>();
    // Each way starts with no phrase vectors remembered, then reuses them across files as a drive does.
    Models.embedder().forgetPhrases();
    for (int i = 0; i < files.size(); i++) {
      long start = System.nanoTime();
      List<String> phrases = names(tagger.tag(files.get(i)));
      millis.add((System.nanoTime() - start) / 1e6);
      Set<String> common = new HashSet<>(phrases);
      common.retainAll(reference.get(i));
      kept += common.size();
      total += reference.get(i).size();
      same += new HashSet<>(phrases).equals(new HashSet<>(reference.get(i))) ? 1 : 0;
      if (i >= files.size() - 2) {
        kilobyteSamples.add(String.join(", ", phrases));
      }
    }
    Collections.sort(millis);
    System.out.printf(Locale.ROOT, "%-18s kept %5.1f%% of the phrases; same phrases on %3d of %d files; median %5.1f ms, 90th %6.1f ms a file; 1 KB: [%s]%n",
        way, 100.0 * kept / total, same, files.size(), millis.get(millis.size() / 2), millis.get(millis.size() * 9 / 10),
        String.join("] [", kilobyteSamples));
  }

  private static List<String> names(List<Tag> tags) {
    return tags.stream().map(Tag::name).toList();
  }
}
