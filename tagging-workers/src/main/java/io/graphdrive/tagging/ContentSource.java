package io.graphdrive.tagging;

import java.io.IOException;
import java.io.InputStream;

/** Opens a drive file for reading; JuiceFS in production, a plain directory where configured. */
interface ContentSource {
  /** Opens the file at a drive path; FileNotFoundException when it is absent. */
  InputStream open(String path) throws IOException;

  /** Returns the size in bytes of the file at a drive path; FileNotFoundException when it is absent. */
  long size(String path) throws IOException;
}
