package io.graphdrive.index;

import io.graphdrive.common.Config;
import io.graphdrive.storage.FileStat;
import io.graphdrive.storage.JuiceStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/** The drive's JuiceFS volume behind the index server's FileStore seam. */
final class JuiceFileStore implements FileStore {
  private final JuiceStorage storage;

  private JuiceFileStore(JuiceStorage storage) {
    this.storage = storage;
  }

  /** Opens the volume the settings name. */
  static JuiceFileStore open(Config config) throws IOException {
    return new JuiceFileStore(JuiceStorage.open(config));
  }

  @Override
  public OptionalLong fileSize(String path) throws IOException {
    Optional<FileStat> stat = storage.stat(path);
    return stat.isPresent() && !stat.get().directory() ? OptionalLong.of(stat.get().size()) : OptionalLong.empty();
  }

  @Override
  public boolean isDirectory(String path) throws IOException {
    return storage.stat(path).map(FileStat::directory).orElse(false);
  }

  @Override
  public InputStream openRead(String path, long offset) throws IOException {
    return storage.openRead(path, offset);
  }

  @Override
  public boolean delete(String path) throws IOException {
    return storage.delete(path, true);
  }

  @Override
  public void close() {
    storage.close();
  }
}
