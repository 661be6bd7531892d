package io.graphdrive.index;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** A FileStore over a plain local directory, standing in for JuiceFS in HTTP-layer tests. */
final class DirectoryStore implements FileStore {
  private final Path root;

  /** Stores drive paths under the directory. */
  DirectoryStore(Path root) {
    this.root = root;
  }

  /** Writes a file at the drive path; for tests. */
  void put(String path, byte[] bytes) throws IOException {
    Path file = resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  /** Returns the local file behind a drive path. */
  Path resolve(String path) {
    return root.resolve(path.substring(1));
  }

  @Override
  public OptionalLong fileSize(String path) throws IOException {
    Path file = resolve(path);
    return Files.isRegularFile(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
  }

  @Override
  public boolean isDirectory(String path) {
    return Files.isDirectory(resolve(path));
  }

  @Override
  public InputStream openRead(String path, long offset) throws IOException {
    InputStream in = Files.newInputStream(resolve(path));
    in.skipNBytes(offset);
    return in;
  }

  @Override
  public boolean delete(String path) throws IOException {
    Path file = resolve(path);
    if (!Files.exists(file)) {
      return false;
    }
    try (Stream<Path> all = Files.walk(file)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    return true;
  }

  @Override
  public void close() {}
}
