package io.graphdrive.mount;

import io.graphdrive.common.EventType;
import io.graphdrive.storage.PosixVolume;
import jnr.ffi.Pointer;

/**
 * One file open through the mount: a single libjfs descriptor shared by all its handles, so that they see each
 * other's writes and the file's length as written (libjfs caches the length per descriptor).
 */
final class OpenFile {
  private final PosixVolume volume;
  private int fd;
  /** The drive path; changes when the file is renamed while open. Guarded by OpenFiles. */
  String path;
  /** Open handles, and of those the writing ones. Guarded by OpenFiles. */
  int refs;
  int writers;
  /** Set once unlinked or replaced: no more events. Guarded by OpenFiles. */
  boolean deleted;
  private boolean created;
  private boolean changed;
  /** Whether a write came after the last flush: a flush with nothing to commit is one metadata call saved. */
  private boolean unflushed;
  /** Set once the descriptor is closed: by the last handle, or by the mount shutting down under open handles. */
  private boolean closed;

  OpenFile(PosixVolume volume, int fd, String path) {
    this.volume = volume;
    this.fd = fd;
    this.path = path;
  }

  /** Reads up to {@code size} bytes at {@code offset} into FUSE's buffer; short only at the end of the file. */
  synchronized int read(Pointer buf, long size, long offset) {
    if (closed) {
      return Errno.EIO;
    }
    long done = 0;
    while (done < size) {
      int n = volume.pread(fd, done == 0 ? buf : buf.slice(done), size - done, offset + done);
      if (n < 0) {
        return n;
      }
      if (n == 0) {
        break;
      }
      done += n;
    }
    return (int) done;
  }

  /** Writes FUSE's buffer at {@code offset}, or at the end of the file when {@code append}. */
  synchronized int write(Pointer buf, long size, long offset, boolean append) {
    if (closed) {
      return Errno.EIO;
    }
    long at = append ? volume.size(fd) : offset;
    if (at < 0) {
      return (int) at;
    }
    int n = volume.pwrite(fd, buf, size, at);
    if (n >= 0) {
      changed = true;
      unflushed = true;
    }
    return n;
  }

  /** Returns the length, counting writes not yet flushed. */
  synchronized long size() {
    return closed ? Errno.EIO : volume.size(fd);
  }

  /** Cuts or extends the file at {@code currentPath}, then takes a fresh descriptor that knows the new length. */
  synchronized int truncate(String currentPath, long length) {
    if (closed) {
      return Errno.EIO;
    }
    int r = flush();
    if (r == 0) {
      r = volume.truncate(currentPath, length);
    }
    if (r < 0) {
      return r;
    }
    changed = true;
    int fresh = volume.open(currentPath, PosixVolume.READ | PosixVolume.WRITE);
    if (fresh >= 0) {
      volume.close(fd);
      fd = fresh;
    }
    return 0;
  }

  /** Commits buffered writes. */
  synchronized int flush() {
    if (closed) {
      return Errno.EIO;
    }
    int r = unflushed ? volume.flush(fd) : 0;
    if (r == 0) {
      unflushed = false;
    }
    return r;
  }

  /** Commits buffered writes and waits until they are stored. */
  synchronized int fsync() {
    return closed ? Errno.EIO : volume.fsync(fd);
  }

  /** Marks the file as made by this open, so that its last writer reports it created. */
  synchronized void markCreated() {
    created = true;
  }

  /** Returns CREATED or MODIFIED if the file was created or changed since the last call (else null), and forgets it. */
  synchronized EventType takeChange() {
    EventType change = created ? EventType.CREATED : changed ? EventType.MODIFIED : null;
    created = false;
    changed = false;
    return change;
  }

  /** Flushes and closes the descriptor; later calls on this file fail with EIO, a second close does nothing. */
  synchronized int close() {
    if (closed) {
      return 0;
    }
    closed = true;
    return volume.close(fd);
  }
}
