package io.graphdrive.tagging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Writes the tiny CLIP stand-in (src/test/python/tiny_clip.py, run by Debian's python3 with onnx). */
final class TinyClip {
  private TinyClip() {}

  /** Installs the tiny model where {@link Models#clip} looks for it under a data directory; returns the folder. */
  static Path install(Path dataDir) throws IOException, InterruptedException {
    Path folder = ClipModel.folder(dataDir);
    Files.createDirectories(folder);
    Path script = Path.of("src/test/python/tiny_clip.py").toAbsolutePath();
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), folder.toString())
        .redirectErrorStream(true)
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("tiny_clip.py timed out");
    }
    String out = new String(p.getInputStream().readAllBytes());
    if (p.exitValue() != 0) {
      throw new IOException("tiny_clip.py failed: " + out);
    }
    return folder;
  }
}
