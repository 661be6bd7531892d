package io.graphdrive.tagging;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The mixed documentation folder of scripts/phrase-corpus.sh and the two 1 KB samples, as the phrase benchmarks read them. */
final class PhraseCorpus {
  /** The folder, from {@code -Dphrase.corpus} (default /tmp/phrase-corpus). */
  static final Path FOLDER = Path.of(System.getProperty("phrase.corpus", "/tmp/phrase-corpus"));

  private PhraseCorpus() {}

  /** Returns Tika's extraction of each file of the folder, by name, then of the two 1 KB samples. */
  static List<Extraction> extracted() throws Exception {
    List<Extraction> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(FOLDER)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        files.add(extract(p));
      }
    }
    Path kilobyte = Files.createTempFile("note", ".txt");
    for (int i = 0; i < 2; i++) {
      Files.writeString(kilobyte, Samples.kilobyteText(i));
      files.add(extract(kilobyte));
    }
    Files.delete(kilobyte);
    return files;
  }

  private static Extraction extract(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file); LocalCopy copy = LocalCopy.of(in)) {
      return Models.extractor().extract("/" + file.getFileName(), copy.file(), copy.sha256(), copy.size());
    }
  }
}
