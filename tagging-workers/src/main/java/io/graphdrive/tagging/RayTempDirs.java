package io.graphdrive.tagging;

import io.graphdrive.common.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ray LOCAL mode's session folders, {@code /tmp/ray/session_local_mode_<time>_<pid>}, and a cluster driver's copy
 * of Ray's native library, {@code /tmp/ray/<millis>/}, about 32 MB each: Ray 2.39 fixes those paths whatever
 * {@code java.io.tmpdir} says, and never removes them itself.
 */
final class RayTempDirs {
  private static final Logger LOG = LoggerFactory.getLogger(RayTempDirs.class);
  private static final Path ROOT = Path.of("/tmp/ray");
  private static final String PREFIX = "session_local_mode_";
  private static final String LIBRARY = "libcore_worker_library_java.so";

  private RayTempDirs() {}

  /** Deletes the session folders of this process and of processes that no longer run (killed ones). */
  static void deleteUnused() {
    if (!Files.isDirectory(ROOT)) {
      return;
    }
    List<Path> sessions;
    try (Stream<Path> s = Files.list(ROOT)) {
      sessions = s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList();
    } catch (IOException e) {
      LOG.debug("cannot list {}", ROOT, e);
      return;
    }
    long self = ProcessHandle.current().pid();
    for (Path session : sessions) {
      String name = session.getFileName().toString();
      try {
        long pid = Long.parseLong(name.substring(name.lastIndexOf('_') + 1));
        if (pid == self || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
          deleteTree(session);
        }
      } catch (NumberFormatException e) {
        LOG.debug("not a Ray session folder: {}", session);
      }
    }
  }

  /** Deletes the folder this JVM loaded Ray's native library from, as a cluster driver does, once it is loaded. */
  static void deleteLoadedLibraryCopy() {
    List<String> maps;
    try {
      maps = Files.readAllLines(Path.of("/proc/self/maps"));
    } catch (IOException e) {
      LOG.debug("cannot read /proc/self/maps", e);
      return;
    }
    // Linux keeps a mapped library until it is unmapped, so its file can go while Ray runs.
    maps.stream()
        .filter(line -> line.endsWith("/" + LIBRARY) && line.contains(ROOT + "/"))
        .map(line -> Path.of(line.substring(line.indexOf('/'))).getParent())
        .filter(dir -> ROOT.equals(dir.getParent()) && dir.getFileName().toString().matches("[0-9]+"))
        .distinct()
        .forEach(RayTempDirs::deleteTree);
  }

  private static void deleteTree(Path p) {
    try {
      FileTrees.delete(p);
    } catch (IOException e) {
      LOG.debug("cannot delete {}", p, e);
    }
  }
}
