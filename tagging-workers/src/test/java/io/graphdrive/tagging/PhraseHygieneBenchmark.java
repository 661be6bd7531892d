package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TaggingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Measures the hygiene of the tag space over a folder (BENCHMARKS.md; the folder comes from
 * scripts/phrase-corpus.sh): distinct tags per 100 files, the share of them that only one file has,
 * which words of a fixed junk list appear, and the median time of the key-phrase step per file; for
 * the generated (key-phrase) tags and for all tags. Run with
 * {@code mvn -q -pl tagging-workers test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.mainClass=io.graphdrive.tagging.PhraseHygieneBenchmark -Dexec.classpathScope=test
 * -Dphrase.corpus=/tmp/phrase-corpus} (exec.args would reach the npm step of the build).
 */
public final class PhraseHygieneBenchmark {
  /** Words that were among the most used tags of a documentation folder under RAKE, and must never be tags. */
  static final List<String> JUNK =
      List.of("self", "https", "http", "www", "return", "name", "null", "none", "true", "false", "value", "def",
          "import", "sh noexpandtab ts", "gpl", "license", "licence", "copyright", "all rights reserved",
          "table of contents");

  /** The score from which the graph makes a generated phrase a Tag node on one file alone (index-server Graph.PHRASE_BAR). */
  private static final double NODE_BAR = 0.5;

  private PhraseHygieneBenchmark() {}

  /** Tags every file of the folder in the system property phrase.corpus and prints the table rows. */
  public static void main(String[] args) throws Exception {
    Path folder = Path.of(System.getProperty("phrase.corpus", "/tmp/phrase-corpus"));
    Path data = Files.createTempDirectory("hygiene");
    Vocabulary vocabulary = Vocabulary.parse(Vocabulary.defaultText());
    List<Long> phraseNanos = new ArrayList<>();
    // FileTagger.standard's wiring, with the key-phrase step timed.
    List<Tagger> taggers = new ArrayList<>();
    for (Tagger t : Taggers.standard(
        language -> Models.index(vocabulary, Models.embedder(language)),
        () -> Corrections.NONE,
        () -> Models.clip(data).map(clip -> Models.imageIndex(vocabulary, clip)),
        LlmSettings.OFF,
        Models::embedder)) {
      taggers.add(t instanceof KeyPhraseTagger ? e -> timed(t, e, phraseNanos) : t);
    }
    FileTagger tagger = new FileTagger(Sources.directory(folder), Models.extractor(), ModalityExtractors.standard(data),
        new ClueEmbedder(Models::embedder), taggers, FileTagger.DEFAULT_MAX_CONTENT_BYTES);
    List<String> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
    }
    Map<String, Set<String>> generated = new HashMap<>();
    Map<String, Set<String>> all = new HashMap<>();
    Map<String, List<String>> samples = new TreeMap<>();
    Set<String> strong = new TreeSet<>();
    int tagged = 0;
    int formatSelfTags = 0;
    for (String f : files) {
      TaggingResult r = tagger.tag("/" + f);
      if (r.error() != null) {
        System.out.println("skipped " + f + ": " + r.error());
        continue;
      }
      tagged++;
      String format = KindTagger.format(r.mime());
      if (tagged % 10 == 1) {
        samples.put(f, r.tags().stream().filter(t -> t.model().equals(KeyPhraseTagger.MODEL)).map(Tag::name).toList());
      }
      for (Tag t : r.tags()) {
        all.computeIfAbsent(t.name(), k -> new TreeSet<>()).add(f);
        if (t.model().equals(KeyPhraseTagger.MODEL)) {
          generated.computeIfAbsent(t.name(), k -> new TreeSet<>()).add(f);
          if (t.score() >= NODE_BAR) {
            strong.add(t.name());
          }
          formatSelfTags += t.name().equals(format) ? 1 : 0;
        }
      }
    }
    System.out.printf("%d files tagged of %d in %s%n", tagged, files.size(), folder);
    System.out.println("| tags | distinct per 100 files | used by one file only | junk words present |");
    row("generated (" + KeyPhraseTagger.MODEL + ")", generated, tagged);
    row("all", all, tagged);
    // The graph's rule (index-server Graph): a weak phrase that no other file has stays a keyword, not a Tag node.
    Map<String, Set<String>> generatedNodes = new HashMap<>(generated);
    generatedNodes.keySet().removeIf(name -> generated.get(name).size() < 2 && !strong.contains(name));
    Map<String, Set<String>> allNodes = new HashMap<>(all);
    allNodes.keySet().removeIf(name -> generated.containsKey(name) && !generatedNodes.containsKey(name));
    row("generated, as Tag nodes", generatedNodes, tagged);
    row("all, as Tag nodes", allNodes, tagged);
    System.out.println("generated tags naming the file's own format: " + formatSelfTags);
    List<Long> sorted = phraseNanos.stream().sorted().toList();
    System.out.printf("key-phrase step: median %.1f ms, 90th percentile %.1f ms per file%n",
        sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 9 / 10) / 1e6);
    System.out.println("most used generated tags:");
    generated.entrySet().stream()
        .sorted((a, b) -> b.getValue().size() - a.getValue().size())
        .limit(25)
        .forEach(en -> System.out.println("  " + en.getKey() + " " + en.getValue().size()));
    System.out.println("generated tags of every tenth file:");
    samples.forEach((f, tags) -> System.out.println("  " + f + ": " + tags));
  }

  private static List<Tag> timed(Tagger t, Extraction e, List<Long> nanos) {
    long start = System.nanoTime();
    List<Tag> tags = t.tag(e);
    nanos.add(System.nanoTime() - start);
    return tags;
  }

  private static void row(String label, Map<String, Set<String>> filesByTag, int files) {
    Collection<Set<String>> uses = filesByTag.values();
    long once = uses.stream().filter(s -> s.size() == 1).count();
    List<String> junk = JUNK.stream().filter(filesByTag::containsKey).toList();
    System.out.printf("| %s | %.0f (%d tags) | %.0f %% | %d %s |%n", label, filesByTag.size() * 100.0 / files,
        filesByTag.size(), 100.0 * once / Math.max(1, filesByTag.size()), junk.size(), junk);
  }
}
