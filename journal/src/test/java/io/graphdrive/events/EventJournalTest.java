package io.graphdrive.events;

import static io.graphdrive.common.EventType.CREATED;
import static io.graphdrive.common.EventType.DELETED;
import static io.graphdrive.common.EventType.MODIFIED;
import static io.graphdrive.common.EventType.MOVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Event;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's delivery: order, coalescing, retries while the server is down, skips, crash replay. */
class EventJournalTest {
  @TempDir Path dir;

  @Test
  void aBurstWhileTheServerIsDownIsRetriedOnTheBackoffNotOncePerEvent() throws Exception {
    int[] tries = new int[1];
    EventPoster down = events -> {
      synchronized (tries) {
        tries[0]++;
      }
      throw new ConnectException("Connection refused");
    };
    try (EventJournal journal = EventJournal.open(dir, down)) {
      long end = System.currentTimeMillis() + 1500;
      for (int i = 0; System.currentTimeMillis() < end; i++) {
        journal.accept(new Event(CREATED, "/burst/" + i, null));
        Thread.sleep(1);
      }
    }
    synchronized (tries) {
      // Backoffs of 100, 200, 400 and 800 ms fit about five tries into the burst's 1.2 s after it first settles.
      assertTrue(tries[0] >= 1 && tries[0] <= 10, "tries: " + tries[0]);
    }
  }

  @Test
  void sendsTheNetEffectInOrderAndCleansUp() throws Exception {
    // Journaled while the server is down, so that a slow machine cannot split the burst across two sends.
    try (EventJournal down = EventJournal.open(dir, events -> {
      throw new ConnectException("Connection refused");
    })) {
      down.accept(new Event(CREATED, "/a.txt", null));
      down.accept(new Event(MOVED, "/a.txt~", "/k.txt"));
      down.accept(new Event(CREATED, "/k.txt", null));
      down.accept(new Event(DELETED, "/a.txt~", null));
      down.accept(new Event(MODIFIED, "/b.txt", null));
    }
    List<Event> got = new ArrayList<>();
    try (EventJournal journal = EventJournal.open(dir, record(got))) {
      assertTrue(journal.awaitDrained(Duration.ofSeconds(10)));
      assertEquals(0, journal.pending());
    }
    assertEquals(List.of(new Event(CREATED, "/a.txt", null), new Event(MODIFIED, "/k.txt", null),
        new Event(MODIFIED, "/b.txt", null)), got);
    assertEquals(List.of(), children(dir));
  }

  @Test
  void keepsEverythingWhileTheServerIsDownAndSendsItAfterReopen() throws Exception {
    List<String> tried = new ArrayList<>();
    EventPoster down = events -> {
      synchronized (tried) {
        tried.add(events.get(0).path());
      }
      throw new ConnectException("Connection refused");
    };
    try (EventJournal journal = EventJournal.open(dir, down)) {
      for (int i = 0; i < 5; i++) {
        journal.accept(new Event(CREATED, "/f" + i, null));
        Thread.sleep(60);
      }
      assertTrue(!journal.awaitDrained(Duration.ofMillis(1500)));
      assertEquals(5, journal.pending());
    }
    synchronized (tried) {
      assertTrue(tried.size() >= 2, "retried: " + tried);
    }
    List<Event> got = new ArrayList<>();
    try (EventJournal journal = EventJournal.open(dir, record(got))) {
      journal.accept(new Event(CREATED, "/later", null));
      assertTrue(journal.awaitDrained(Duration.ofSeconds(10)));
    }
    assertEquals(List.of("/f0", "/f1", "/f2", "/f3", "/f4", "/later"), got.stream().map(Event::path).toList());
    assertEquals(List.of(), children(dir));
  }

  @Test
  void aRefusedEventIsSetAsideAndTheRestArrive() throws Exception {
    List<Event> got = new ArrayList<>();
    EventPoster poster = events -> {
      List<String> refusals = new ArrayList<>();
      for (Event e : events) {
        boolean bad = e.path().equals("/bad") || "/bad".equals(e.from());
        refusals.add(bad ? "HTTP 404 not found" : null);
        if (!bad) {
          got.add(e);
        }
      }
      return refusals;
    };
    try (EventJournal journal = EventJournal.open(dir, poster)) {
      journal.accept(new Event(MODIFIED, "/one", null));
      journal.accept(new Event(MOVED, "/elsewhere", "/bad"));
      journal.accept(new Event(MODIFIED, "/bad", null));
      journal.accept(new Event(MODIFIED, "/two", null));
      assertTrue(journal.awaitDrained(Duration.ofSeconds(10)));
    }
    assertEquals(List.of("/one", "/two"), got.stream().map(Event::path).toList());
    assertEquals(2, EventJournal.setAsideCount(dir));
    List<String> lines = Files.readAllLines(dir.resolve(EventJournal.REJECTED));
    assertTrue(lines.get(0).contains("\"from\":\"/bad\"") && lines.get(0).contains("HTTP 404"), lines.get(0));
    assertTrue(lines.get(1).contains("\"path\":\"/bad\""), lines.get(1));
  }

