package io.graphdrive.index;

import io.graphdrive.common.TaggingResult;
import io.graphdrive.tagging.TaggingPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends PENDING files to the tagging pool, a person's own files ahead of bulk work, lands the results, keeps
 * this server's leases alive, claims files whose lease ran out (a crashed server's), and runs re-tagging of the
 * whole drive.
 */
final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Graph graph;
  private final TaggingPool pool;
  private final Metrics metrics;
  private final String owner;
  private final long leaseMillis;
  private final Map<String, Long> tracked = new ConcurrentHashMap<>();
  private final PriorityBlockingQueue<Job> queue = new PriorityBlockingQueue<>();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Semaphore slots;
  private final Semaphore expressLane;
  private final int maxInFlight;
  private final Lander lander;
  private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(daemon("lease"));
  private final Thread feeder;
  /** Set when the last claim filled the queue's room, so more expired files may wait; the feeder claims again. */
  private final AtomicBoolean moreExpired = new AtomicBoolean();
  /** Files claimed since the lease loop last found no more expired ones; touched by the lease thread only. */
  private long claimedInRun;
  private final AtomicBoolean retagRunning = new AtomicBoolean();
  private final AtomicLong retagQueued = new AtomicLong();
  private final Set<String> retagRemaining = ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;

  /** How soon a file should be tagged: a person waiting for one file goes ahead of an import or a re-tag. */
  enum Priority {
    INTERACTIVE,
    BULK
  }

  /** A file to tag, ordered by priority and then by arrival. */
  private record Job(String path, long generation, Priority priority, long seq) implements Comparable<Job> {
    @Override
    public int compareTo(Job other) {
      int c = priority.compareTo(other.priority);
      return c != 0 ? c : Long.compare(seq, other.seq);
    }
  }

  /** Ends the leases this server's name held before a restart, then starts feeding the pool and the lease loop. */
  Dispatcher(Graph graph, TaggingPool pool, Metrics metrics, String owner, long leaseMillis) {
    this.graph = graph;
    this.pool = pool;
    this.metrics = metrics;
    this.owner = owner;
    this.leaseMillis = leaseMillis;
    this.maxInFlight = Math.max(2, pool.workers() * 2);
    this.slots = new Semaphore(maxInFlight);
    this.expressLane = new Semaphore(maxInFlight);
    this.lander = new Lander(graph, metrics);
    this.feeder = daemon("feed").newThread(this::feed);
    feeder.start();
    long released = graph.releaseLeases(owner);
    if (released > 0) {
      LOG.info("{} PENDING file(s) were leased to this server before it restarted; claiming them again", released);
    }
    long period = Math.max(200, leaseMillis / 4);
    leases.scheduleWithFixedDelay(this::recover, 0, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Queues a PENDING file at the given generation for tagging (once, however often it is called). A person's file
   * goes straight to the pool while the express lane has room, without waiting for a bulk file's slot, which is
   * held until that file's outcome has landed.
   */
  void dispatch(String path, long generation, Priority priority) {
    Long previous = tracked.put(path, generation);
    if (previous == null || previous != generation) {
      Job job = new Job(path, generation, priority, queued.incrementAndGet());
      if (priority == Priority.INTERACTIVE && expressLane.tryAcquire()) {
        send(job, expressLane);
      } else {
        queue.add(job);
      }
    }
  }

  /** Returns the name leases are taken under. */
  String owner() {
    return owner;
  }

  /** Returns the time until which a lease taken now runs. */
  long leaseUntil(long now) {
    return now + leaseMillis;
  }

  /** Returns the number of files waiting for a worker. */
  int queueDepth() {
    return queue.size();
  }

  /** Returns the number of files handed to workers and not landed yet. */
  int inFlight() {
    return inFlight.get();
  }

  /**
   * Starts re-tagging every file, or those with {@code status} when not null, in the background unless a re-tag is
   * running; returns whether it started.
   */
  boolean retag(String status) {
    if (!retagRunning.compareAndSet(false, true)) {
      return false;
    }
    retagQueued.set(0);
    retagRemaining.clear();
    Thread thread = daemon("retag").newThread(() -> {
      try {
        String after = "";
        for (List<String> page = graph.filePaths(after, 500, status); !page.isEmpty() && running;
            page = graph.filePaths(after, 500, status)) {
          for (String path : page) {
            long now = System.currentTimeMillis();
            retagRemaining.add(path);
            dispatch(path, graph.upsertPending(path, owner, now, leaseUntil(now)), Priority.BULK);
            retagQueued.incrementAndGet();
          }
          after = page.get(page.size() - 1);
        }
      } catch (RuntimeException e) {
        LOG.error("re-tagging stopped: {}", e.toString());
      } finally {
        retagRunning.set(false);
      }
    });
    thread.start();
    return true;
  }

  /** Returns the progress of the latest re-tag: whether it is running, files queued, files done. */
  Map<String, Object> retagProgress() {
    Map<String, Object> progress = new LinkedHashMap<>();
    long queued = retagQueued.get();
    progress.put("running", retagRunning.get() || !retagRemaining.isEmpty());
    progress.put("queued", queued);
    progress.put("done", queued - retagRemaining.size());
    return progress;
  }

  private void feed() {
    while (running) {
      // A free worker first, then the job: a person's file queued meanwhile still goes ahead of bulk work.
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        return;
      }
      Job job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        slots.release();
        return;
      }
      if (queue.size() <= maxInFlight && moreExpired.compareAndSet(true, false)) {
        // The last claim was cut short: claim the rest as the queue drains, not a lease tick later.
        try {
          leases.execute(this::recover);
        } catch (RejectedExecutionException e) {
          return; // closed meanwhile
        }
      }
      Long current = tracked.get(job.path());
      if (current == null || current != job.generation()) {
        slots.release();
        continue;
      }
      send(job, slots);
    }
  }

  /** Hands a job to the pool; the slot taken from {@code lane} is given back once its outcome has landed. */
  private void send(Job job, Semaphore lane) {
    long started = System.nanoTime();
    inFlight.incrementAndGet();
    try {
      pool.tag(job.path(), job.priority() == Priority.INTERACTIVE)
          .whenComplete((result, error) -> arrived(job, lane, started, result, error));
    } catch (RuntimeException e) {
      arrived(job, lane, started, null, e);
    }
  }

  /**
   * Hands a file's outcome to the lander; its slot is free once it is landed. When the workers could not be asked
   * (Ray stopping under a shutdown, actors gone), the file is not at fault: it stays PENDING, its lease runs out
   * unrenewed, and the lease loop hands it out again.
   */
  private void arrived(Job job, Semaphore lane, long started, TaggingResult result, Throwable error) {
    metrics.add("graphdrive_tagging_milliseconds_total", "", (System.nanoTime() - started) / 1_000_000);
    if (error != null) {
      LOG.warn("could not tag {}, left PENDING for the lease loop: {}", job.path(), error.toString());
      finished(job, lane);
      return;
    }
    TaggingResult outcome = result == null
        ? TaggingResult.failed(job.path(), "tagging worker gave no result")
        : result.withPath(job.path());
    if (outcome.missing()) {
      // Moved or deleted since it was queued (storage changes before the graph hears of it): that event moves or
      // removes the node, and a move hands it out again; marking it FAILED now would carry FAILED along.
      LOG.debug("{} was gone when it was tagged; left for its move or delete", job.path());
      finished(job, lane);
      return;
    }
    lander.add(new Lander.Arrival(outcome, job.generation(), job.priority(), () -> finished(job, lane)));
  }

  /** Forgets a job that has landed or was given up, and frees its slot. */
  private void finished(Job job, Semaphore lane) {
    tracked.remove(job.path(), job.generation());
    retagRemaining.remove(job.path());
    inFlight.decrementAndGet();
    lane.release();
  }

  /**
   * Renews the leases of tracked files and claims expired ones, as many as the workers can soon take; when that
   * limit cut the claim short, the feeder calls again once the queue has drained.
   */
  private void recover() {
    try {
      long now = System.currentTimeMillis();
      graph.renewLeases(owner, new ArrayList<>(tracked.keySet()), leaseUntil(now));
      int room = maxInFlight * 2 - queue.size();
      Map<String, Long> claimed = room > 0
          ? graph.claimExpired(owner, now, leaseUntil(now), room)
          : Map.of();
      boolean more = room <= 0 || claimed.size() == room;
      moreExpired.set(more);
      claimed.forEach((path, generation) -> dispatch(path, generation, Priority.BULK));
      metrics.add("graphdrive_recovered_total", "", claimed.size());
      claimedInRun += claimed.size();
      // One line for a crashed server's whole backlog, which comes back in many small claims.
      if (!more && claimedInRun > 0) {
        LOG.info("claimed {} PENDING file(s) whose lease had run out", claimedInRun);
        claimedInRun = 0;
      }
    } catch (RuntimeException e) {
      LOG.warn("lease loop: {}", e.toString());
    }
  }

  /** Stops feeding and the lease loop; files still PENDING are claimed by another server after the lease. */
  @Override
  public void close() {
    running = false;
    feeder.interrupt();
    leases.shutdownNow();
    lander.close();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, "dispatcher-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
