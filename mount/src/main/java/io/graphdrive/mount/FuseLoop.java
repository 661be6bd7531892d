package io.graphdrive.mount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * A libfuse3 file system mounted at a directory and served by libfuse's worker threads, which a thread of its own
 * waits for. Built of fuse_new, fuse_mount and fuse_loop_mt rather than fuse_main, which would install its signal
 * handlers over the JVM's (and so over the shutdown hooks that store open files).
 */
final class FuseLoop {
  private static LibFuse library;

  private final LibFuse lib;
  private final Pointer fuse;
  // Referenced for as long as libfuse may call into it.
  private final FuseOperations operations;
  private final Thread thread;
  /** Set once fuse_destroy ran: the fuse pointer is freed. Guarded by this. */
  private boolean destroyed;

  private FuseLoop(LibFuse lib, Pointer fuse, FuseOperations operations) {
    this.lib = lib;
    this.fuse = fuse;
    this.operations = operations;
    this.thread = new Thread(this::serve, "graphdrive-fuse");
    // libfuse's workers block the signals a JVM stops on, and this thread waits in native code: neither keeps the
    // JVM from exiting.
    thread.setDaemon(true);
  }

  /** Returns libfuse3, loading it on first use. */
  static synchronized LibFuse library() throws IOException {
    if (library == null) {
      try {
        library = LibraryLoader.create(LibFuse.class).failImmediately().load("libfuse3.so.3");
      } catch (LinkageError e) {
        throw new IOException("libfuse 3.12 or newer is needed (Debian: apt-get install fuse3): " + e.getMessage(), e);
      }
    }
    return library;
  }

  /** Returns the JNR runtime libfuse3 is loaded in. */
  static Runtime runtime(LibFuse lib) {
    return Runtime.getRuntime(lib);
  }

  /**
   * Mounts an operations table at a directory with the given -o options and starts serving it.
   *
   * @throws IOException if libfuse refuses the options or the mount
   */
  static FuseLoop start(LibFuse lib, FuseOperations operations, Path mountPoint, String options) throws IOException {
    Pointer args = FuseStructs.args(runtime(lib), List.of("graphdrive", "-o", options));
    Pointer fuse = lib.fuse_new_31(args, operations.table(), operations.size(), null);
    // libfuse replaced the vector with copies of its own while parsing it.
    lib.fuse_opt_free_args(args);
    if (fuse == null) {
      throw new IOException("libfuse refused the mount options " + options + " (it says why on stderr)");
    }
    if (lib.fuse_mount(fuse, mountPoint.toString()) != 0) {
      lib.fuse_destroy(fuse);
      throw new IOException("the FUSE mount at " + mountPoint + " failed (is /dev/fuse there? libfuse says why on "
          + "stderr)");
    }
    FuseLoop loop = new FuseLoop(lib, fuse, operations);
    loop.thread.start();
    return loop;
  }

  /** Serves requests until the kernel ends the connection (an unmount) or {@link #stop} takes effect, then frees it. */
  private void serve() {
    int r = lib.fuse_loop_mt_312(fuse, null);
    if (r != 0) {
      DriveFs.LOG.warn("the FUSE loop ended with error {}", r);
    }
    synchronized (this) {
      destroyed = true;
      // Closes the connection too, if files held open after a lazy unmount still kept it.
      lib.fuse_destroy(fuse);
    }
  }

  /**
   * Stops serving, for a mount already unmounted: at once if the kernel has ended the connection, else after the next
   * request (a file still open through a lazy unmount); waits up to a second for it.
   */
  void stop() {
    synchronized (this) {
      if (!destroyed) {
        lib.fuse_exit(fuse);
      }
    }
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