  @Test
  void aRequestRefusedAsAWholeIsSetAsideAndLaterOnesArrive() throws Exception {
    List<Event> got = new ArrayList<>();
    EventPoster poster = events -> {
      if (events.stream().anyMatch(e -> e.path().equals("/poison"))) {
        throw new EventRejectedException("HTTP 400 bad event");
      }
      return record(got).post(events);
    };
    try (EventJournal journal = EventJournal.open(dir, poster)) {
      journal.accept(new Event(CREATED, "/poison", null));
      assertTrue(journal.awaitDrained(Duration.ofSeconds(10)));
      journal.accept(new Event(CREATED, "/fine", null));
      assertTrue(journal.awaitDrained(Duration.ofSeconds(10)));
    }
    assertEquals(List.of("/fine"), got.stream().map(Event::path).toList());
    assertEquals(1, EventJournal.setAsideCount(dir));
  }

  @Test
  void manyEventsGoInFewRequestsOfBoundedSize() throws Exception {
    List<Integer> sizes = new ArrayList<>();
    List<Event> got = new ArrayList<>();
    EventPoster poster = events -> {
      sizes.add(events.size());
      return record(got).post(events);
    };
    try (EventJournal journal = EventJournal.open(dir, poster)) {
      for (int i = 0; i < 2_000; i++) {
        journal.accept(new Event(CREATED, "/many/" + i, null));
      }
      assertTrue(journal.awaitDrained(Duration.ofSeconds(20)));
    }
    // Requests go several at a time, so only the order inside one is kept.
    assertEquals(2_000, got.size());
    assertEquals(2_000, got.stream().map(Event::path).distinct().count());
    assertTrue(got.stream().allMatch(e -> e.path().startsWith("/many/")));
    assertTrue(sizes.stream().allMatch(n -> n <= EventJournal.MAX_POST), sizes.toString());
    assertTrue(sizes.size() < 20, "requests: " + sizes);
  }

  @Test
  void requestsGoSeveralAtATimeButAMoveGoesAloneAndInOrder() throws Exception {
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    List<Integer> overlaps = Collections.synchronizedList(new ArrayList<>());
    List<String> moveOverlaps = Collections.synchronizedList(new ArrayList<>());
    List<Event> got = Collections.synchronizedList(new ArrayList<>());
    EventPoster poster = events -> {
      int now = inFlight.incrementAndGet();
      try {
        overlaps.add(now);
        if (events.stream().anyMatch(e -> e.type() == MOVED) && now > 1) {
          moveOverlaps.add(events.get(0).path());
        }
        Thread.sleep(50);
        got.addAll(events);
        return Collections.nCopies(events.size(), null);
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException();
      } finally {
        inFlight.decrementAndGet();
      }
    };
    // Journaled while the server is down, so that they form one batch of several requests.
    try (EventJournal down = EventJournal.open(dir, events -> {
      throw new ConnectException("Connection refused");
    })) {
      for (int i = 0; i < 2_000; i++) {
        down.accept(new Event(CREATED, "/w/" + i, null));
      }
      down.accept(new Event(MOVED, "/w/moved-1", "/old/1"));
      for (int i = 2_000; i < 3_000; i++) {
        down.accept(new Event(CREATED, "/w/" + i, null));
      }
      down.accept(new Event(MOVED, "/w/moved-2", "/old/2"));
    }
    try (EventJournal journal = EventJournal.open(dir, poster)) {
      assertTrue(journal.awaitDrained(Duration.ofSeconds(20)));
    }
    assertEquals(List.of(), moveOverlaps, "a request with a move went beside another");
    assertTrue(overlaps.stream().anyMatch(n -> n > 1), "requests never overlapped: " + overlaps);
    List<String> moves = got.stream().filter(e -> e.type() == MOVED).map(Event::path).toList();
    assertEquals(List.of("/w/moved-1", "/w/moved-2"), moves);
  }

  @Test
  void eventsOfAKilledProcessAreSentByTheNextOpener() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), JournalChild.class.getName(), dir.toString(), "20")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start(); // its retry warnings would mix into "ready"
    try {
      assertEquals("ready\n", new String(child.getInputStream().readNBytes(6)), "the child journaled its events");
      // While the child holds its journal, a second journal in the same directory works beside it.
      try (EventJournal beside = EventJournal.open(dir, events -> Collections.nCopies(events.size(), null))) {
        assertEquals(0, beside.pending());
      }
    } finally {
      child.destroyForcibly(); // also when an assertion failed: the child would otherwise wait forever
    }
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    List<Event> got = new ArrayList<>();
    try (EventJournal journal = EventJournal.open(dir, record(got))) {
      assertTrue(journal.awaitDrained(Duration.ofSeconds(10)));
    }
    assertEquals(20, got.size());
    for (int i = 0; i < 20; i++) {
      assertEquals("/crash/" + i + ".txt", got.get(i).path());
    }
    assertEquals(List.of(), children(dir));
  }

  private static EventPoster record(List<Event> into) {
    return events -> {
      synchronized (into) {
        into.addAll(events);
      }
      return Collections.nCopies(events.size(), null);
    };
  }

  private static List<Path> children(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.toList();
    }
  }
}
