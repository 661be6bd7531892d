package io.graphdrive.index;

import io.graphdrive.common.TaggingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands tagging outcomes in the graph in batches: whatever has arrived, up to {@value #BATCH}, in one transaction,
 * then links the landed files to similar ones and promotes recurring phrases, one transaction each. A batch the
 * graph refuses as a whole is landed file by file, so that one bad outcome cannot hold back the rest.
 */
final class Lander implements AutoCloseable {
  /** Most outcomes landed in one transaction. */
  static final int BATCH = 64;

  private static final Logger LOG = LoggerFactory.getLogger(Lander.class);
  private static final int ATTEMPTS = 3;

  private final Graph graph;
  private final Metrics metrics;
  private final LinkedBlockingQueue<Arrival> arrived = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** A tagging outcome of a file at a generation; {@code done} runs once it is landed, found stale or given up. */
  record Arrival(TaggingResult outcome, long generation, Runnable done) {}

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
    arrived.add(arrival);
  }

  private void run() {
    List<Arrival> batch = new ArrayList<>();
    while (running || !arrived.isEmpty()) {
      try {
        Arrival first = arrived.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
      } catch (InterruptedException e) {
        return;
      }
      arrived.drainTo(batch, BATCH - 1);
      try {
        land(batch);
      } catch (RuntimeException e) {
        LOG.error("landing {} result(s) failed: {}", batch.size(), e.toString());
      } finally {
        batch.forEach(a -> a.done().run());
        batch.clear();
      }
    }
  }

  private void land(List<Arrival> batch) {
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
      return;
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
    if (!tagged.isEmpty()) {
      try {
        graph.linkSimilar(tagged);
        graph.promoteRecurring(tagged);
      } catch (Neo4jException e) {
        LOG.warn("could not link {} landed file(s) to similar ones: {}", tagged.size(), e.getMessage());
      }
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
