package io.graphdrive.mount;

import java.util.Arrays;

/** Open handles by their number (FUSE's fh), in an array so that looking one up on each read or write allocates nothing. */
final class HandleTable {
  private volatile Handle[] slots = new Handle[1024];
  private int hint = 1;

  /** Stores a handle and returns its number, never 0. */
  synchronized long add(Handle h) {
    Handle[] s = slots;
    for (int i = 0; i < s.length; i++) {
      int at = (hint + i) % s.length;
      if (at != 0 && s[at] == null) {
        return put(s, at, h);
      }
    }
    Handle[] grown = Arrays.copyOf(s, s.length * 2);
    return put(grown, s.length, h);
  }

  private long put(Handle[] s, int at, Handle h) {
    s[at] = h;
    hint = at + 1;
    // The volatile write publishes the slot to get(), which reads without the lock.
    slots = s;
    return at;
  }

  /** Returns the handle with this number, or null. */
  Handle get(long fh) {
    Handle[] s = slots;
    return fh > 0 && fh < s.length ? s[(int) fh] : null;
  }

  /** Removes and returns the handle with this number, or null. */
  synchronized Handle remove(long fh) {
    Handle h = get(fh);
    if (h != null) {
      slots[(int) fh] = null;
    }
    return h;
  }
}
