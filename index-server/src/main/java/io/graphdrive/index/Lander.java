package io.graphdrive.index;

import io.graphdrive.common.TaggingResult;
import io.graphdrive.index.Dispatcher.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands tagging outcomes in the graph in batches: whatever has arrived, up to {@value #BATCH}, in one transaction,
 * then links the landed files to similar ones and promotes recurring phrases, one transaction each. A person's own
 * files land ahead of bulk work, in a batch of their own, and bulk files are linked once none is waiting. A batch
 * the graph refuses as a whole is landed file by file, so that one bad outcome cannot hold back the rest.
 */
final class Lander implements AutoCloseable {
  /** Most outcomes landed in one transaction. */
  static final int BATCH = 64;

  private static final Logger LOG = LoggerFactory.getLogger(Lander.class);
  private static final int ATTEMPTS = 3;

  private final Graph graph;
  private final Metrics metrics;
  private final PriorityBlockingQueue<Queued> arrived = new PriorityBlockingQueue<>();
  private final AtomicLong arrivals = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * A tagging outcome of a file at a generation, at its file's priority; {@code done} runs once it is landed, found
   * stale or given up.
   */
  record Arrival(TaggingResult outcome, long generation, Priority priority, Runnable done) {}

  /** An arrival in landing order: by priority, as the dispatcher orders files, then by arrival. */
  private record Queued(Arrival arrival, long seq) implements Comparable<Queued> {
    @Override
    public int compareTo(Queued other) {
      int c = arrival.priority().compareTo(other.arrival.priority());
      return c != 0 ? c : Long.compare(seq, other.seq);
    }
  }

  /** Starts the landing thread. */
  Lander(Graph graph, Metrics metrics) {
    this.graph = graph;
    this.metrics = metrics;
    this.thread = new Thread(this::run, "dispatcher-land");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues an outcome for landing. */
  void add(Arrival arrival) {
    arrived.add(new Queued(arrival, arrivals.incrementAndGet()));
  }

  private void run() {
    List<Arrival> batch = new ArrayList<>();
    // Landed files not yet linked to similar ones; that waits while a person's file is queued to land.
    List<String> unlinked = new ArrayList<>();
    while (running || !arrived.isEmpty()) {
      Queued first;
      try {
        first = arrived.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first != null) {
        batch.add(first.arrival());
        // Interactive outcomes come first in the queue; a batch of them takes no bulk ones, which would slow it.
        Priority priority = batch.get(0).priority();
        for (Queued next = arrived.peek(); next != null && batch.size() < BATCH
            && next.arrival().priority() == priority; next = arrived.peek()) {
          // Only this thread takes from the queue: the head peeked is the head polled, or an interactive one that
          // arrived in between, which is just as welcome.
          batch.add(arrived.poll().arrival());
        }
        try {
          unlinked.addAll(land(batch));
        } catch (RuntimeException e) {
          LOG.error("landing {} result(s) failed: {}", batch.size(), e.toString());
        } finally {
          batch.forEach(a -> a.done().run());
          batch.clear();
        }
      }
      Queued next = arrived.peek();
      if (!unlinked.isEmpty() && (next == null || next.arrival().priority() != Priority.INTERACTIVE)) {
        link(unlinked);
        unlinked.clear();
      }
    }
  }

  /** Lands a batch, file by file if the graph refuses it whole; returns the paths of the files landed TAGGED. */
  private List<String> land(List<Arrival> batch) {
    long now = System.currentTimeMillis();
    List<Boolean> landed = attempt(batch, now);
    if (landed == null && batch.size() > 1) {
      landed = new ArrayList<>();
      for (Arrival a : batch) {
        List<Boolean> one = attempt(List.of(a), now);
        landed.add(one == null ? null : one.get(0));
      }
    }
    if (landed == null) {
      return List.of();
    }
    List<String> tagged = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Arrival a = batch.get(i);
      Boolean ok = landed.get(i);
      if (ok == null) {
        continue;
      }
      metrics.increment("graphdrive_tagging_results_total",
          "outcome=\"" + (!ok ? "stale" : a.outcome().failed() ? "failed" : "tagged") + "\"");
      if (ok && !a.outcome().failed()) {
        tagged.add(a.outcome().path());
      }
    }
    return tagged;
  }

  /** Links landed files to similar ones and promotes their recurring phrases. */
  private void link(List<String> tagged) {
    try {
      graph.linkSimilar(tagged);
      graph.promoteRecurring(tagged);
    } catch (RuntimeException e) {
      LOG.warn("could not link {} landed file(s) to similar ones: {}", tagged.size(), e.toString());
    }
  }

  /**
   * Lands outcomes in one transaction, retried on the graph's errors; returns whether each landed, or null when the
   * graph refused them: their files stay PENDING, and the lease loop hands them out again.
   */
  private List<Boolean> attempt(List<Arrival> arrivals, long now) {
    List<Graph.Landing> landings = arrivals.stream().map(a -> new Graph.Landing(a.outcome(), a.generation())).toList();
    for (int attempt = 1; ; attempt++) {
      try {
        return graph.landAll(landings, now);
      } catch (Neo4jException e) {
        if (attempt == ATTEMPTS) {
          LOG.warn("could not land {} result(s) ({}); the lease loop retries them", arrivals.size(), e.getMessage());
          return null;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return null;
        }
      } catch (RuntimeException e) {
        LOG.warn("could not land {} result(s): {}", arrivals.size(), e.toString());
        return null;
      }
    }
  }

  /** Lands what has arrived, waiting at most 5 s, then stops. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.interrupt();
  }
}
