package io.graphdrive.client;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Reports progress of a long job on stderr: files and bytes done, rate and time left. On a terminal it is one
 * line updated twice a second; otherwise a line every 5 s.
 */
final class Progress {
  private static final long SHOW_ABOVE_BYTES = 32L << 20;

  private final String label;
  private final long total;
  private final int totalFiles;
  private final long start = System.nanoTime();
  private final PrintStream err = System.err;
  private final boolean terminal = System.console() != null;
  private long done;
  private int filesDone;
  private long lastShown;

  /** A progress over bytes, shown only for large copies. */
  Progress(String label, long total) {
    this(label, total, 0);
  }

  /** A progress over a number of files holding {@code total} bytes (0 when only files count), always shown. */
  Progress(String label, long total, int totalFiles) {
    this.label = label;
    this.total = total;
    this.totalFiles = totalFiles;
  }

  /** Counts bytes just copied. */
  void add(long bytes) {
    done += bytes;
    tick();
  }

  /** Sets how many of the files are done. */
  void files(int count) {
    filesDone = count;
    tick();
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

  private void tick() {
    long now = System.nanoTime();
    long interval = terminal ? 500_000_000L : 5_000_000_000L;
    boolean shown = totalFiles > 0 || total >= SHOW_ABOVE_BYTES;
    // The first line waits one interval, so quick jobs print nothing.
    if (shown && now - Math.max(lastShown, start) > interval) {
      lastShown = now;
      show(now);
    }
  }

  private void show(long now) {
    double seconds = Math.max((now - start) / 1e9, 1e-3);
    StringBuilder line = new StringBuilder(label).append(": ");
    double fraction;
    if (totalFiles > 0) {
      line.append(String.format(Locale.ROOT, "%d/%d files", filesDone, totalFiles));
      fraction = total > 0 ? (double) done / total : (double) filesDone / totalFiles;
    } else {
      fraction = total > 0 ? (double) done / total : 0;
    }
    if (total > 0) {
      line.append(totalFiles > 0 ? ", " : "").append(Sizes.human(done)).append(" of ").append(Sizes.human(total))
          .append(", ").append(Sizes.human((long) (done / seconds))).append("/s");
    } else if (totalFiles > 0) {
      line.append(String.format(Locale.ROOT, ", %.1f files/s", filesDone / seconds));
    }
    long left = fraction > 0 ? (long) (seconds * (1 - fraction) / fraction) : 0;
    line.append(fraction > 0 ? ", " + left + " s left" : "");
    if (terminal) {
      err.print("\r" + line + "   ");
    } else {
      err.println(line);
    }
  }
}
