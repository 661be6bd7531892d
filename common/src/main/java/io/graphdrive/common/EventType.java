package io.graphdrive.common;

/** What happened to a path in the drive. */
public enum EventType {
  CREATED,
  MODIFIED,
  DELETED,
  MOVED
}
