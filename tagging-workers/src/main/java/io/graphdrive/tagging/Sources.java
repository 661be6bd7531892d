package io.graphdrive.tagging;

import io.graphdrive.common.DrivePath;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The content sources the workers read files from. */
final class Sources {
  private Sources() {}

  /** Returns a source that maps drive paths onto a plain local directory. */
  static ContentSource directory(Path root) {
    Path base = root.toAbsolutePath().normalize();
    return path -> {
      Path file = base.resolve(DrivePath.normalize(path).substring(1)).normalize();
      if (!file.startsWith(base) || !Files.isRegularFile(file)) {
        throw new FileNotFoundException(path);
      }
      return Files.newInputStream(file);
    };
  }
}
