package io.graphdrive.mount;

import io.graphdrive.storage.JuiceStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local, sparse copy of one file open for writing, shared by all its handles, since JuiceFS's Hadoop SDK writes
 * only sequentially; its content goes back to storage in one streamed pass.
 */
final class Spill {
  private static final int CHUNK = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  /** The drive path; changes when the file is renamed while open. Guarded by DriveFs's spill map. */
  String path;
  /** Open handles (and path truncations) using this spill. Guarded by DriveFs's spill map. */
  int refs;
  /** Set once unlinked or replaced: the content is never uploaded. Guarded by DriveFs's spill map. */
  boolean deleted;
  private boolean created;
  private boolean changed;
  private boolean dirty;
  private long modifiedMillis = -1;

  private Spill(Path file, FileChannel channel, String path) {
    this.file = file;
    this.channel = channel;
    this.path = path;
  }

  /** Makes a spill of {@code path} under {@code cacheDir} holding the first {@code copyBytes} of the stored file. */
  static Spill open(Path cacheDir, JuiceStorage storage, String path, long copyBytes, boolean created)
      throws IOException {
    Path file = Files.createTempFile(cacheDir, "spill-", "");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    Spill spill = new Spill(file, channel, path);
    spill.created = created;
    try {
      if (copyBytes > 0) {
        spill.copyDown(storage, copyBytes);
      }
      return spill;
    } catch (IOException | RuntimeException e) {
      spill.close();
      throw e;
    }
  }

  /** Copies up to {@code limit} bytes of the stored file into the spill. */
  private void copyDown(JuiceStorage storage, long limit) throws IOException {
    byte[] buf = new byte[CHUNK];
    long pos = 0;
    try (InputStream in = storage.openRead(path)) {
      while (pos < limit) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, limit - pos));
        if (n < 0) {
          break;
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          pos += channel.write(bb, pos);
        }
      }
    }
  }

  /** Reads into {@code dst} from {@code offset}; returns the bytes read, 0 at or past the end. */
  synchronized int read(ByteBuffer dst, long offset) throws IOException {
    int total = 0;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, offset + total);
      if (n <= 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /** Writes all of {@code src} at {@code offset}, or at the end when {@code append}. */
  synchronized void write(ByteBuffer src, long offset, boolean append) throws IOException {
    long pos = append ? channel.size() : offset;
    while (src.hasRemaining()) {
      pos += channel.write(src, pos);
    }
    changed = true;
    dirty = true;
  }

  /** Cuts or extends (with a hole) the content to {@code size} bytes. */
  synchronized void truncate(long size) throws IOException {
    long current = channel.size();
    if (size < current) {
      channel.truncate(size);
    } else if (size > current) {
      channel.write(ByteBuffer.allocate(1), size - 1);
    }
    changed = true;
    dirty = true;
  }

  /** Returns the content's length. */
  synchronized long size() throws IOException {
    return channel.size();
  }

  /** Remembers a modification time to set on storage after each upload. */
  synchronized void modifiedAt(long millis) {
    modifiedMillis = millis;
  }

  /** Streams the content to storage under the current path if anything changed since the last upload. */
  synchronized void upload(JuiceStorage storage, String target) throws IOException {
    if (!dirty) {
      return;
    }
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    long size = channel.size();
    try (OutputStream out = storage.create(target)) {
      for (long pos = 0; pos < size; ) {
        buf.clear();
        int n = channel.read(buf, pos);
        if (n <= 0) {
          break;
        }
        out.write(buf.array(), 0, n);
        pos += n;
      }
    }
    dirty = false;
    if (modifiedMillis >= 0) {
      storage.setModified(target, modifiedMillis);
    }
  }

  /** Returns whether a handle created the file. */
  synchronized boolean created() {
    return created;
  }

  /** Returns whether a handle wrote or truncated the file. */
  synchronized boolean changed() {
    return changed;
  }

  /** Drops the local copy. */
  void close() {
    try {
      channel.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      DriveFs.LOG.warn("cannot remove spill file {}: {}", file, e.toString());
    }
  }
}
