package io.graphdrive.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the parts of the embedded default: starts each and waits until it is ready, then restarts any part that
 * exits while the stack is up, with a backoff that grows while a part keeps dying, and a log line for each.
 */
final class Supervisor implements AutoCloseable {
  private static final long FIRST_BACKOFF_MS = 1_000;
  private static final long MAX_BACKOFF_MS = 30_000;
  /** A part that ran this long before it exited starts again after the first backoff. */
  private static final long STEADY_MS = 60_000;
  private static final long WATCH_EVERY_MS = 500;
  /** How many watch rounds pass between looks at each part's child processes (a look reads all of /proc). */
  private static final long DESCENDANTS_EVERY = 20;

  /**
   * A part: its command, how long it may take to become ready and how to tell, and what to clear before a restart
   * (a mount point its killed predecessor left).
   */
  record Part(String name, List<String> command, Duration readyWithin, Predicate<ChildProcess> ready,
      Cleanup beforeRestart) {}

  /** Work before a part starts again. */
  @FunctionalInterface
  interface Cleanup {
    void run() throws IOException;
  }

  /** A running part, its process, when it started, and the backoff its next restart waits. */
  private static final class Running {
    final Part part;
    ChildProcess child;
    long startedAt;
    long backoffMs = FIRST_BACKOFF_MS;
    int restarts;
    /** The process's own children, last seen: nginx's workers outlive a master killed with -9, holding its port. */
    List<ProcessHandle> descendants = List.of();

    Running(Part part, ChildProcess child) {
      this.part = part;
      this.child = child;
      this.startedAt = System.currentTimeMillis();
    }
  }

  private final Path runDir;
  private final Path logDir;
  private final List<Running> parts = new ArrayList<>();
  private Thread watcher;
  private volatile boolean closing;

  Supervisor(Path runDir, Path logDir) {
    this.runDir = runDir;
    this.logDir = logDir;
  }

  /** Starts a part and returns once it is ready. */
  void start(Part part) throws IOException, InterruptedException {
    start(List.of(part));
  }

  /** Starts parts side by side and returns once all are ready. */
  synchronized void start(List<Part> group) throws IOException, InterruptedException {
    List<Running> started = new ArrayList<>();
    for (Part part : group) {
      EmbeddedStack.log("starting %s", part.name());
      Running r = new Running(part, ChildProcess.start(part.name(), part.command(), runDir, logDir));
      parts.add(r);
      started.add(r);
    }
    for (Running r : started) {
      awaitReady(r.child, r.part);
      r.descendants = r.child.descendants();
    }
  }

  /** Starts watching the parts: from now on one that exits is started again. */
  synchronized void watch() {
    watcher = new Thread(this::watchLoop, "graphdrive-supervisor");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** Stops watching, then stops every part, newest first. */
  @Override
  public void close() {
    closing = true;
    if (watcher != null) {
      watcher.interrupt();
      try {
        watcher.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      for (int i = parts.size() - 1; i >= 0; i--) {
        ChildProcess child = parts.get(i).child;
        long started = System.nanoTime();
        child.stop(30);
        EmbeddedStack.log("stopped %s in %.1f s", child.name(), (System.nanoTime() - started) / 1e9);
      }
      parts.clear();
    }
  }

  private void watchLoop() {
    try {
      for (long round = 1; !closing; round++) {
        TimeUnit.MILLISECONDS.sleep(WATCH_EVERY_MS);
        List<Running> snapshot;
        synchronized (this) {
          snapshot = new ArrayList<>(parts);
        }
        for (Running r : snapshot) {
          Optional<Integer> exit = r.child.exitStatus();
          if (exit.isPresent() && !closing) {
            restart(r, exit.get());
          } else if (round % DESCENDANTS_EVERY == 0) {
            r.descendants = r.child.descendants();
          }
        }
      }
    } catch (InterruptedException e) {
      // closing
    }
  }

  /** Starts an exited part again after its backoff, until it is ready or the stack closes. */
  private void restart(Running r, int status) throws InterruptedException {
    long down = System.nanoTime();
    if (System.currentTimeMillis() - r.startedAt >= STEADY_MS) {
      r.backoffMs = FIRST_BACKOFF_MS;
    }
    EmbeddedStack.log("%s exited with status %d; starting it again in %.0f s (see %s)", r.part.name(), status,
        r.backoffMs / 1e3, r.child.log());
    while (!closing) {
      TimeUnit.MILLISECONDS.sleep(r.backoffMs);
      r.backoffMs = Math.min(r.backoffMs * 2, MAX_BACKOFF_MS);
      if (closing) {
        return;
      }
      try {
        for (ProcessHandle orphan : r.descendants) {
          orphan.destroyForcibly();
        }
        r.part.beforeRestart().run();
        ChildProcess child;
        synchronized (this) {
          if (closing) {
            return;
          }
          child = ChildProcess.start(r.part.name(), r.part.command(), runDir, logDir);
          r.child = child;
        }
        r.startedAt = System.currentTimeMillis();
        awaitReady(child, r.part);
        r.descendants = child.descendants();
        r.restarts++;
        EmbeddedStack.log("%s is back after %.1f s (restart %d)", r.part.name(), (System.nanoTime() - down) / 1e9,
            r.restarts);
        return;
      } catch (IOException e) {
        EmbeddedStack.log("%s did not come back (%s); trying again in %.0f s", r.part.name(), e.getMessage(),
            r.backoffMs / 1e3);
        r.child.stop(5);
      }
    }
  }

  private static void awaitReady(ChildProcess child, Part part) throws IOException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + part.readyWithin().toNanos();
    while (!part.ready().test(child)) {
      Optional<Integer> exit = child.exitStatus();
      if (exit.isPresent()) {
        throw new IOException(child.name() + " exited with status " + exit.get() + " while starting; see " + child.log());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(child.name() + " was not ready within " + part.readyWithin().toSeconds() + " s; see "
            + child.log());
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    EmbeddedStack.log("%s ready in %.1f s", child.name(), (System.nanoTime() - start) / 1e9);
  }
}
