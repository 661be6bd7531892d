package io.graphdrive.client;

import static io.graphdrive.client.RunningGraphDrive.enc;
import static io.graphdrive.client.RunningGraphDrive.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.client.RunningGraphDrive.Result;
import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.events.EventJournal;
import io.graphdrive.events.HttpEventPoster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** Runs {@code graphdrive up} for real and drives {@code import}, {@code mv} and the event journal against it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportMvJournalTest {
  private static final int GOOD_FILES = 50;

  private RunningGraphDrive gd;

  @BeforeAll
  void startGraphDrive() throws Exception {
    gd = RunningGraphDrive.start("graphdrive-import");
  }

  @AfterAll
  void stopGraphDrive() throws Exception {
    if (gd != null) {
      gd.close();
    }
  }

  @Test
  @Order(1)
  void importCopiesAFolderReportsBadNamesAndWaitsForTags() throws Exception {
    Path folder = Files.createDirectories(gd.work.resolve("my docs"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < GOOD_FILES - 2; i++) {
      String rel = (i % 3 == 0 ? "sub/" : "") + "note-" + i + ".txt";
      Files.createDirectories(folder.resolve(rel).getParent());
      Files.writeString(folder.resolve(rel), "Note " + i + ": a recipe for soup with tomatoes, onions and basil.");
      expected.add("/imported/" + rel);
    }
    Files.createDirectories(folder.resolve("été 2024"));
    Files.writeString(folder.resolve("été 2024/naïve café.txt"), "Holiday at the sea, swimming and sunshine.");
    Files.writeString(folder.resolve("with space.txt"), "Astronomy: stars, planets and galaxies.");
    expected.add("/imported/été 2024/naïve café.txt");
    expected.add("/imported/with space.txt");
    Files.writeString(folder.resolve("bad:name.txt"), "refused");
    Files.writeString(folder.resolve("bad\nline.txt"), "refused");
    Files.createSymbolicLink(folder.resolve("link.txt"), folder.resolve("with space.txt"));
    Files.createDirectories(folder.resolve("empty"));

    Result down = gd.run("import", folder.toString(), "/nowhere", "--server", "http://127.0.0.1:" + freePort());
    assertEquals(1, down.exit(), down::describe);
    assertTrue(down.err().contains("nothing was copied"), down::describe);

    Result result = gd.run("import", folder.toString(), "/imported", "--wait", "--timeout", "240");
    assertEquals(1, result.exit(), result::describe);
    assertTrue(result.out().contains("imported " + GOOD_FILES + " files"), result::describe);
    assertTrue(result.out().contains("failed 2:") && result.out().contains("bad:name.txt")
        && result.out().contains("control characters"), result::describe);
    assertTrue(result.out().contains("skipped 1:") && result.out().contains("symbolic link"), result::describe);
    assertTrue(result.out().contains("tagged " + GOOD_FILES + ", failed 0"), result::describe);
    for (String path : expected) {
      assertEquals("TAGGED", gd.api("/api/v1/files?path=" + enc(path)).path("status").asText(), path);
    }
    assertEquals(200, gd.send("GET", "/api/v1/graph?path=" + enc("/imported/empty") + "&depth=1").statusCode());
    assertEquals(404, gd.send("GET", "/api/v1/files?path=" + enc("/imported/bad:name.txt")).statusCode());
  }

  @Test
  @Order(2)
  void eventsJournaledWhileTheServerIsDownArriveOnceItIsBack() throws Exception {
    String modified = "/imported/note-1.txt";
    String deleted = "/imported/note-2.txt";
    String updatedBefore = gd.api("/api/v1/files?path=" + enc(modified)).path("updatedAt").asText();
    // The changes are made in storage directly, as by a client whose events have not reached the server yet: the
    // server checks each event against storage, so an event describes a change that happened.
    StorageBehindTheIndex.change(gd.data, deleted, null);
    StorageBehindTheIndex.change(gd.data, modified, "Changed while the index tier was down: a note about lighthouses.");
    Path journalDir = gd.data.resolve("journal");
    String dead = "http://127.0.0.1:" + freePort();
    try (EventJournal journal = EventJournal.open(journalDir, new HttpEventPoster(dead, gd.token))) {
      journal.accept(new Event(EventType.MODIFIED, modified, null));
      journal.accept(new Event(EventType.DELETED, deleted, null));
      journal.accept(new Event(EventType.MODIFIED, modified, null));
      assertFalse(journal.awaitDrained(Duration.ofSeconds(2)));
      assertEquals(3, journal.pending());
    }
    // A second run against the dead server takes the events over and keeps them too.
    try (EventJournal journal = EventJournal.open(journalDir, new HttpEventPoster(dead, gd.token))) {
      assertFalse(journal.awaitDrained(Duration.ofSeconds(1)));
      assertEquals(3, journal.pending());
    }
    assertEquals("TAGGED", gd.api("/api/v1/files?path=" + enc(deleted)).path("status").asText());
    try (EventJournal journal = EventJournal.open(journalDir, new HttpEventPoster("http://127.0.0.1:" + gd.port, gd.token))) {
      assertTrue(journal.awaitDrained(Duration.ofSeconds(30)));
    }
    assertEquals(404, gd.send("GET", "/api/v1/files?path=" + enc(deleted)).statusCode());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    JsonNode file = gd.api("/api/v1/files?path=" + enc(modified));
    while (!file.path("status").asText().equals("TAGGED") || file.path("updatedAt").asText().equals(updatedBefore)) {
      assertTrue(System.nanoTime() < deadline, "not re-tagged: " + file);
      Thread.sleep(300);
      file = gd.api("/api/v1/files?path=" + enc(modified));
    }
    // Journal folders are named <millis>-<pid>-<n>; the mount that up started keeps one of its own.
    String ours = "-" + ProcessHandle.current().pid() + "-";
    try (var left = Files.list(journalDir)) {
      assertEquals(List.of(), left.filter(d -> d.getFileName().toString().contains(ours)).toList());
    }
  }

  @Test
  @Order(3)
  void mvKeepsTagsAndTaggedAt() throws Exception {
    JsonNode before = gd.api("/api/v1/files?path=" + enc("/imported/with space.txt"));
    Result mv = gd.run("mv", "/imported/with space.txt", "/moved/renamed ü.txt");
    assertEquals(0, mv.exit(), mv::describe);
    assertEquals(404, gd.send("GET", "/api/v1/files?path=" + enc("/imported/with space.txt")).statusCode());
    JsonNode after = gd.api("/api/v1/files?path=" + enc("/moved/renamed ü.txt"));
    assertEquals("TAGGED", after.path("status").asText());
    assertEquals(before.path("taggedAt"), after.path("taggedAt"));
    assertEquals(tags(before), tags(after));

    Map<String, JsonNode> inSub = new TreeMap<>();
    for (int i = 0; i < GOOD_FILES - 2; i += 3) {
      inSub.put("note-" + i + ".txt", gd.api("/api/v1/files?path=" + enc("/imported/sub/note-" + i + ".txt")));
    }
    Result mvDir = gd.run("mv", "/imported/sub", "/archive/");
    assertEquals(0, mvDir.exit(), mvDir::describe);
    assertTrue(mvDir.out().contains("/archive/sub"), mvDir::describe);
    for (Map.Entry<String, JsonNode> e : inSub.entrySet()) {
      JsonNode moved = gd.api("/api/v1/files?path=" + enc("/archive/sub/" + e.getKey()));
      assertEquals(e.getValue().path("taggedAt"), moved.path("taggedAt"), e.getKey());
      assertEquals(tags(e.getValue()), tags(moved), e.getKey());
    }

    Result missing = gd.run("mv", "/no/such.txt", "/x.txt");
    assertEquals(1, missing.exit(), missing::describe);
    assertTrue(missing.err().contains("no such file"), missing::describe);
    Result down = gd.run("mv", "/moved/renamed ü.txt", "/y.txt", "--server", "http://127.0.0.1:" + freePort());
    assertEquals(1, down.exit(), down::describe);
    assertTrue(down.err().contains("nothing was moved"), down::describe);
    Result help = gd.run("mv", "--help");
    assertEquals(0, help.exit(), help::describe);
    assertTrue(help.out().contains("tags stay") && help.out().contains("Examples"), help::describe);
  }

  private static List<String> tags(JsonNode file) {
    List<String> tags = new ArrayList<>();
    file.path("tags").forEach(t -> tags.add(t.path("name").asText() + "=" + t.path("score").asText()));
    tags.sort(null);
    assertFalse(tags.isEmpty(), () -> "no tags: " + file);
    return tags;
  }
}
