package io.graphdrive.events;

import io.graphdrive.common.Event;
import java.io.IOException;

/** Delivers one event to the index tier. */
@FunctionalInterface
public interface EventPoster {
  /**
   * Posts the event and returns once the server has acknowledged it.
   *
   * @throws EventRejectedException if the server refused this event for good; it is then skipped
   * @throws IOException for anything worth retrying: no answer, a timeout, an overloaded or restarting server
   */
  void post(Event event) throws IOException;
}
