package io.graphdrive.index;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/** What the index server needs from the drive's storage (JuiceFS in production). */
interface FileStore extends AutoCloseable {
  /** Returns the size of the regular file at the path, or empty if there is none. */
  OptionalLong fileSize(String path) throws IOException;

  /** Returns whether the path is a directory. */
  boolean isDirectory(String path) throws IOException;

  /** Opens the file for reading from byte {@code offset}; FileNotFoundException if absent. */
  InputStream openRead(String path, long offset) throws IOException;

  /** Deletes the file or directory tree; returns whether something was there. */
  boolean delete(String path) throws IOException;

  /** Releases the storage. */
  @Override
  void close() throws IOException;
}
