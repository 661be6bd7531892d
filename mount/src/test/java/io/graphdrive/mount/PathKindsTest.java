package io.graphdrive.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.graphdrive.mount.PathKinds.Kind;
import org.junit.jupiter.api.Test;

/** What the mount remembers of recent paths follows renames and removals. */
final class PathKindsTest {
  @Test
  void aRenamedDirectoryTakesItsEntryAlongAndForgetsItsDescendants() {
    PathKinds kinds = new PathKinds();
    kinds.saw("/a", Kind.DIRECTORY);
    kinds.saw("/a/f", Kind.FILE);
    kinds.saw("/a/link", Kind.OTHER);
    kinds.saw("/ab", Kind.FILE);
    kinds.moved("/a", "/b", Kind.DIRECTORY);
    assertNull(kinds.get("/a"));
    assertNull(kinds.get("/a/f"));
    assertNull(kinds.get("/a/link"));
    assertEquals(Kind.DIRECTORY, kinds.get("/b"));
    assertEquals(Kind.FILE, kinds.get("/ab"));
  }

  @Test
  void aRenamedFileMovesAndARemovedOneIsForgotten() {
    PathKinds kinds = new PathKinds();
    kinds.saw("/f", Kind.FILE);
    kinds.saw("/g", Kind.OTHER);
    kinds.moved("/f", "/g", Kind.FILE);
    assertNull(kinds.get("/f"));
    assertEquals(Kind.FILE, kinds.get("/g"));
    kinds.removed("/g");
    assertNull(kinds.get("/g"));
  }
}
