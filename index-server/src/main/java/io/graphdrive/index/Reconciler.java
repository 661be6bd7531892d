package io.graphdrive.index;

import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.storage.JuiceStorage;
import io.graphdrive.storage.PosixAttr;
import io.graphdrive.storage.PosixVolume;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the graph back in line with storage (fsck): every stored file and folder is recorded as a created one
 * (a file the graph holds unchanged stays as it is), then every file and folder node whose path is gone is deleted.
 * Both go through {@link EventIntake}, which checks storage, so a pass running beside the mount's own events cannot
 * undo them.
 */
final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final int BATCH = 500;

  private final JuiceStorage storage;
  private final Graph graph;
  private final EventIntake intake;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong checked = new AtomicLong();
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong removed = new AtomicLong();
  private volatile String error;
  private volatile long finishedAt;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "reconcile-timer");
    t.setDaemon(true);
    return t;
  });

  /** Makes the reconciler; it starts a pass by itself every {@code everyMinutes} (never when 0). */
  Reconciler(JuiceStorage storage, Graph graph, EventIntake intake, long everyMinutes) {
    this.storage = storage;
    this.graph = graph;
    this.intake = intake;
    if (everyMinutes > 0) {
      timer.scheduleWithFixedDelay(this::start, everyMinutes, everyMinutes, TimeUnit.MINUTES);
    }
  }

  /** Stops the periodic passes; a pass running ends on its own. */
  void close() {
    timer.shutdownNow();
  }

  /** Starts a pass in the background unless one is running; returns whether it started. */
  boolean start() {
    if (!running.compareAndSet(false, true)) {
      return false;
    }
    checked.set(0);
    recorded.set(0);
    removed.set(0);
    error = null;
    Thread t = new Thread(this::runPass, "reconcile");
    t.setDaemon(true);
    t.start();
    return true;
  }

  /** Returns the latest pass: whether it runs, paths checked, files recorded or re-recorded, nodes removed. */
  Map<String, Object> progress() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("running", running.get());
    p.put("checked", checked.get());
    p.put("recorded", recorded.get());
    p.put("removed", removed.get());
    p.put("finishedAt", finishedAt == 0 ? null : finishedAt);
    p.put("error", error);
    return p;
  }

  private void runPass() {
    long started = System.nanoTime();
    try {
      storedIntoGraph();
      goneOutOfGraph();
      LOG.info("reconciled the graph with storage in {} s: {} paths checked, {} files recorded, {} nodes removed",
          (System.nanoTime() - started) / 1_000_000_000, checked.get(), recorded.get(), removed.get());
    } catch (IOException | RuntimeException e) {
      error = e.toString();
      LOG.warn("reconciling stopped: {}", e.toString());
    } finally {
      finishedAt = System.currentTimeMillis();
      running.set(false);
    }
  }

  /**
   * Walks storage and records each folder and regular file; a file unknown or changed comes back PENDING. The walk
   * goes through libjfs's own calls, which tell a symlink (never followed) and a FIFO or device from a file.
   */
  private void storedIntoGraph() throws IOException {
    try (PosixVolume volume = storage.posix()) {
      Deque<String> dirs = new ArrayDeque<>(List.of("/"));
      List<Event> batch = new ArrayList<>();
      PosixAttr attr = new PosixAttr();
      while (!dirs.isEmpty()) {
        String dir = dirs.pop();
        List<String> names = new ArrayList<>();
        int r = volume.list(dir, names::add);
        if (r < 0) {
          // Removed since it was listed: its delete event takes care of it.
          continue;
        }
        for (String name : names) {
          String path = (dir.equals("/") ? "" : dir) + "/" + name;
          if (volume.lstat(path, attr) < 0 || !(attr.isDirectory() || attr.isRegular())) {
            continue;
          }
          if (attr.isDirectory()) {
            dirs.push(path);
          }
          batch.add(new Event(EventType.CREATED, path, null));
          if (batch.size() == BATCH) {
            record(batch, "PENDING", recorded);
          }
        }
      }
      record(batch, "PENDING", recorded);
    }
  }

  /** Pages through the graph's files, then its folders, and deletes those storage no longer has. */
  private void goneOutOfGraph() throws IOException {
    goneOutOfGraph(after -> graph.filePaths(after, BATCH, null));
    goneOutOfGraph(after -> graph.dirPaths(after, BATCH));
  }

  /** Deletes the paths storage no longer has, of the pages that {@code pageAfter} gives after a path. */
  private void goneOutOfGraph(Function<String, List<String>> pageAfter) throws IOException {
    String after = "";
    for (List<String> page = pageAfter.apply(after); !page.isEmpty(); page = pageAfter.apply(after)) {
      List<Event> gone = new ArrayList<>();
      for (String path : page) {
        checked.incrementAndGet();
        if (storage.stat(path).isEmpty()) {
          gone.add(new Event(EventType.DELETED, path, null));
        }
      }
      record(gone, "DELETED", removed);
      after = page.get(page.size() - 1);
    }
  }

  /** Records a batch through the intake, counts the outcomes with {@code status}, and empties the batch. */
  private void record(List<Event> batch, String status, AtomicLong count) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    if (status.equals("PENDING")) {
      checked.addAndGet(batch.size());
    }
    for (EventIntake.Outcome o : intake.record(batch, Dispatcher.Priority.BULK)) {
      if (status.equals(o.status())) {
        count.incrementAndGet();
      }
    }
    batch.clear();
  }
}
