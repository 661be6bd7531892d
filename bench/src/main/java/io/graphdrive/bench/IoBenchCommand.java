package io.graphdrive.bench;

import io.graphdrive.apiclient.ClientOptions;
import io.graphdrive.mount.MountTable;
import io.graphdrive.storage.JuiceStorage;
import io.graphdrive.storage.PosixAttr;
import io.graphdrive.storage.PosixVolume;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Measures file I/O through the mount beside JuiceFS called directly and beside local disk, in one run. */
@Command(name = "bench-io", mixinStandardHelpOptions = true,
    description = {"Measure sequential write and read MB/s of a large file through the mounted drive, through "
        + "JuiceFS called directly (storage-adapter) and on local disk, and metadata ops/s (create + stat + unlink "
        + "of small files) in the mount and on local disk. The settings are interleaved over several rounds and "
        + "medians printed. Needs a mounted drive (graphdrive up or graphdrive mount)."})
public final class IoBenchCommand implements Callable<Integer> {
  private static final int BUFFER = 1 << 20;

  @Mixin ClientOptions options;

  @Option(names = "--mount", paramLabel = "DIR", description = "the mounted drive (default: DATA/drive)")
  Path mount;

  @Option(names = "--size-mb", defaultValue = "1024", description = "size of the large file (default: ${DEFAULT-VALUE})")
  int sizeMb;

  @Option(names = "--small-files", defaultValue = "10000",
      description = "small files for the metadata test (default: ${DEFAULT-VALUE})")
  int smallFiles;

  @Option(names = "--rounds", defaultValue = "3", description = "rounds (default: ${DEFAULT-VALUE})")
  int rounds;

