package io.graphdrive.mount;

import io.graphdrive.common.Config;
import io.graphdrive.common.Event;
import io.graphdrive.storage.JuiceStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A real FUSE mount of a JuiceFS volume in a temporary data directory, keeping the events it reports. */
final class TestMount implements AutoCloseable {
  final Path data;
  final Path drive;
  final JuiceStorage storage;
  final List<Event> events = new CopyOnWriteArrayList<>();
  private DriveMount mount;

  private TestMount(Path data, Path drive, JuiceStorage storage) {
    this.data = data;
    this.drive = drive;
    this.storage = storage;
  }

  /** Mounts a new volume named {@code volume} plus this JVM's pid at {@code DATA/drive}. */
  static TestMount start(String volume) throws IOException {
    Path data = Files.createTempDirectory("graphdrive-" + volume);
    Files.writeString(data.resolve("graphdrive.properties"), "juicefs.volume=" + volume + ProcessHandle.current().pid());
    TestMount m = new TestMount(data, Files.createDirectories(data.resolve("drive")), JuiceStorage.open(Config.load(data)));
    try {
      m.mount = DriveMount.mount(m.storage, m.drive, m.events::add);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  /** Unmounts, closes the volume and removes the data directory unless the drive is still mounted there. */
  @Override
  public void close() throws IOException {
    try {
      if (mount != null) {
        mount.close();
      }
    } finally {
      storage.close();
      if (!MountTable.isMounted(drive)) {
        try (Stream<Path> s = Files.walk(data)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }
}
