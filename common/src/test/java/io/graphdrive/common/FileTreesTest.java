package io.graphdrive.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting folders: everything inside goes, nothing a link points to outside does. */
class FileTreesTest {
  @TempDir Path dir;

  @Test
  void deletesAFolderWithEverythingInItButNotWhatALinkPointsTo() throws Exception {
    Path outside = Files.writeString(dir.resolve("keep.txt"), "kept");
    Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
    Files.writeString(tree.resolve("note.txt"), "gone");
    Files.createSymbolicLink(dir.resolve("tree/a/link"), outside);
    Files.createSymbolicLink(dir.resolve("tree/folder-link"), dir);
    FileTrees.delete(dir.resolve("tree"));
    assertFalse(Files.exists(dir.resolve("tree")));
    assertTrue(Files.exists(outside));
  }

  @Test
  void aMissingPathIsNothingToDo() throws Exception {
    FileTrees.delete(dir.resolve("never-made"));
    Path file = Files.writeString(dir.resolve("one.txt"), "x");
    FileTrees.delete(file);
    assertFalse(Files.exists(file));
  }
}
