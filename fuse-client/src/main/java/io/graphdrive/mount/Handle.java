package io.graphdrive.mount;

import io.graphdrive.storage.JuiceStorage;
import java.io.IOException;
import java.io.InputStream;

/** One open file: a writable handle works on the path's spill, a read-only one streams from storage. */
final class Handle {
  final Spill spill;
  final boolean append;
  private InputStream in;
  private long position;

  Handle(Spill spill, boolean append) {
    this.spill = spill;
    this.append = append;
  }

  /** Reads up to {@code len} bytes of the stored file at {@code offset}, reopening the stream on a seek. */
  synchronized int readStored(JuiceStorage storage, String path, byte[] buf, int len, long offset)
      throws IOException {
    if (in == null || offset != position) {
      closeStream();
      in = storage.openRead(path, offset);
      position = offset;
    }
    int total = 0;
    while (total < len) {
      int n = in.read(buf, total, len - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    position += total;
    return total;
  }

  /** Closes the read stream, if any. */
  synchronized void closeStream() throws IOException {
    if (in != null) {
      in.close();
      in = null;
    }
  }
}
