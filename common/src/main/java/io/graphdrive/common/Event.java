package io.graphdrive.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A change to the drive that a client reports to the index tier; {@code from} is set only for MOVED. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(EventType type, String path, String from) {

  /** Returns this event with normalized paths, or throws IllegalArgumentException saying what is wrong. */
  public Event validated() {
    if (type == null) {
      throw new IllegalArgumentException("event type is missing (one of CREATED, MODIFIED, DELETED, MOVED)");
    }
    String cleanPath = DrivePath.normalize(path);
    if (cleanPath.equals("/")) {
      throw new IllegalArgumentException("the drive root cannot be the subject of an event");
    }
    if (type == EventType.MOVED) {
      if (from == null) {
        throw new IllegalArgumentException("a MOVED event needs 'from'");
      }
      String cleanFrom = DrivePath.normalize(from);
      if (cleanFrom.equals("/")) {
        throw new IllegalArgumentException("the drive root cannot be moved");
      }
      return new Event(type, cleanPath, cleanFrom);
    }
    if (from != null) {
      throw new IllegalArgumentException("'from' is only allowed on MOVED events");
    }
    return new Event(type, cleanPath, null);
  }
}
