package io.graphdrive.storage;

import io.graphdrive.common.Config;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The other process of {@link MultiProcessTest}: opens the same volume and reports what it sees on stdout. */
final class SecondProcess {
  private SecondProcess() {}

  /** Args: the data directory and the number of small files to write while the first process writes too. */
  public static void main(String[] args) throws Exception {
    int files = Integer.parseInt(args[1]);
    try (JuiceStorage storage = JuiceStorage.open(Config.load(Path.of(args[0]), Map.of("GRAPHDRIVE_JUICEFS_VOLUME", "multi-process")))) {
      try (InputStream in = storage.openRead("/shared/big.bin")) {
        System.out.println("big " + TestData.sha256(in));
      }
      System.out.println("stat " + storage.stat("/shared/big.bin").orElseThrow().size());
      System.out.println("list " + storage.list("/shared").size());
      for (int i = 0; i < files; i++) {
        try (OutputStream out = storage.create("/child/" + i + ".txt")) {
          out.write(("child " + i).getBytes(StandardCharsets.UTF_8));
        }
      }
      try (OutputStream out = storage.create("/child/big.bin")) {
        System.out.println("wrote " + TestData.write(out, 7, 64L << 20) + ":" + (64L << 20));
      }
      System.out.println("deleted " + storage.delete("/shared/big.bin", false));
    }
    System.out.println("done");
  }
}
