package io.graphdrive.events;

import java.io.IOException;

/** The server refused a request of events in a way that no retry can change, such as a 400 for a bad path. */
public final class EventRejectedException extends IOException {
  /** Makes the exception with the server's explanation. */
  public EventRejectedException(String message) {
    super(message);
  }
}
