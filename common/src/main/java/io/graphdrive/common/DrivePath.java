package io.graphdrive.common;

import java.nio.charset.StandardCharsets;

/** Validates and takes apart drive paths such as {@code /docs/a.pdf}. */
public final class DrivePath {
  /** The longest drive path accepted, in bytes of UTF-8. */
  public static final int MAX_BYTES = 4096;
  /** The longest single name accepted, in bytes of UTF-8 (what JuiceFS and most file systems allow). */
  public static final int MAX_NAME_BYTES = 255;

  private DrivePath() {}

  /**
   * Returns the normal form of a drive path: absolute, single slashes, no trailing slash.
   *
   * @throws IllegalArgumentException with a sentence a user can act on, for anything else
   */
  public static String normalize(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("path is missing");
    }
    if (!raw.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + quote(raw));
    }
    if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new IllegalArgumentException("path is longer than " + MAX_BYTES + " bytes");
    }
    StringBuilder out = new StringBuilder();
    for (String name : raw.split("/")) {
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException("path may not contain '.' or '..' segments: " + quote(raw));
      }
      if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
        throw new IllegalArgumentException("a name in the path is longer than " + MAX_NAME_BYTES + " bytes");
      }
      for (int i = 0; i < name.length(); i++) {
        if (Character.isISOControl(name.charAt(i))) {
          throw new IllegalArgumentException("path may not contain control characters: " + quote(raw));
        }
      }
      out.append('/').append(name);
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  /** Returns the last name of a normalized path, or "" for the root. */
  public static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Returns the parent of a normalized path; the root is its own parent. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** Returns the lower-case extension of a normalized path without the dot, or "" if it has none. */
  public static String extension(String path) {
    String name = name(path);
    int dot = name.lastIndexOf('.');
    return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
  }

  private static String quote(String raw) {
    String shown = raw.length() > 200 ? raw.substring(0, 200) + "..." : raw;
    StringBuilder sb = new StringBuilder("\"");
    for (char c : shown.toCharArray()) {
      sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.append('"').toString();
  }
}
