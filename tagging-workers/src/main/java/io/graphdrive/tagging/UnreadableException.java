package io.graphdrive.tagging;

import java.io.IOException;

/** Thrown by a {@link ModalityExtractor} when a file's content is corrupt or truncated; the message is shown to users. */
final class UnreadableException extends IOException {
  UnreadableException(String message) {
    super(message);
  }

  UnreadableException(String message, Throwable cause) {
    super(message, cause);
  }
}
