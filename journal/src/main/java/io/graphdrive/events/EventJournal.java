package io.graphdrive.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable outbox of drive events: {@link #accept} writes the raw event to an append-only journal and returns at
 * once; a sender thread coalesces what has settled (see {@link Coalescer}) and posts it, retrying while
 * the index tier is down.
 *
 * <p>Layout: each open journal owns a directory {@code <journalDir>/<millis>-<pid>-<n>/} holding {@code lock}
 * (an OS file lock, held while open), {@code events.jsonl} (one JSON object a line:
 * {@code {"t":epochMillis,"type":"MOVED","path":"/b","from":"/a"}}) and {@code sent} (the byte offset in
 * {@code events.jsonl} up to which the server has acknowledged). Several processes may therefore journal into
 * one data directory at once (the mount, an import, an mv). A directory whose lock is free was left by a process
 * that crashed or closed with events unsent: every opener, at open and every 30 s while idle, adopts such
 * directories, appending their unsent events to its own journal before deleting them. When everything is
 * acknowledged the journal is compacted (truncated to empty); a closed, drained journal removes its directory.
 *
 * <p>Fsync policy: each event is written with one {@code write(2)} straight to the file, with no buffer in this
 * process, so a crash or kill of the client loses nothing that {@code accept} returned from. The file is forced
 * to disk by the sender thread at most once a second, and on close, not per event: an fsync per event would put
 * a disk flush into every file close in the mount, and the worst a power cut can then cost is the last second
 * of events. The {@code sent} offset is written, forced to disk and renamed into place after each acknowledged
 * batch; events sent again after a crash are taken by the server as repeats. Delivery is at least once.
 *
 * <p>Settled events are coalesced and posted {@link #MAX_POST} to a request, up to {@link #IN_FLIGHT} requests at a
 * time where no move is among them (see {@link #postChunks}). Events the server refuses
 * for good (one by one in its answer, or a whole request by {@link EventRejectedException}) are set aside in
 * {@code rejected.jsonl} beside the journals and skipped; every other failure is retried with a backoff capped at
 * 5 s, keeping all events.
 */
public final class EventJournal implements Consumer<Event>, AutoCloseable {
  /** How old an event must be before it is sent, so that a burst (an editor's save) is sent as its net effect. */
  static final long SETTLE_MS = 300;
  // Events less than this apart are taken as one burst, which a batch should not cut in two.
  private static final long BURST_GAP_MS = 50;
  // How much longer than SETTLE_MS the oldest event of a long burst may wait for a fuller request.
  private static final long LINGER_MS = 200;
  private static final int MAX_BATCH = 10_000;
  /** The most events one request carries, and about the most characters of paths. */
  static final int MAX_POST = 500;
  /** How many requests are posted at once, so that several index servers work on one backlog. */
  private static final int IN_FLIGHT = 4;
  private static final long MAX_POST_CHARS = 256 * 1024;
  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final long FORCE_EVERY_MS = 1_000;
  private static final long ADOPT_EVERY_MS = 30_000;
  private static final String EVENTS = "events.jsonl";
  private static final String SENT = "sent";
  private static final String LOCK = "lock";
  /** Beside the journal directories: the events the server refused for good. */
  static final String REJECTED = "rejected.jsonl";
  private static final AtomicInteger OPENED = new AtomicInteger();
  private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);

  private final Path root;
  private final Path dir;
  private final EventPoster poster;
  private final FileChannel lockChannel;
  private final FileChannel log;
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private final Thread sender;
  private final ExecutorService posting;
  private long written;
  private boolean dirty;
  private boolean closed;
  private boolean down;

  private EventJournal(Path root, Path dir, EventPoster poster, FileChannel lockChannel) throws IOException {
    this.root = root;
    this.dir = dir;
    this.poster = poster;
    this.lockChannel = lockChannel;
    this.log = FileChannel.open(dir.resolve(EVENTS), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    this.sender = new Thread(this::run, "graphdrive-event-sender");
    sender.setDaemon(true);
    AtomicInteger n = new AtomicInteger();
    this.posting = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
      Thread t = new Thread(r, "graphdrive-event-post-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Opens a new journal under {@code journalDir} (normally {@code <data>/journal}), takes over the unsent
   * events of journals left there by processes that are gone, and starts sending.
   */
  public static EventJournal open(Path journalDir, EventPoster poster) throws IOException {
    Path root = journalDir.toAbsolutePath();
    Files.createDirectories(root);
    String name = System.currentTimeMillis() + "-" + ProcessHandle.current().pid() + "-" + OPENED.incrementAndGet();
    // Made and locked under a dot name that adopters skip, so none can take it for an abandoned journal.
    Path staging = Files.createDirectory(root.resolve("." + name));
    FileChannel lockChannel = FileChannel.open(staging.resolve(LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    lockChannel.lock();
    Path dir = Files.move(staging, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    EventJournal journal = new EventJournal(root, dir, poster, lockChannel);
    journal.adoptOrphans();
    journal.sender.start();
    return journal;
  }

  /** Journals an event and returns without waiting for the network; an event that can never be valid is dropped. */
  @Override
  public void accept(Event event) {
    Event valid;
    try {
      valid = event.validated();
    } catch (IllegalArgumentException e) {
      LOG.warn("dropping event {}: {}", event, e.getMessage());
      return;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the event journal in " + dir + " is closed");
      }
      try {
        append(valid, System.currentTimeMillis());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the event journal in " + dir, e);
      }
    }
  }

  /** Returns how many journaled events the server has not yet acknowledged. */
  public synchronized int pending() {
    return queue.size();
  }

  /** Waits until every journaled event is acknowledged; returns false if time ran out first. */
  public synchronized boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!queue.isEmpty()) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /**
   * Stops sending and closes the journal; events not yet acknowledged stay on disk for the next opener.
   * Waits at most 2 s for a post in flight, which is then sent again later.
   */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      notifyAll();
    }
    try {
      sender.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    posting.shutdownNow();
    synchronized (this) {
      log.force(false);
      log.close();
      if (queue.isEmpty()) {
        for (String file : List.of(EVENTS, SENT, LOCK)) {
          Files.deleteIfExists(dir.resolve(file));
        }
        Files.deleteIfExists(dir);
      } else {
        LOG.warn("{} events are not yet acknowledged by the server; they are kept in {} and sent by the next "
            + "GraphDrive client that uses this data directory", queue.size(), dir);
      }
      lockChannel.close();
    }
  }

  /** Writes one event line with a single write and queues it for sending; called with the monitor held. */
  private void append(Event event, long time) throws IOException {
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("t", time).put("type", event.type().name()).put("path", event.path());
    if (event.from() != null) {
      line.put("from", event.from());
    }
    ByteBuffer bytes = ByteBuffer.wrap((Json.mapper().writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      written += log.write(bytes);
    }
    queue.add(new Entry(event, time, written));
    dirty = true;
    notifyAll();
  }

  /** The sender thread: forms a batch of settled events, posts its net effect, then acknowledges it. */
  private void run() {
    long backoff = MIN_BACKOFF_MS;
    long lastForce = System.currentTimeMillis();
    long lastAdopt = lastForce;
    List<Entry> batch = List.of();
    List<List<Event>> chunks = List.of();
    Set<Integer> delivered = new HashSet<>();
    try {
      while (true) {
        long now = System.currentTimeMillis();
        if (now - lastForce >= FORCE_EVERY_MS) {
          force();
          lastForce = now;
        }
        if (now - lastAdopt >= ADOPT_EVERY_MS && pending() == 0) {
          try {
            adoptOrphans();
          } catch (IOException e) {
            LOG.warn("cannot take over journals left in {}: {}", root, e.toString());
          }
          lastAdopt = now;
        }
        // Until a request of a batch is acknowledged, the batch is formed again, taking in what has settled
        // meanwhile: events that pile up while the server is down are coalesced together.
        if (delivered.isEmpty()) {
          batch = settled();
          if (batch == null) {
            return;
          }
          if (batch.isEmpty()) {
            continue;
          }
          chunks = chunks(Coalescer.coalesce(batch.stream().map(Entry::event).toList()));
        }
        IOException failure = postChunks(chunks, delivered);
        if (failure != null) {
          if (!down) {
            down = true;
            String why = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            LOG.warn("cannot deliver events ({}); {} kept in {}, retrying", why, pending(), dir);
          }
          synchronized (this) {
            // Every journaled event notifies too: only a close cuts the wait short, or a burst while the server
            // is down would be coalesced and posted again once per event.
            long until = System.currentTimeMillis() + backoff;
            for (long left = backoff; left > 0 && !closed; left = until - System.currentTimeMillis()) {
              wait(left);
            }
            if (closed) {
              return;
            }
          }
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
          continue;
        }
        backoff = MIN_BACKOFF_MS;
        if (down) {
          down = false;
          LOG.info("the index tier answers again; sending the journaled events");
        }
        acknowledge(batch);
        delivered.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.error("the event sender stopped; events stay in {} for the next client: {}", dir, e.toString());
    }
  }

  /** Cuts events into requests of at most {@link #MAX_POST} events and about {@link #MAX_POST_CHARS} of paths. */
  private static List<List<Event>> chunks(List<Event> events) {
    List<List<Event>> chunks = new ArrayList<>();
    int from = 0;
    while (from < events.size()) {
      int end = from;
      long chars = 0;
      while (end < events.size() && end - from < MAX_POST && (end == from || chars < MAX_POST_CHARS)) {
        Event e = events.get(end++);
        chars += 64 + e.path().length() + (e.from() == null ? 0 : e.from().length());
      }
      chunks.add(events.subList(from, end));
      from = end;
    }
    return chunks;
  }

  /**
   * Posts the requests not yet in {@code delivered} in order, adding each one acknowledged; returns the first failure
   * worth a retry (later requests then wait), or null once all are delivered. Up to {@link #IN_FLIGHT} requests
   * without a move go at once: the server takes a create, change or delete as what storage now holds at that path,
   * so their order does not matter. A request with a move goes alone, after those before it, since a chain of
   * moves must arrive in order to keep a file's node.
   */
  private IOException postChunks(List<List<Event>> chunks, Set<Integer> delivered) throws InterruptedException {
    // While the server is down, one request at a time probes it.
    int width = down ? 1 : IN_FLIGHT;
    List<Integer> wave = new ArrayList<>();
    for (int i = 0; i <= chunks.size(); i++) {
      boolean end = i == chunks.size();
      boolean moves = !end && chunks.get(i).stream().anyMatch(e -> e.type() == EventType.MOVED);
      if (!wave.isEmpty() && (end || moves || wave.size() == width)) {
        IOException failure = postAll(chunks, wave, delivered);
        if (failure != null) {
          return failure;
        }
        wave.clear();
      }
      if (!end && !delivered.contains(i)) {
        wave.add(i);
        if (moves) {
          IOException failure = postAll(chunks, wave, delivered);
          if (failure != null) {
            return failure;
          }
          wave.clear();
        }
      }
    }
    return null;
  }

  /** Posts the given requests at once and waits for all; returns the first failure worth a retry, or null. */
  private IOException postAll(List<List<Event>> chunks, List<Integer> wave, Set<Integer> delivered)
      throws InterruptedException {
    if (wave.size() == 1) {
      IOException failure = post(chunks.get(wave.get(0)));
      if (failure == null) {
        delivered.add(wave.get(0));
      }
      return failure;
    }
    List<Future<IOException>> results = new ArrayList<>();
    for (int i : wave) {
      results.add(posting.submit(() -> post(chunks.get(i))));
    }
    IOException first = null;
    for (int k = 0; k < wave.size(); k++) {
      IOException failure;
      try {
        failure = results.get(k).get();
      } catch (ExecutionException e) {
        failure = new IOException(e.getCause());
      }
      if (failure == null) {
        delivered.add(wave.get(k));
      } else if (first == null) {
        first = failure;
      }
    }
    return first;
  }

  /** Posts one request and sets aside what the server refused; returns a failure worth a retry, or null. */
  private IOException post(List<Event> chunk) {
    try {
      List<String> refusals = poster.post(chunk);
      for (int i = 0; i < chunk.size(); i++) {
        if (refusals.get(i) != null) {
          setAside(chunk.get(i), refusals.get(i));
        }
      }
      return null;
    } catch (EventRejectedException e) {
      for (Event event : chunk) {
        setAside(event, e.getMessage());
      }
      return null;
    } catch (IOException e) {
      return e;
    } catch (RuntimeException e) {
      return new IOException(e.toString(), e);
    }
  }

  /**
   * Keeps an event the server refused for good in {@code rejected.jsonl} beside the journals, with the reason, so
   * that it neither blocks the rest nor goes unseen ({@code graphdrive status} counts them).
   */
  private void setAside(Event event, String reason) {
    LOG.warn("the server refused {}; set aside in {}: {}", event, root.resolve(REJECTED), reason);
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("t", System.currentTimeMillis()).put("type", event.type().name()).put("path", event.path());
    if (event.from() != null) {
      line.put("from", event.from());
    }
    line.put("reason", reason);
    try {
      Files.writeString(root.resolve(REJECTED), Json.mapper().writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warn("cannot write {}: {}", root.resolve(REJECTED), e.toString());
    }
  }

  /** Returns how many events the server refused for good in the journal directory {@code journalDir}. */
  public static long setAsideCount(Path journalDir) throws IOException {
    Path file = journalDir.resolve(REJECTED);
    if (!Files.exists(file)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isBlank()).count();
    }
  }

  /**
   * Returns the oldest events that have settled, not cutting a burst in two unless it never pauses; an empty
   * list after a short wait if there are none yet, or null once closed.
   */
  private synchronized List<Entry> settled() throws InterruptedException {
    if (closed) {
      return null;
    }
    long now = System.currentTimeMillis();
    List<Entry> ready = new ArrayList<>();
    Iterator<Entry> it = queue.iterator();
    Entry after = null;
    while (it.hasNext()) {
      Entry e = it.next();
      if (e.time > now - SETTLE_MS || ready.size() >= MAX_BATCH) {
        after = e;
        break;
      }
      ready.add(e);
    }
    if (ready.isEmpty()) {
      long wait = after == null ? FORCE_EVERY_MS : after.time + SETTLE_MS - now;
      wait(Math.max(1, Math.min(wait, FORCE_EVERY_MS)));
      return ready;
    }
    if (after != null) {
      int cut = ready.size();
      while (cut > 0 && (cut == ready.size() ? after.time : ready.get(cut).time) - ready.get(cut - 1).time
          < BURST_GAP_MS) {
        cut--;
      }
      if (cut > 0) {
        return ready.subList(0, cut);
      }
      // A burst that goes on settles a few events at a time: wait a little for a request's worth.
      if (ready.size() < MAX_POST && now - ready.get(0).time < SETTLE_MS + LINGER_MS) {
        wait(Math.max(1, Math.min(after.time + SETTLE_MS - now, LINGER_MS)));
        return List.of();
      }
    }
    return ready;
  }

  /** Records that a batch is acknowledged: persists the sent offset, and compacts the journal when all is sent. */
  private synchronized void acknowledge(List<Entry> batch) throws IOException {
    if (closed || batch.isEmpty()) {
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      queue.poll();
    }
    long sent = batch.get(batch.size() - 1).end;
    if (queue.isEmpty()) {
      // Truncated before the offset is reset: a crash in between leaves an offset past the end, read as "all sent".
      log.truncate(0);
      written = 0;
      sent = 0;
    }
    try {
      Path tmp = dir.resolve(SENT + ".tmp");
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(ByteBuffer.wrap(Long.toString(sent).getBytes(StandardCharsets.US_ASCII)));
        // On disk before the rename, so that a power cut leaves the old offset or the new one, never an empty file.
        out.force(false);
      }
      Files.move(tmp, dir.resolve(SENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.warn("cannot record the sent offset in {}; those events may be sent again: {}", dir, e.toString());
    }
    notifyAll();
  }

  private void force() {
    synchronized (this) {
      if (!dirty || closed) {
        return;
      }
      dirty = false;
    }
    try {
      log.force(false);
    } catch (IOException e) {
      LOG.warn("cannot flush the event journal in {} to disk: {}", dir, e.toString());
    }
  }

  /** Takes over the unsent events of journal directories whose owner is gone, oldest first. */
  private void adoptOrphans() throws IOException {
    List<Path> others;
    try (Stream<Path> list = Files.list(root)) {
      others = list.filter(p -> !p.getFileName().toString().startsWith(".") && !p.equals(dir) && Files.isDirectory(p))
          .sorted().toList();
    }
    for (Path other : others) {
      try (FileChannel channel = FileChannel.open(other.resolve(LOCK), StandardOpenOption.WRITE)) {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          continue;
        }
        if (lock == null) {
          continue;
        }
        List<Event> events = unsent(other);
        synchronized (this) {
          for (Event event : events) {
            append(event, 0);
          }
        }
        log.force(false);
        if (!events.isEmpty()) {
          LOG.info("took over {} unsent events from {}", events.size(), other);
        }
        for (String file : List.of(EVENTS, SENT, SENT + ".tmp", LOCK)) {
          Files.deleteIfExists(other.resolve(file));
        }
        Files.deleteIfExists(other);
      } catch (NoSuchFileException e) {
        // Its owner is removing it after a clean close, or another opener adopted it first.
      }
    }
  }

  /** Reads the events of a journal directory past its sent offset; a torn last line was never accepted. */
  private static List<Event> unsent(Path other) throws IOException {
    Path events = other.resolve(EVENTS);
    if (!Files.exists(events)) {
      return List.of();
    }
    byte[] bytes = Files.readAllBytes(events);
    long sent = 0;
    try {
      sent = Long.parseLong(Files.readString(other.resolve(SENT)).strip());
    } catch (NoSuchFileException | NumberFormatException e) {
      // Nothing acknowledged yet, or the offset was lost: send from the start.
    }
    int start = (int) Math.min(Math.max(sent, 0), bytes.length);
    List<Event> out = new ArrayList<>();
    String text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return out;
    }
    for (String line : text.substring(0, end).split("\n")) {
      try {
        JsonNode node = Json.mapper().readTree(line);
        out.add(new Event(EventType.valueOf(node.path("type").asText()), node.path("path").asText(),
            node.hasNonNull("from") ? node.get("from").asText() : null).validated());
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("skipping an unreadable line in {}: {}", other.resolve(EVENTS), line);
      }
    }
    return out;
  }

  /** One journaled event: when it was accepted and where its line ends in the journal file. */
  private record Entry(Event event, long time, long end) {}
}
