package io.graphdrive.events;

import static io.graphdrive.common.EventType.CREATED;
import static io.graphdrive.common.EventType.DELETED;
import static io.graphdrive.common.EventType.MODIFIED;
import static io.graphdrive.common.EventType.MOVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.common.TempNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The net-effect rules applied to bursts of raw mount events. */
class CoalescerTest {
  @Test
  void vimSaveIsOneModifiedOfTheRealName() {
    assertEquals(List.of(ev(MODIFIED, "/d/a.txt")), Coalescer.coalesce(List.of(
        ev(CREATED, "/d/4913"), ev(DELETED, "/d/4913"),
        ev(CREATED, "/d/.a.txt.swp"), ev(MODIFIED, "/d/.a.txt.swp"),
        mv("/d/a.txt", "/d/a.txt~"), ev(CREATED, "/d/a.txt"), ev(DELETED, "/d/a.txt~"),
        ev(MODIFIED, "/d/.a.txt.swp"), ev(DELETED, "/d/.a.txt.swp"))));
  }

  @Test
  void writingATempFileThenRenamingItIsOneWriteOfTheRealName() {
    assertEquals(List.of(ev(MODIFIED, "/x.pdf")), Coalescer.coalesce(List.of(
        ev(CREATED, "/x.pdf.part"), ev(MODIFIED, "/x.pdf.part"), mv("/x.pdf.part", "/x.pdf"))));
    assertEquals(List.of(ev(MODIFIED, "/y.txt")), Coalescer.coalesce(List.of(
        ev(CREATED, "/.y.txt.Ab12Cd"), mv("/.y.txt.Ab12Cd", "/y.txt"))));
  }

  @Test
  void createdThenDeletedSendsNothingButAKnownFileIsDeleted() {
    assertEquals(List.of(), Coalescer.coalesce(List.of(
        ev(CREATED, "/a"), ev(MODIFIED, "/a"), ev(DELETED, "/a"))));
    assertEquals(List.of(ev(DELETED, "/b")), Coalescer.coalesce(List.of(ev(MODIFIED, "/b"), ev(DELETED, "/b"))));
    assertEquals(List.of(mv("/c", "/d")), Coalescer.coalesce(List.of(
        mv("/c", "/d"), ev(CREATED, "/c"), ev(DELETED, "/c"))));
  }

  @Test
  void repeatedWritesCollapseToOneAndOtherwiseKeepTheirOrder() {
    assertEquals(List.of(ev(MODIFIED, "/b"), ev(MODIFIED, "/a")), Coalescer.coalesce(List.of(
        ev(MODIFIED, "/a"), ev(MODIFIED, "/b"), ev(MODIFIED, "/a"), ev(MODIFIED, "/a"))));
    assertEquals(List.of(ev(CREATED, "/n")), Coalescer.coalesce(List.of(ev(CREATED, "/n"), ev(MODIFIED, "/n"))));
    assertEquals(List.of(ev(DELETED, "/x"), mv("/y", "/z"), ev(CREATED, "/w")), Coalescer.coalesce(List.of(
        ev(DELETED, "/x"), mv("/y", "/z"), ev(CREATED, "/w"))));
  }

  @Test
  void directoryMoveCarriesPendingWritesUnderItToTheNewPath() {
    assertEquals(List.of(mv("/d", "/e"), ev(MODIFIED, "/e/g"), ev(CREATED, "/e/f")), Coalescer.coalesce(List.of(
        ev(CREATED, "/d/f"), ev(MODIFIED, "/d/g"), mv("/d", "/e"), ev(MODIFIED, "/e/f"))));
    // A directory the server never saw is not moved: its contents are simply created at the new place.
    assertEquals(List.of(ev(MODIFIED, "/new"), ev(CREATED, "/new/f")), Coalescer.coalesce(List.of(
        ev(CREATED, "/tmpdir"), ev(CREATED, "/tmpdir/f"), mv("/tmpdir", "/new"))));
  }

  @Test
  void renamingThroughATempNameIsAMove() {
    assertEquals(List.of(mv("/a.txt", "/b.txt")), Coalescer.coalesce(List.of(
        mv("/a.txt", "/a.tmp"), mv("/a.tmp", "/b.txt"))));
    assertEquals(List.of(), Coalescer.coalesce(List.of(mv("/a.txt", "/a.txt~"), mv("/a.txt~", "/a.txt"))));
    assertEquals(List.of(ev(DELETED, "/gone.txt")), Coalescer.coalesce(List.of(
        mv("/gone.txt", "/gone.txt~"), ev(DELETED, "/gone.txt~"))));
  }

  @Test
  void tempNames() {
    for (String temp : List.of("/d/.a.txt.swp", "/.b.swx", "/c~", "/.#c", "/x.part", "/y.tmp", "/d/4913")) {
      assertTrue(TempNames.isTemp(temp), temp);
    }
    for (String real : List.of("/a.txt", "/swp", "/.bashrc", "/49130", "/part", "/d.tmp/x", "/4913/y")) {
      assertFalse(TempNames.isTemp(real), real);
    }
  }

  private static Event ev(EventType type, String path) {
    return new Event(type, path, null);
  }

  private static Event mv(String from, String to) {
    return new Event(MOVED, to, from);
  }
}
