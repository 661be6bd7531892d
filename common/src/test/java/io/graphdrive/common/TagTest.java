package io.graphdrive.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TagTest {
  @Test
  void normalizesNames() {
    assertEquals("machine learning", new Tag("  Machine\tLEARNING ", 0.5, TagSource.TEXT, "m").name());
    assertEquals(Tag.MAX_NAME_LENGTH, Tag.normalizeName("a".repeat(100)).length());
  }

  @Test
  void rejectsEmptyNamesAndScoresOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> Tag.normalizeName(" \n "));
    assertThrows(IllegalArgumentException.class, () -> new Tag("x", 1.5, TagSource.META, "m"));
    assertThrows(IllegalArgumentException.class, () -> new Tag("x", Double.NaN, TagSource.META, "m"));
  }

  @Test
  void sourceIsLowerCaseInJson() throws Exception {
    String json = Json.mapper().writeValueAsString(new Tag("x", 1, TagSource.USER, null));
    assertEquals("user", Json.mapper().readTree(json).get("source").asText());
    assertEquals(TagSource.USER, Json.mapper().readValue(json, Tag.class).source());
  }
}