  @Override
  public Integer call() throws Exception {
    Path drive = mount != null ? mount : options.config().dataDir().resolve("drive");
    if (!MountTable.isMounted(drive)) {
      throw new IOException(drive + " is not a mounted drive; start graphdrive up or graphdrive mount first");
    }
    Path local = Files.createDirectories(options.config().dataDir().resolve("bench-io"));
    Path mounted = Files.createDirectories(drive.resolve("bench-io"));
    byte[] block = new byte[BUFFER];
    new Random(7).nextBytes(block);
    long bytes = (long) sizeMb << 20;
    Map<String, List<Double>> results = new LinkedHashMap<>();
    try (JuiceStorage storage = JuiceStorage.open(options.config());
        PosixVolume posix = storage.posix()) {
      for (int round = 1; round <= rounds; round++) {
        System.err.printf("round %d of %d%n", round, rounds);
        record(results, "write MB/s, local disk", () -> mbps(bytes, () -> write(Files.newOutputStream(local.resolve("big.bin")), block, bytes)));
        record(results, "write MB/s, JuiceFS direct", () -> mbps(bytes, () -> write(storage.create("/bench-io/direct.bin"), block, bytes)));
        record(results, "write MB/s, mount", () -> mbps(bytes, () -> write(Files.newOutputStream(mounted.resolve("big.bin")), block, bytes)));
        record(results, "read MB/s, local disk", () -> mbps(bytes, () -> read(Files.newInputStream(local.resolve("big.bin")))));
        record(results, "read MB/s, JuiceFS direct", () -> mbps(bytes, () -> read(storage.openRead("/bench-io/direct.bin"))));
        record(results, "read MB/s, mount", () -> mbps(bytes, () -> read(Files.newInputStream(mounted.resolve("big.bin")))));
        record(results, "metadata ops/s, local disk", () -> metadataOps(local.resolve("small")));
        record(results, "metadata ops/s, JuiceFS direct", () -> directMetadataOps(posix, "/bench-io/small-direct"));
        record(results, "metadata ops/s, mount", () -> metadataOps(mounted.resolve("small")));
        // Each round writes new files rather than truncating the last round's.
        Files.delete(local.resolve("big.bin"));
        storage.delete("/bench-io/direct.bin", false);
        Files.delete(mounted.resolve("big.bin"));
      }
      storage.delete("/bench-io", true);
    }
    // The mount against JuiceFS direct within each round, before the columns are sorted.
    for (String measure : List.of("write MB/s", "read MB/s", "metadata ops/s")) {
      List<Double> mount = results.get(measure + ", mount");
      List<Double> direct = results.get(measure + ", JuiceFS direct");
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < mount.size(); i++) {
        ratios.add(mount.get(i) / direct.get(i));
      }
      results.put(measure + ", mount/direct", ratios);
    }
    System.out.printf(Locale.ROOT, "%d MB file, %d small files, %d rounds; median (min, max)%n", sizeMb, smallFiles, rounds);
    for (Map.Entry<String, List<Double>> r : results.entrySet()) {
      List<Double> values = r.getValue();
      Collections.sort(values);
      System.out.printf(Locale.ROOT, "%-32s %9.2f  (%.2f, %.2f)%n",
          r.getKey(), values.get(values.size() / 2), values.get(0), values.get(values.size() - 1));
    }
    return 0;
  }

  /**
   * Runs one measurement after a sync(1) and records it: without the sync a step would pay for writing back the
   * step before it to disk, and the mount's write, which follows JuiceFS direct's, would pay for both.
   */
  private static void record(Map<String, List<Double>> results, String name, Measurement measurement)
      throws IOException, InterruptedException {
    if (new ProcessBuilder("sync").inheritIO().start().waitFor() != 0) {
      throw new IOException("sync failed before " + name);
    }
    results.computeIfAbsent(name, k -> new ArrayList<>()).add(measurement.run());
  }

  /** Returns MB/s of a step that moves the given bytes, counting until its stream is closed. */
  private static double mbps(long bytes, IoStep step) throws IOException {
    long start = System.nanoTime();
    step.run();
    return (bytes / 1048576.0) / ((System.nanoTime() - start) / 1e9);
  }

  private static void write(OutputStream out, byte[] block, long bytes) throws IOException {
    try (out) {
      for (long done = 0; done < bytes; done += block.length) {
        out.write(block);
      }
    }
  }

  private static void read(InputStream in) throws IOException {
    byte[] buffer = new byte[BUFFER];
    try (in) {
      while (in.read(buffer) >= 0) {
        // reading is the work measured
      }
    }
  }

  /** Creates, stats and deletes the small files in a folder; returns the three operations per second. */
  private double metadataOps(Path dir) throws IOException {
    Files.createDirectories(dir);
    long start = System.nanoTime();
    for (int i = 0; i < smallFiles; i++) {
      Files.createFile(dir.resolve("f" + i));
    }
    for (int i = 0; i < smallFiles; i++) {
      Files.size(dir.resolve("f" + i));
    }
    for (int i = 0; i < smallFiles; i++) {
      Files.delete(dir.resolve("f" + i));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Files.delete(dir);
    return 3.0 * smallFiles / seconds;
  }

  /** Does what {@link #metadataOps} does through libjfs's POSIX calls, as the mount makes them. */
  private double directMetadataOps(PosixVolume posix, String dir) throws IOException {
    check(posix.mkdir(dir, 0755), dir);
    PosixAttr attr = new PosixAttr();
    long start = System.nanoTime();
    for (int i = 0; i < smallFiles; i++) {
      int fd = posix.create(dir + "/f" + i, 0644);
      check(fd, dir);
      check(posix.close(fd), dir);
    }
    for (int i = 0; i < smallFiles; i++) {
      check(posix.lstat(dir + "/f" + i, attr), dir);
    }
    for (int i = 0; i < smallFiles; i++) {
      check(posix.delete(dir + "/f" + i), dir);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    check(posix.delete(dir), dir);
    return 3.0 * smallFiles / seconds;
  }

  private static void check(int result, String dir) throws IOException {
    if (result < 0) {
      throw new IOException("libjfs error " + result + " in " + dir);
    }
  }

  /** One measured I/O step. */
  private interface IoStep {
    void run() throws IOException;
  }

  /** One measurement: MB/s or operations per second. */
  private interface Measurement {
    double run() throws IOException;
  }
}
