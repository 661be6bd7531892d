package io.graphdrive.tagging;

import io.graphdrive.common.Config;
import io.graphdrive.common.DrivePath;
import io.graphdrive.storage.JuiceStorage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The content sources the workers read files from. */
final class Sources {
  // One JuiceFS session per volume and JVM, shared by the actors in it (LOCAL mode puts them all in one).
  private static final Map<String, JuiceStorage> OPEN = new HashMap<>();

  private Sources() {}

  /** Returns a source reading the JuiceFS volume the settings name; the volume is opened on first read. */
  static ContentSource juicefs(Config config) {
    return path -> storage(config).openRead(path);
  }

  private static synchronized JuiceStorage storage(Config config) throws IOException {
    String key = config.juicefsVolume() + "\n" + config.juicefsMeta();
    JuiceStorage storage = OPEN.get(key);
    if (storage == null) {
      storage = JuiceStorage.open(config);
      OPEN.put(key, storage);
    }
    return storage;
  }

  /** Closes the JuiceFS sessions this JVM's workers opened. */
  static synchronized void closeAll() {
    OPEN.values().forEach(JuiceStorage::close);
    OPEN.clear();
  }

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
