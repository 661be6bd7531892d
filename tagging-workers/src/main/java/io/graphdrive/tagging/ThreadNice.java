package io.graphdrive.tagging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.LibraryLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the CPU priority of the calling thread alone (Linux keeps a nice value per thread), so that the models
 * get the cores only when the intake, the graph, the mount and search have none to ask for.
 */
final class ThreadNice {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadNice.class);
  private static final int PRIO_PROCESS = 0;
  /** Set once a refusal was logged: every new tagging thread would meet it again. */
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  /** The C library's setpriority; public only because JNR implements it in its own class loader. */
  public interface LibC {
    /** Returns the nice value of a process, or on Linux of the one thread whose id is given. */
    int getpriority(int which, int who);

    /** Sets the nice value of a process, or on Linux of the one thread whose id is given; 0 on success. */
    int setpriority(int which, int who, int prio);
  }

  private ThreadNice() {}

  /**
   * Raises the calling thread's nice value by {@code by} levels (up to 19, the lowest priority; 0 leaves it as it
   * is), so that a drive started with nice(1) keeps its tagging below its own other threads; a system that refuses,
   * or one that is not Linux, leaves the thread as it was and says so in the log (once).
   */
  static void lower(int by) {
    if (by == 0) {
      return;
    }
    try {
      // "<pid>/task/<tid>": Java 17 has no call for the kernel's id of a thread.
      String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
      int tid = Integer.parseInt(self.substring(self.lastIndexOf('/') + 1));
      int nice = Math.min(19, Holder.LIBC.getpriority(PRIO_PROCESS, tid) + by);
      if (Holder.LIBC.setpriority(PRIO_PROCESS, tid, nice) != 0) {
        warnOnce("the system refused nice " + nice + " for thread " + tid);
      }
    } catch (IOException | UnsupportedOperationException | NumberFormatException | LinkageError e) {
      warnOnce(e.toString());
    }
  }

  private static void warnOnce(String why) {
    if (!WARNED.getAndSet(true)) {
      LOG.warn("tagging threads run at the process's own priority: {}", why);
    }
  }

  /** Loads the C library on first use. */
  private static final class Holder {
    static final LibC LIBC = LibraryLoader.create(LibC.class).failImmediately().load("c");
  }
}
