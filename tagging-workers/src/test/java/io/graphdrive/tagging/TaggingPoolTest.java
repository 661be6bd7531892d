package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Config;
import io.graphdrive.common.Tag;
import io.graphdrive.common.TaggingResult;
import io.graphdrive.storage.JuiceStorage;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool end to end: real Ray LOCAL actors reading a real JuiceFS (SQLite) volume. */
final class TaggingPoolTest {
  @TempDir static Path data;
  @TempDir static Path scratch;
  private static JuiceStorage storage;
  private static TaggingPool pool;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(data.resolve("graphdrive.properties"), "workers=2\n");
    Config config = Config.load(data, java.util.Map.of());
    storage = JuiceStorage.open(config);
    pool = TaggingPool.start(config);
    assertEquals(1, ownRaySessions(), "Ray LOCAL mode made its session folder");
  }

  @AfterAll
  static void stop() throws Exception {
    if (pool != null) {
      pool.close();
      assertEquals(0, ownRaySessions(), "Ray LOCAL-mode session folders are removed");
    }
    if (storage != null) {
      storage.close();
    }
  }

  /** Counts this JVM's Ray session folders, which Ray names {@code /tmp/ray/session_local_mode_<time>_<pid>}. */
  private static long ownRaySessions() throws Exception {
    Path ray = Path.of("/tmp/ray");
    if (!Files.isDirectory(ray)) {
      return 0;
    }
    String suffix = "_" + ProcessHandle.current().pid();
    try (Stream<Path> s = Files.list(ray)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
    }
  }

  private static void put(String path, byte[] bytes) throws Exception {
    try (OutputStream out = storage.create(path)) {
      out.write(bytes);
    }
  }

  private static TaggingResult tag(String path) throws Exception {
    return pool.tag(path).get(3, TimeUnit.MINUTES);
  }

  private static List<String> names(TaggingResult r) {
    return r.tags().stream().map(Tag::name).toList();
  }

  /** Returns the names of the tags chosen from the vocabulary (not generated from the text). */
  private static List<String> vocabularyTags(TaggingResult r) {
    return r.tags().stream().filter(t -> t.model().equals(TextEmbedder.MINILM.name())).map(Tag::name).toList();
  }

  @Test
  void tagsFilesFromJuiceFsAndSurvivesACorruptOne() throws Exception {
    assertEquals(2, pool.workers());
    assertTrue(Files.isRegularFile(data.resolve("vocabulary.txt")), "default vocabulary installed");
    put("/docs/cake.txt", Samples.COOKING.getBytes(StandardCharsets.UTF_8));
    put("/docs/broken.pdf", "%PDF-1.4\nnot really a pdf".getBytes(StandardCharsets.US_ASCII));
    Path pdf = scratch.resolve("lease.pdf");
    Samples.pdf(pdf, Samples.LEASE, "Ada Lovelace");
    put("/docs/lease.pdf", Files.readAllBytes(pdf));
    Path jpg = scratch.resolve("photo.jpg");
    Samples.jpeg(jpg, "NIKON CORPORATION", "NIKON D750", "2021:03:01 09:00:00");
    put("/photos/photo.jpg", Files.readAllBytes(jpg));

    TaggingResult broken = tag("/docs/broken.pdf");
    assertNotNull(broken.error());

    List<CompletableFuture<TaggingResult>> all = new ArrayList<>();
    for (String p : List.of("/docs/cake.txt", "/docs/lease.pdf", "/photos/photo.jpg", "/docs/cake.txt", "/nope.txt")) {
      all.add(pool.tag(p));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
    TaggingResult cake = all.get(0).get();
    assertNull(cake.error());
    assertTrue(names(cake).stream().anyMatch(List.of("baking", "cooking", "recipe")::contains), cake.tags().toString());
    assertEquals(cake.tags(), all.get(3).get().tags(), "same file, same tags, whichever actor");
    TaggingResult lease = all.get(1).get();
    assertTrue(names(lease).containsAll(List.of("document", "pdf")), lease.tags().toString());
    assertTrue(names(lease).contains("lease") || names(lease).contains("contract"), lease.tags().toString());
    TaggingResult photo = all.get(2).get();
    assertTrue(names(photo).containsAll(List.of("image", "jpeg", "nikon corporation", "nikon d750", "2021")), photo.tags().toString());
    assertEquals("file not found: /nope.txt", all.get(4).get().error());
    assertEquals(0, pool.inFlight());

    float[] query = pool.embedQuery("how to bake a sponge cake");
    assertTrue(Vectors.dot(query, cake.embedding()) > Vectors.dot(query, lease.embedding()));
  }

  @Test
  void theModelsRunBelowTheRestOfTheJvm() throws Exception {
    put("/nice/note.txt", Samples.COOKING.getBytes(StandardCharsets.UTF_8));
    assertNull(tag("/nice/note.txt").error());
    // The runner that tagged it waits 30 s for the next file before it ends.
    List<Integer> runners = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        if (Files.readString(task.resolve("comm")).strip().equals("tagging-runner")) {
          runners.add(ThreadNiceTest.niceOf(task.resolve("stat")));
        }
      }
    }
    int process = ThreadNiceTest.niceOf(Path.of("/proc/self/stat"));
    assertFalse(runners.isEmpty(), "a tagging thread is alive");
    runners.forEach(nice -> assertEquals(Math.min(19, process + 10), nice, "10 levels below, the default"));
    assertEquals(process, ThreadNiceTest.niceOf(Path.of("/proc/thread-self/stat")), "the caller's thread");
  }

  @Test
  void anUrgentFileGoesAheadOfThoseWaiting() throws Exception {
    put("/queue/note.txt", Samples.COOKING.getBytes(StandardCharsets.UTF_8));
    put("/queue/mine.txt", Samples.COOKING.getBytes(StandardCharsets.UTF_8));
    List<String> finished = java.util.Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<TaggingResult>> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String label = "bulk-" + i;
      all.add(pool.tag("/queue/note.txt").whenComplete((r, e) -> finished.add(label)));
    }
    all.add(pool.tag("/queue/mine.txt", true).whenComplete((r, e) -> finished.add("urgent")));
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
    all.forEach(f -> assertNull(f.join().error()));
    // Two actors: the two files they had started, then the urgent one (a third bulk file may finish first on the
    // actor that did not take it); in the order submitted it would be last.
    assertTrue(finished.indexOf("urgent") <= 3, finished.toString());
  }

  @Test
  void switchesTheVocabulary() throws Exception {
    put("/notes/music.txt", "The orchestra rehearsed Beethoven's fifth symphony for the concert.".getBytes(StandardCharsets.UTF_8));
    String original = Files.readString(data.resolve("vocabulary.txt"));
    try {
      String fingerprint = pool.useVocabulary("orchestra\tan orchestra playing classical music in a concert hall\ngardening\n");
      assertEquals(fingerprint, pool.vocabularyFingerprint());
      assertTrue(vocabularyTags(tag("/notes/music.txt")).contains("orchestra"));
      assertThrows(IllegalArgumentException.class, () -> pool.useVocabulary("ok\nok\n"));
      assertEquals(fingerprint, pool.vocabularyFingerprint());
      assertTrue(vocabularyTags(tag("/notes/music.txt")).contains("orchestra"), "the old vocabulary stays");
    } finally {
      pool.useVocabulary(original);
    }
    // The default vocabulary has no tag "orchestra" (a generated phrase may still name it).
    assertFalse(vocabularyTags(tag("/notes/music.txt")).contains("orchestra"));
  }
}
