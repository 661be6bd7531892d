package io.graphdrive.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Writes and checksums large pseudo-random content without ever holding it in memory. */
final class TestData {
  private TestData() {}

  /** Writes {@code size} bytes made from {@code seed} and returns their SHA-256 in hex. */
  static String write(OutputStream out, long seed, long size) throws IOException {
    MessageDigest sha = sha256();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] buf = new byte[64 * 1024];
    for (long left = size; left > 0; ) {
      int n = (int) Math.min(buf.length, left);
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          buf[i + j] = (byte) (v >>> (8 * j));
        }
      }
      out.write(buf, 0, n);
      sha.update(buf, 0, n);
      left -= n;
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Reads a stream to its end and returns the SHA-256 in hex and the byte count. */
  static String sha256(InputStream in) throws IOException {
    MessageDigest sha = sha256();
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      sha.update(buf, 0, n);
      total += n;
    }
    return HexFormat.of().formatHex(sha.digest()) + ":" + total;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
