package io.graphdrive.mount;

import io.graphdrive.common.EventType;
import io.graphdrive.storage.PosixVolume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The files open through the mount, by drive path; the last writer of each reports what it did to the file. */
final class OpenFiles {
  /** Receives the change a file's last writer made. */
  interface Changes {
    void changed(EventType type, String path);
  }

  private final PosixVolume volume;
  private final Changes changes;
  /** This map's lock guards every open file's path, refs, writers and deleted. */
  private final Map<String, OpenFile> byPath = new HashMap<>();
  /** Set by closeAll: no file opens any more. */
  private boolean shut;

  OpenFiles(PosixVolume volume, Changes changes) {
    this.volume = volume;
    this.changes = changes;
  }

  /** Returns the path's open file, or null. */
  OpenFile get(String path) {
    synchronized (byPath) {
      return byPath.get(path);
    }
  }

  /** Returns whether an open file has a writing handle. */
  boolean hasWriters(OpenFile file) {
    synchronized (byPath) {
      return file.writers > 0;
    }
  }

  /** Returns a new handle on the path's open file, or null if it is not open. */
  Handle shareOpen(String path, boolean writer, boolean append) {
    synchronized (byPath) {
      OpenFile f = byPath.get(path);
      return f == null ? null : share(f, writer, append);
    }
  }

  /**
   * Returns a new handle on a descriptor just opened (or created) by the caller, unless another open won the race;
   * null, with the descriptor closed, once closeAll has run.
   */
  Handle add(String path, int fd, boolean writer, boolean append) {
    synchronized (byPath) {
      if (shut) {
        volume.close(fd);
        return null;
      }
      OpenFile raced = byPath.get(path);
      if (raced == null) {
        OpenFile f = new OpenFile(volume, fd, path);
        byPath.put(path, f);
        return share(f, writer, append);
      }
      volume.close(fd);
      return share(raced, writer, append);
    }
  }

  private static Handle share(OpenFile f, boolean writer, boolean append) {
    f.refs++;
    if (writer) {
      f.writers++;
    }
    return new Handle(f, writer, append);
  }

  /** Drops a handle: the last writer flushes and reports the change, the last handle closes the descriptor. */
  int release(Handle h) {
    OpenFile f = h.file;
    boolean lastWriter;
    boolean last;
    synchronized (byPath) {
      f.refs--;
      if (h.writer) {
        f.writers--;
      }
      lastWriter = h.writer && f.writers == 0;
      last = f.refs == 0;
      if (last && byPath.get(f.path) == f) {
        byPath.remove(f.path);
      }
    }
    int r = lastWriter ? f.flush() : 0;
    // Reported even when the flush failed: the graph should follow what the volume now holds, whole or not.
    if (lastWriter) {
      report(f);
    }
    int closed = last ? f.close() : 0;
    return r < 0 ? r : closed;
  }

  /** Reports what a file's writers did since the last report, unless it was unlinked or replaced meanwhile. */
  void report(OpenFile f) {
    EventType change = f.takeChange();
    String path;
    boolean deleted;
    synchronized (byPath) {
      path = f.path;
      deleted = f.deleted;
    }
    if (change != null && !deleted) {
      changes.changed(change, path);
    }
  }

  /**
   * Flushes, reports and closes every open file, for a mount going down under open handles; from then on their
   * handles and new opens fail with EIO, so that nothing written after the last flush is taken and then lost.
   */
  void closeAll() {
    List<OpenFile> open;
    synchronized (byPath) {
      shut = true;
      open = new ArrayList<>(byPath.values());
      byPath.clear();
    }
    for (OpenFile f : open) {
      f.flush();
      report(f);
      f.close();
    }
  }

  /** Forgets an unlinked path: its open file lives on through its handles, without events. */
  void unlinked(String path) {
    synchronized (byPath) {
      OpenFile f = byPath.remove(path);
      if (f != null) {
        f.deleted = true;
      }
    }
  }

  /** Moves the open files of a renamed file or directory tree to their new paths; one at the target is replaced. */
  void moved(String from, String to) {
    synchronized (byPath) {
      OpenFile replaced = byPath.remove(to);
      if (replaced != null) {
        replaced.deleted = true;
      }
      List<String> moved = new ArrayList<>();
      for (String p : byPath.keySet()) {
        if (p.equals(from) || p.startsWith(from + "/")) {
          moved.add(p);
        }
      }
      for (String p : moved) {
        OpenFile f = byPath.remove(p);
        f.path = to + p.substring(from.length());
        byPath.put(f.path, f);
      }
    }
  }
}
