package io.graphdrive.tagging;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Computes the sha256 and size of everything read through it; skipped bytes are read too so the hash
 * stays complete, and {@link #close()} leaves the underlying stream open for {@link #drain()}.
 */
final class HashingInputStream extends FilterInputStream {
  private final MessageDigest digest;
  private long size;

  HashingInputStream(InputStream in) {
    super(in);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      digest.update((byte) b);
      size++;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    if (n > 0) {
      digest.update(buf, off, n);
      size += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** Does not close the underlying stream: parsers close what they are given, and the rest must still be hashed. */
  @Override
  public void close() {}

  /** Reads the rest of the stream so the hash and size cover the whole file. */
  void drain() throws IOException {
    transferTo(OutputStream.nullOutputStream());
  }

  /** Returns the sha256 of the bytes read so far, in lower-case hex. */
  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Returns the number of bytes read so far. */
  long size() {
    return size;
  }
}
