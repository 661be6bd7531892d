package io.graphdrive.client;

import java.util.Locale;

/** Formats byte counts for people. */
final class Sizes {
  private Sizes() {}

  /** Returns e.g. "512 B", "1.5 KB", "12.0 MB". */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
