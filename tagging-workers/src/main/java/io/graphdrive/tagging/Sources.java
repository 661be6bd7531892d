package io.graphdrive.tagging;

import io.graphdrive.common.Config;
import io.graphdrive.common.DrivePath;
import io.graphdrive.storage.FileStat;
import io.graphdrive.storage.JuiceStorage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
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
    return new ContentSource() {
      @Override
      public InputStream open(String path) throws IOException {
        return storage(config).openRead(path);
      }

      @Override
      public long size(String path) throws IOException {
        FileStat st = storage(config).stat(path).orElseThrow(() -> new FileNotFoundException(path));
        if (st.directory()) {
          throw new FileNotFoundException(path + " is a directory");
        }
        return st.size();
      }
    };
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
    return new ContentSource() {
      @Override
      public InputStream open(String path) throws IOException {
        return Files.newInputStream(file(path));
      }

      @Override
      public long size(String path) throws IOException {
        return Files.size(file(path));
      }

      private Path file(String path) throws FileNotFoundException {
        Path file = base.resolve(DrivePath.normalize(path).substring(1)).normalize();
        if (!file.startsWith(base) || !Files.isRegularFile(file)) {
          throw new FileNotFoundException(path);
        }
        return file;
      }
    };
  }
}
