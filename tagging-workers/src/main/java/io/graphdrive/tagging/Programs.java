package io.graphdrive.tagging;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds installed programs, so that health and the extractors can say what is missing instead of failing per file. */
final class Programs {
  private Programs() {}

  /** Returns whether an executable of this name lies in a folder of PATH. */
  static boolean onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }
}
