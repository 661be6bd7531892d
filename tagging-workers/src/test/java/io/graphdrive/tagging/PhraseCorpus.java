package io.graphdrive.tagging;

import io.graphdrive.common.TagSource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** The mixed documentation folder of scripts/phrase-corpus.sh and the two 1 KB samples, as the phrase benchmarks read them. */
final class PhraseCorpus {
  /** The folder, from {@code -Dphrase.corpus} (default /tmp/phrase-corpus). */
  static final Path FOLDER = Path.of(System.getProperty("phrase.corpus", "/tmp/phrase-corpus"));

  private PhraseCorpus() {}

  /** Returns Tika's extraction of each file of the folder, by name, then of the two 1 KB samples. */
  static List<Extraction> extracted() throws Exception {
    List<Extraction> files = documents();
    Path kilobyte = Files.createTempFile("note", ".txt");
    for (int i = 0; i < 2; i++) {
      Files.writeString(kilobyte, Samples.kilobyteText(i));
      files.add(extract(kilobyte));
    }
    Files.delete(kilobyte);
    return files;
  }

  /** Returns Tika's extraction of each file of the folder, by name. */
  private static List<Extraction> documents() throws Exception {
    List<Extraction> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(FOLDER)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        files.add(extract(p));
      }
    }
    return files;
  }

  private static Extraction extract(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file); LocalCopy copy = LocalCopy.of(in)) {
      return Models.extractor().extract("/" + file.getFileName(), copy.file(), copy.sha256(), copy.size());
    }
  }

  /**
   * Returns the prose of the folder's documents (not its source code) cut at spaces into pieces of about 1,000
   * characters, leaving out pieces that are mostly not letters (tables, listings), in an order shuffled with a
   * fixed seed: distinct 1 KB texts that share a real corpus's phrases as a drive's files do.
   */
  static List<String> kilobyteTexts() throws Exception {
    List<String> pieces = new ArrayList<>();
    for (Extraction e : documents()) {
      if (SourceComments.isCode(e.mime())) {
        continue;
      }
      String text = e.text(TagSource.TEXT).replaceAll("\\s+", " ").strip();
      for (int from = 0; from + 1000 <= text.length(); ) {
        int end = text.lastIndexOf(' ', from + 1000);
        end = end <= from ? from + 1000 : end;
        String piece = text.substring(from, end);
        if (piece.chars().filter(Character::isLetter).count() >= 0.6 * piece.length()) {
          pieces.add(piece);
        }
        from = end + 1;
      }
    }
    Collections.shuffle(pieces, new Random(1));
    return pieces;
  }
}
