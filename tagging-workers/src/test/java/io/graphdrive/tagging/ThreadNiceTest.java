package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A thread's own nice value, read back from the kernel. */
final class ThreadNiceTest {
  @Test
  void lowersTheCallingThreadAndNoOther() throws Exception {
    int before = niceOf(Path.of("/proc/thread-self/stat"));
    AtomicInteger lowered = new AtomicInteger(-1);
    AtomicInteger unchanged = new AtomicInteger(-1);
    Thread low = new Thread(() -> {
      ThreadNice.lower(7);
      lowered.set(niceOf(Path.of("/proc/thread-self/stat")));
    });
    Thread left = new Thread(() -> {
      ThreadNice.lower(0);
      unchanged.set(niceOf(Path.of("/proc/thread-self/stat")));
    });
    low.start();
    left.start();
    low.join();
    left.join();
    assertEquals(Math.min(19, before + 7), lowered.get(), "the thread that asked");
    assertEquals(before, unchanged.get(), "0 leaves a thread as it is");
    assertEquals(before, niceOf(Path.of("/proc/thread-self/stat")), "the caller's other threads");
  }

  /** Returns the nice value in a /proc stat file (its 19th field). */
  static int niceOf(Path stat) {
    try {
      String s = Files.readString(stat);
      // The name in parentheses may hold spaces; the fields after it start with the third, the state.
      String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return Integer.parseInt(fields[19 - 3]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
