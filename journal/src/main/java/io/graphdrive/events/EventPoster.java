package io.graphdrive.events;

import io.graphdrive.common.Event;
import java.io.IOException;
import java.util.List;

/** Delivers events to the index tier, a batch to a request. */
@FunctionalInterface
public interface EventPoster {
  /**
   * Posts the events in order and returns once the server has acknowledged them: one entry per event, null where
   * it was recorded, else the server's reason for refusing that event for good.
   *
   * @throws EventRejectedException if the server refused the whole request for good; its events are then set aside
   * @throws IOException for anything worth retrying: no answer, a timeout, an overloaded or restarting server
   */
  List<String> post(List<Event> events) throws IOException;
}
