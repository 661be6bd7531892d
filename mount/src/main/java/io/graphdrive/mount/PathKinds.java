package io.graphdrive.mount;

import io.graphdrive.storage.PosixAttr;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the mount last found or made at each recent path, so that an unlink, rename or attribute change need not ask
 * libjfs again: the kernel looks a name up (or made it through the mount) shortly before it changes it. A path
 * another client changed since is as stale here as in the kernel's own entry cache.
 */
final class PathKinds {
  /** A directory, a regular file (reported), or anything else: a symlink, FIFO, socket or device (never reported). */
  enum Kind {
    DIRECTORY, FILE, OTHER;

    /** Returns the kind of an entry libjfs described. */
    static Kind of(PosixAttr a) {
      return a.isDirectory() ? DIRECTORY : a.isRegular() ? FILE : OTHER;
    }
  }

  private static final int MAX = 10_000;
  private final Map<String, Kind> byPath = new ConcurrentHashMap<>();

  /** Records what a path is. */
  void saw(String path, Kind kind) {
    if (byPath.size() >= MAX) {
      byPath.clear();
    }
    byPath.put(path, kind);
  }

  /** Returns what a path was last seen to be, or null if not lately. */
  Kind get(String path) {
    return byPath.get(path);
  }

  /** Forgets a path that is gone. */
  void removed(String path) {
    byPath.remove(path);
  }

  /** Follows a rename: the entry moves, and a directory's descendants are forgotten. */
  void moved(String from, String to, Kind kind) {
    byPath.remove(from);
    if (kind == Kind.DIRECTORY) {
      String prefix = from + "/";
      byPath.keySet().removeIf(p -> p.startsWith(prefix));
    }
    saw(to, kind);
  }
}
