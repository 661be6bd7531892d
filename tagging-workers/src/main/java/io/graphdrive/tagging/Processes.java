package io.graphdrive.tagging;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs external programs (ffmpeg, ffprobe, pocketsphinx) with a time limit: the program and every
 * process it started are killed when the limit passes, and at most {@link #MAX_OUTPUT_BYTES} of each
 * output stream are kept (the rest is read and dropped, so a chatty program never blocks).
 */
final class Processes {
  /** Most bytes kept of a program's stdout and of its stderr. */
  static final int MAX_OUTPUT_BYTES = 1 << 20;

  private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);
  private static final ExecutorService DRAINERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "process-output");
            t.setDaemon(true);
            return t;
          });

  private Processes() {}

  /** What a finished program left: its exit code and its (bounded) output. */
  record Result(int exitCode, String stdout, String stderr) {
    /** Returns the first non-blank line of stderr, or the exit code when stderr is empty: a short reason for users. */
    String reason() {
      return stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("exit code " + exitCode);
    }
  }

  /**
   * Runs the command with stdin empty and waits for it; throws IOException when it cannot start or
   * runs past the timeout (then it and its descendants are killed first).
   */
  static Result run(List<String> command, Duration timeout) throws IOException {
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    Future<String> out = DRAINERS.submit(() -> drain(p.getInputStream()));
    Future<String> err = DRAINERS.submit(() -> drain(p.getErrorStream()));
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        throw new IOException(command.get(0) + " ran past its limit of " + timeout.toSeconds() + " s and was stopped");
      }
      return new Result(p.exitValue(), collect(out), collect(err));
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + command.get(0) + " ran");
    }
  }

  private static void kill(Process p) {
    // Descendants first: once the parent is gone they are re-parented and no longer listed.
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String drain(InputStream in) throws IOException {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0; ) {
      int room = MAX_OUTPUT_BYTES - kept.size();
      kept.write(buf, 0, Math.min(n, Math.max(room, 0)));
    }
    return kept.toString(StandardCharsets.UTF_8);
  }

  private static String collect(Future<String> output) throws InterruptedException, IOException {
    try {
      // A descendant that outlives the program may hold the pipe open: take what came within the grace.
      return output.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("cannot read a program's output: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      output.cancel(true);
      return "";
    }
  }
}
