package io.graphdrive.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import org.junit.jupiter.api.Test;

class EventTest {
  @Test
  void parsesAndNormalizes() throws Exception {
    Event event = Json.mapper().readValue("{\"type\":\"MOVED\",\"path\":\"/b//x.txt\",\"from\":\"/a/x.txt\"}", Event.class)
        .validated();
    assertEquals(new Event(EventType.MOVED, "/b/x.txt", "/a/x.txt"), event);
  }

  @Test
  void rejectsBadEvents() {
    assertThrows(IllegalArgumentException.class, () -> new Event(null, "/a", null).validated());
    assertThrows(IllegalArgumentException.class, () -> new Event(EventType.CREATED, null, null).validated());
    assertThrows(IllegalArgumentException.class, () -> new Event(EventType.CREATED, "/", null).validated());
    assertThrows(IllegalArgumentException.class, () -> new Event(EventType.MOVED, "/a", null).validated());
    assertThrows(IllegalArgumentException.class, () -> new Event(EventType.CREATED, "/a", "/b").validated());
    assertThrows(IllegalArgumentException.class, () -> new Event(EventType.DELETED, "/x/../y", null).validated());
  }

  @Test
  void unknownTypeIsAParseError() {
    assertThrows(InvalidFormatException.class,
        () -> Json.mapper().readValue("{\"type\":\"EXPLODED\",\"path\":\"/a\"}", Event.class));
  }
}
