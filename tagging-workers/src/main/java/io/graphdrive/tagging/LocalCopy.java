package io.graphdrive.tagging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A drive file copied to a local temporary file, with its sha256 and size: Tika, PDFBox and ffmpeg
 * need to seek, and a video must never be held in memory. Deleted on close.
 */
final class LocalCopy implements AutoCloseable {
  private static final int BUFFER = 1 << 16;

  private final Path file;
  private final String sha256;
  private final long size;

  private LocalCopy(Path file, String sha256, long size) {
    this.file = file;
    this.sha256 = sha256;
    this.size = size;
  }

  /** Copies the stream to a new temporary file, hashing it on the way. */
  static LocalCopy of(InputStream in) throws IOException {
    Path file = Files.createTempFile("graphdrive-tag-", ".bin");
    try (OutputStream out = Files.newOutputStream(file)) {
      MessageDigest digest = sha256Digest();
      byte[] buf = new byte[BUFFER];
      long size = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
        out.write(buf, 0, n);
        size += n;
      }
      return new LocalCopy(file, HexFormat.of().formatHex(digest.digest()), size);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the local file. */
  Path file() {
    return file;
  }

  /** Returns the hex sha256 of the content. */
  String sha256() {
    return sha256;
  }

  /** Returns the size in bytes. */
  long size() {
    return size;
  }

  /** Deletes the local file. */
  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
