package io.graphdrive.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DrivePathTest {
  @Test
  void normalizesSlashes() {
    assertEquals("/docs/a.pdf", DrivePath.normalize("//docs///a.pdf/"));
    assertEquals("/", DrivePath.normalize("/"));
  }

  @Test
  void keepsOddButLegalNames() {
    String odd = "/Fotos/été 2024/it's \"quoted\" \\ back.jpg";
    assertEquals(odd, DrivePath.normalize(odd));
    assertEquals("it's \"quoted\" \\ back.jpg", DrivePath.name(odd));
    assertEquals("/Fotos/été 2024", DrivePath.parent(odd));
    assertEquals("jpg", DrivePath.extension(odd));
  }

  @Test
  void rejectsDotSegmentsRelativeAndControlCharacters() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DrivePath.normalize("/a/../etc/passwd"))
        .getMessage().contains(".."));
    assertThrows(IllegalArgumentException.class, () -> DrivePath.normalize("/a/./b"));
    assertThrows(IllegalArgumentException.class, () -> DrivePath.normalize("a/b"));
    assertThrows(IllegalArgumentException.class, () -> DrivePath.normalize(""));
    assertThrows(IllegalArgumentException.class, () -> DrivePath.normalize(null));
    assertThrows(IllegalArgumentException.class, () -> DrivePath.normalize("/a\u0000b"));
    assertThrows(IllegalArgumentException.class, () -> DrivePath.normalize("/a\nb"));
  }

  @Test
  void rejectsOverlongNamesAndPaths() {
    assertThrows(IllegalArgumentException.class, () -> DrivePath.normalize("/" + "x".repeat(256)));
    assertThrows(IllegalArgumentException.class, () -> DrivePath.normalize(("/" + "y".repeat(200)).repeat(21)));
    assertEquals(256, DrivePath.normalize("/" + "x".repeat(255)).length());
  }

  @Test
  void extensionOfDotfilesAndPlainNamesIsEmpty() {
    assertEquals("", DrivePath.extension("/.bashrc"));
    assertEquals("", DrivePath.extension("/README"));
    assertEquals("gz", DrivePath.extension("/a.tar.GZ"));
  }
}
