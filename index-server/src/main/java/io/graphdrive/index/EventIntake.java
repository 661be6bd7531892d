package io.graphdrive.index;

import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.storage.FileStat;
import io.graphdrive.storage.JuiceStorage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.TransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records drive events in the graph as storage now has them: a batch is checked against storage, written in one
 * Neo4j transaction, and its PENDING files are dispatched after the commit. Storage decides, so a replayed or
 * late event cannot bring back a file that is gone, remove one that exists, or move a name over a newer file.
 */
final class EventIntake {
  private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);
  private static final int STAT_THREADS = 8;

  /** What became of one event: a status (PENDING, DIR, TAGGED, DELETED, GONE, EXISTS, ...) or why it was refused. */
  record Outcome(String path, String status, ApiError refused) {
    static Outcome refused(String path, ApiError why) {
      return new Outcome(path, null, why);
    }
  }

  /** One event with what storage holds at its path (and at its source, for a move). */
  private record Step(Event event, Optional<FileStat> at, Optional<FileStat> from) {}

  private final Graph graph;
  private final JuiceStorage storage;
  private final Dispatcher dispatcher;
  /** Runs the storage stats of a batch; its threads end when idle. */
  private final ThreadPoolExecutor stats;

  EventIntake(Graph graph, JuiceStorage storage, Dispatcher dispatcher) {
    this.graph = graph;
    this.storage = storage;
    this.dispatcher = dispatcher;
    AtomicInteger n = new AtomicInteger();
    this.stats = new ThreadPoolExecutor(STAT_THREADS, STAT_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "intake-stat-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    stats.allowCoreThreadTimeOut(true);
  }

  /** Records one event; a refused one is thrown as its ApiError. */
  String record(Event event) throws IOException {
    Outcome outcome = record(List.of(event), Dispatcher.Priority.INTERACTIVE).get(0);
    if (outcome.refused() != null) {
      throw outcome.refused();
    }
    return outcome.status();
  }

  /**
   * Records valid events in order and returns one outcome each; their PENDING files are tagged at the priority
   * given. An event whose write fails for a reason other than an unreachable Neo4j is refused alone (the batch is
   * then written one event at a time), so it cannot hold back the rest.
   *
   * @throws IOException if storage cannot be asked; nothing is recorded then
   */
  List<Outcome> record(List<Event> events, Dispatcher.Priority priority) throws IOException {
    List<Step> steps = plan(events);
    long now = System.currentTimeMillis();
    Map<String, Long> pending = new LinkedHashMap<>();
    List<Outcome> outcomes;
    try {
      outcomes = graph.write(tx -> {
        pending.clear();
        return write(tx, steps, now, pending);
      });
    } catch (ServiceUnavailableException | SessionExpiredException | TransientException e) {
      throw e;
    } catch (RuntimeException e) {
      if (steps.size() == 1) {
        outcomes = List.of(refusal(steps.get(0), e));
      } else {
        LOG.warn("a batch of {} events failed as a whole ({}); recording them one at a time", steps.size(), e.toString());
        outcomes = new ArrayList<>();
        pending.clear();
        for (Step step : steps) {
          Map<String, Long> one = new HashMap<>();
          try {
            outcomes.add(graph.write(tx -> {
              one.clear();
              return write(tx, List.of(step), now, one);
            }).get(0));
            pending.putAll(one);
          } catch (ServiceUnavailableException | SessionExpiredException | TransientException down) {
            throw down;
          } catch (RuntimeException failed) {
            outcomes.add(refusal(step, failed));
          }
        }
      }
    }
    pending.forEach((path, generation) -> dispatcher.dispatch(path, generation, priority));
    return outcomes;
  }

  /**
   * Asks storage about every event's paths, several at a time on Redis metadata: each stat is a few round trips,
   * which overlap well. On SQLite one at a time: with parallel stats there, ApiTest saw stats and writes fail (EIO).
   */
  private List<Step> plan(List<Event> events) throws IOException {
    if (events.size() == 1 || !storage.metadataServed()) {
      List<Step> steps = new ArrayList<>();
      for (Event e : events) {
        steps.add(step(e));
      }
      return steps;
    }
    List<Future<Step>> futures = new ArrayList<>();
    for (Event e : events) {
      futures.add(stats.submit(() -> step(e)));
    }
    List<Step> steps = new ArrayList<>();
    try {
      for (Future<Step> f : futures) {
        steps.add(f.get());
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while checking events against storage");
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    return steps;
  }

  private Step step(Event e) throws IOException {
    return new Step(e, storage.stat(e.path()), e.type() == EventType.MOVED ? storage.stat(e.from()) : Optional.empty());
  }

  private static Outcome refusal(Step step, RuntimeException e) {
    LOG.error("could not record {}", step.event(), e);
    return Outcome.refused(step.event().path(), new ApiError(500, "not recorded",
        "the graph refused this event: " + e.getClass().getSimpleName()));
  }

  /**
   * Writes the steps in order in one transaction, runs of upserts and of removals each as a few statements; fills
   * {@code pending} with the files to dispatch and their generations.
   */
  private List<Outcome> write(TransactionContext tx, List<Step> steps, long now, Map<String, Long> pending) {
    List<Outcome> outcomes = new ArrayList<>();
    Upserts upserts = new Upserts();
    List<String> removals = new ArrayList<>();
    for (Step step : steps) {
      Event e = step.event();
      boolean upsert = e.type() != EventType.DELETED && e.type() != EventType.MOVED && step.at().isPresent();
      boolean removal = step.at().isEmpty() && e.type() != EventType.MOVED;
      if (!upsert) {
        upserts.flush(tx, outcomes, now, pending);
      }
      if (!removal) {
        flushRemovals(tx, removals, pending);
      }
      if (upsert) {
        upserts.add(step.at().get(), outcomes.size());
        outcomes.add(new Outcome(e.path(), step.at().get().directory() ? "DIR" : "PENDING", null));
      } else if (removal) {
        removals.add(e.path());
        // A create or change of a file already gone: its node, if any, goes too.
        outcomes.add(new Outcome(e.path(), e.type() == EventType.DELETED ? "DELETED" : "GONE", null));
      } else if (e.type() == EventType.DELETED) {
        // A delete older than the file now at the path.
        outcomes.add(new Outcome(e.path(), "EXISTS", null));
      } else {
        outcomes.add(move(tx, step, now, pending));
      }
    }
    upserts.flush(tx, outcomes, now, pending);
    flushRemovals(tx, removals, pending);
    return outcomes;
  }

  /**
   * Moves the source's node when storage no longer has the source. When it does, the source was written again
   * after this move (a replay, or a name reused): its node is the newer file's and stays; only the target is
   * recorded if the graph lacks it.
   */
  private Outcome move(TransactionContext tx, Step step, long now, Map<String, Long> pending) {
    Event e = step.event();
    if (step.from().isEmpty()) {
      Optional<String> moved = Graph.move(tx, e.from(), e.path(), now);
      pending.remove(e.from());
      if (moved.isPresent()) {
        if (moved.get().equals("PENDING")) {
          // Dispatched again under its new name.
          pending.putAll(Graph.upsertPending(tx, List.of(step.at().orElse(new FileStat(e.path(), false, -1, -1, 0))),
              dispatcher.owner(), now, dispatcher.leaseUntil(now)));
        } else if (moved.get().equals("DIR")) {
          // Its files waiting for tagging likewise, instead of when their leases run out.
          pending.keySet().removeIf(p -> p.startsWith(e.from() + "/"));
          List<FileStat> waiting = Graph.pendingUnder(tx, e.path()).stream()
              .map(p -> new FileStat(p, false, -1, -1, 0)).toList();
          pending.putAll(Graph.upsertPending(tx, waiting, dispatcher.owner(), now, dispatcher.leaseUntil(now)));
        }
        return new Outcome(e.path(), moved.get(), null);
      }
    } else {
      String known = Graph.statusAt(tx, e.path());
      if (known != null) {
        return new Outcome(e.path(), known, null);
      }
    }
    if (step.at().isEmpty()) {
      return step.from().isEmpty()
          ? Outcome.refused(e.path(), new ApiError(404, "not found",
              "nothing known at " + e.from() + " or stored at " + e.path()))
          : new Outcome(e.path(), "GONE", null);
    }
    List<Outcome> one = new ArrayList<>(List.of(new Outcome(e.path(), step.at().get().directory() ? "DIR" : "PENDING", null)));
    Upserts upsert = new Upserts();
    upsert.add(step.at().get(), 0);
    upsert.flush(tx, one, now, pending);
    return one.get(0);
  }

  /** A run of files and directories to upsert, with the outcomes that answer for them. */
  private final class Upserts {
    private final Map<String, FileStat> files = new LinkedHashMap<>();
    private final Map<String, List<Integer>> outcomeAt = new HashMap<>();
    private final List<String> dirs = new ArrayList<>();

    void add(FileStat st, int outcome) {
      if (st.directory()) {
        dirs.add(st.path());
      } else {
        files.put(st.path(), st);
        outcomeAt.computeIfAbsent(st.path(), p -> new ArrayList<>()).add(outcome);
      }
    }

    /**
     * Upserts the gathered files as PENDING, except those the graph has at the same size and time (their outcome
     * becomes their status, and nothing is tagged again), and the directories as Dirs; then forgets them.
     */
    void flush(TransactionContext tx, List<Outcome> outcomes, long now, Map<String, Long> pending) {
      if (!files.isEmpty()) {
        Map<String, String> unchanged = Graph.unchanged(tx, files.values());
        unchanged.forEach((path, status) -> {
          files.remove(path);
          for (int i : outcomeAt.get(path)) {
            outcomes.set(i, new Outcome(path, status, null));
          }
        });
        if (!files.isEmpty()) {
          pending.putAll(Graph.upsertPending(tx, files.values(), dispatcher.owner(), now, dispatcher.leaseUntil(now)));
        }
      }
      if (!dirs.isEmpty()) {
        Graph.linkToParents(tx, List.of(), dirs);
      }
      files.clear();
      outcomeAt.clear();
      dirs.clear();
    }
  }

  /** Deletes the gathered paths from the graph, then forgets them. */
  private static void flushRemovals(TransactionContext tx, List<String> removals, Map<String, Long> pending) {
    if (removals.isEmpty()) {
      return;
    }
    Graph.deleteAll(tx, removals);
    removals.forEach(pending::remove);
    removals.clear();
  }
}
