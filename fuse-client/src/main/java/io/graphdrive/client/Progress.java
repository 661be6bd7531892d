package io.graphdrive.client;

import java.io.PrintStream;
import java.util.Locale;

/** Reports progress of a long copy on stderr: bytes, rate and time left, at most twice a second. */
final class Progress {
  private static final long SHOW_ABOVE_BYTES = 32L << 20;

  private final String label;
  private final long total;
  private final long start = System.nanoTime();
  private final PrintStream err = System.err;
  private final boolean terminal = System.console() != null;
  private long done;
  private long lastShown;

  Progress(String label, long total) {
    this.label = label;
    this.total = total;
  }

  /** Counts bytes just copied. */
  void add(long bytes) {
    done += bytes;
    long now = System.nanoTime();
    long interval = terminal ? 500_000_000L : 5_000_000_000L;
    if (total >= SHOW_ABOVE_BYTES && now - lastShown > interval) {
      lastShown = now;
      show(now);
    }
  }

  /** Ends the progress line, if one was shown. */
  void done() {
    if (lastShown != 0) {
      show(System.nanoTime());
      if (terminal) {
        err.println();
      }
    }
  }

  private void show(long now) {
    double seconds = Math.max((now - start) / 1e9, 1e-3);
    double rate = done / seconds;
    long left = rate > 0 ? (long) ((total - done) / rate) : 0;
    String line = String.format(Locale.ROOT, "%s: %s of %s, %s/s, %d s left",
        label, Sizes.human(done), Sizes.human(total), Sizes.human((long) rate), left);
    if (terminal) {
      err.print("\r" + line);
    } else {
      err.println(line);
    }
  }
}
