package io.graphdrive.events;

import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.common.TempNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reduces a burst of raw events to their net effect on the index, keeping their order otherwise.
 *
 * <p>A CREATED in the result means the name is new to the server (so a later DELETED cancels it); wherever the
 * server may already know a name, a write is sent as MODIFIED, which the server treats the same way.
 */
final class Coalescer {
  private final List<Event> out = new ArrayList<>();
  private final Map<String, Integer> last = new HashMap<>();
  private final Map<String, Hidden> hidden = new HashMap<>();

  private Coalescer() {}

  /** Returns the events that have the same net effect as {@code events}, with no temporary names. */
  static List<Event> coalesce(List<Event> events) {
    Coalescer c = new Coalescer();
    for (Event e : events) {
      c.add(e);
    }
    return c.out.stream().filter(Objects::nonNull).toList();
  }

  private void add(Event e) {
    switch (e.type()) {
      case CREATED, MODIFIED -> {
        if (!TempNames.isTemp(e.path())) {
          write(e.path(), e.type() == EventType.CREATED);
        }
      }
      case DELETED -> {
        if (TempNames.isTemp(e.path())) {
          hidden.remove(e.path());
        } else {
          delete(e.path());
        }
      }
      case MOVED -> moved(e.from(), e.path());
    }
  }

  private void moved(String from, String to) {
    if (from.equals(to)) {
      return;
    }
    boolean tempFrom = TempNames.isTemp(from);
    boolean tempTo = TempNames.isTemp(to);
    if (tempFrom && tempTo) {
      Hidden h = hidden.remove(from);
      if (h != null) {
        hidden.put(to, h);
      }
    } else if (tempTo) {
      Event prev = lastOf(from);
      boolean written = prev != null && prev.type() != EventType.DELETED && prev.type() != EventType.MOVED;
      hidden.put(to, new Hidden(from, delete(from), written));
    } else if (tempFrom) {
      reveal(from, to);
    } else {
      move(from, to);
    }
  }

  /** A temporary name becomes a real one: either a hidden real file comes back, or new content lands. */
  private void reveal(String temp, String real) {
    Hidden h = hidden.remove(temp);
    if (h == null || h.placeholder < 0 || out.get(h.placeholder) == null) {
      write(real, false);
      return;
    }
    remove(h.placeholder);
    if (!h.real.equals(real)) {
      move(h.real, real);
    }
    if (h.written) {
      write(real, false);
    }
  }

  /** Sends a move unless the server never knew the source, and carries pending writes under it to the target. */
  private void move(String from, String to) {
    Event prev = lastOf(from);
    boolean fresh = prev != null && prev.type() == EventType.CREATED;
    List<Event> carried = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      Event e = out.get(i);
      if (e != null && (e.type() == EventType.CREATED || e.type() == EventType.MODIFIED) && within(e.path(), from)) {
        String path = to + e.path().substring(from.length());
        // The moved entry itself may land on a name the server knows, so only its children stay CREATED.
        carried.add(new Event(path.equals(to) ? EventType.MODIFIED : e.type(), path, null));
        remove(i);
      }
    }
    if (!fresh) {
      append(new Event(EventType.MOVED, to, from));
    }
    for (Event e : carried) {
      write(e.path(), e.type() == EventType.CREATED);
    }
  }

  private void write(String path, boolean created) {
    Integer i = last.get(path);
    EventType type = created ? EventType.CREATED : EventType.MODIFIED;
    if (i != null) {
      EventType prev = out.get(i).type();
      if (prev == EventType.CREATED || prev == EventType.MODIFIED) {
        type = prev;
        remove(i);
      } else if (prev == EventType.DELETED) {
        // Deleted and written again in one burst (an editor's save): the server keeps the node and re-tags.
        type = EventType.MODIFIED;
        remove(i);
      } else {
        type = EventType.MODIFIED;
      }
    }
    append(new Event(type, path, null));
  }

  /** Records a deletion; returns its index, or -1 when it cancelled a creation the server never saw. */
  private int delete(String path) {
    Integer i = last.get(path);
    if (i != null && out.get(i).type() == EventType.CREATED) {
      remove(i);
      return -1;
    }
    if (i != null && out.get(i).type() == EventType.MODIFIED) {
      remove(i);
    }
    return append(new Event(EventType.DELETED, path, null));
  }

  private Event lastOf(String path) {
    Integer i = last.get(path);
    return i == null ? null : out.get(i);
  }

  private int append(Event e) {
    if (e.from() != null) {
      last.remove(e.from());
    }
    out.add(e);
    last.put(e.path(), out.size() - 1);
    return out.size() - 1;
  }

  private void remove(int i) {
    Event e = out.set(i, null);
    last.remove(e.path(), i);
  }

  private static boolean within(String path, String dir) {
    return path.equals(dir) || path.startsWith(dir + "/");
  }

  /** A real file renamed to a temporary name: its DELETED placeholder, and whether it had pending writes. */
  private record Hidden(String real, int placeholder, boolean written) {}
}
