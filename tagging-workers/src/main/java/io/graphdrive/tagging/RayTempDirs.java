package io.graphdrive.tagging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ray LOCAL mode's session folders under {@code <tmp>/ray}: remembered before start, the new ones deleted after. */
final class RayTempDirs {
  private static final Logger LOG = LoggerFactory.getLogger(RayTempDirs.class);

  private final Path root;
  private final Set<Path> before;

  private RayTempDirs(Path root, Set<Path> before) {
    this.root = root;
    this.before = before;
  }

  /** Remembers what is in Ray's temporary folder now. */
  static RayTempDirs snapshot() {
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "ray");
    return new RayTempDirs(root, list(root));
  }

  /** Deletes what appeared in Ray's temporary folder since the snapshot. */
  void deleteNew() {
    for (Path p : list(root)) {
      if (!before.contains(p)) {
        deleteTree(p);
      }
    }
  }

  private static Set<Path> list(Path dir) {
    Set<Path> out = new HashSet<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.forEach(out::add);
      } catch (IOException e) {
        LOG.debug("cannot list {}", dir, e);
      }
    }
    return out;
  }

  private static void deleteTree(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      LOG.debug("cannot delete {}", p, e);
    }
  }
}
