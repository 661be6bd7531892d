package io.graphdrive.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Config;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage API on one real SQLite-backed JuiceFS volume. */
class JuiceStorageTest {
  @TempDir static Path data;
  static JuiceStorage storage;

  /** Opens the volume all tests here share. */
  @BeforeAll
  static void open() throws IOException {
    storage = JuiceStorage.open(Config.load(data, Map.of("GRAPHDRIVE_JUICEFS_VOLUME", "api-test")));
  }

  /** Ends the session. */
  @AfterAll
  static void close() {
    storage.close();
  }

  /** Checks: streams a 64 megabyte file both ways. */
  @Test
  void streamsA64MegabyteFileBothWays() throws IOException {
    long size = 64L << 20;
    String written;
    try (OutputStream out = storage.create("/big/random.bin")) {
      written = TestData.write(out, 42, size);
    }
    assertEquals(size, storage.stat("/big/random.bin").orElseThrow().size());
    try (InputStream in = storage.openRead("/big/random.bin")) {
      assertEquals(written + ":" + size, TestData.sha256(in));
    }
  }

  /** Checks: reads from an offset. */
  @Test
  void readsFromAnOffset() throws IOException {
    write("/offset.txt", "0123456789");
    assertEquals("789", read("/offset.txt", 7));
    assertEquals("", read("/offset.txt", 10));
    assertEquals("", read("/offset.txt", 1000));
    assertThrows(IllegalArgumentException.class, () -> storage.openRead("/offset.txt", -1));
  }

  /** Checks: lists a directory sorted by name. */
  @Test
  void listsADirectorySortedByName() throws IOException {
    write("/list/b.txt", "bb");
    write("/list/a.txt", "a");
    storage.mkdirs("/list/sub");
    List<FileStat> entries = storage.list("/list");
    assertEquals(List.of("/list/a.txt", "/list/b.txt", "/list/sub"), entries.stream().map(FileStat::path).toList());
    assertEquals(2, entries.get(1).size());
    assertTrue(entries.get(2).directory());
    assertTrue(entries.get(0).modifiedMillis() > 1_600_000_000_000L);
    assertTrue(storage.list("/").stream().anyMatch(e -> e.path().equals("/list") && e.directory()));
    assertThrows(FileNotFoundException.class, () -> storage.list("/no-such-dir"));
    assertThrows(IOException.class, () -> storage.list("/list/a.txt"));
  }

  /** Checks: stat of a missing path is empty. */
  @Test
  void statOfAMissingPathIsEmpty() throws IOException {
    assertEquals(Optional.empty(), storage.stat("/missing/file.txt"));
    FileStat root = storage.stat("/").orElseThrow();
    assertTrue(root.directory());
  }

  /** Checks: renames files and directories. */
  @Test
  void renamesFilesAndDirectories() throws IOException {
    write("/mv/a.txt", "A");
    storage.rename("/mv/a.txt", "/mv/new/parents/b.txt");
    assertFalse(storage.stat("/mv/a.txt").isPresent());
    assertEquals("A", read("/mv/new/parents/b.txt", 0));

    storage.rename("/mv/new", "/moved");
    assertEquals("A", read("/moved/parents/b.txt", 0));
    assertFalse(storage.stat("/mv/new").isPresent());

    write("/mv/c.txt", "C");
    storage.rename("/mv/c.txt", "/moved/parents/b.txt");
    assertEquals("C", read("/moved/parents/b.txt", 0));

    assertThrows(FileNotFoundException.class, () -> storage.rename("/mv/none", "/mv/x"));
    assertThrows(IOException.class, () -> storage.rename("/moved", "/moved/inside"));
    write("/mv/d.txt", "D");
    assertThrows(IOException.class, () -> storage.rename("/mv/d.txt", "/moved"));
  }

  /** Checks: deletes recursively only when asked. */
  @Test
  void deletesRecursivelyOnlyWhenAsked() throws IOException {
    write("/rm/a/b/c.txt", "c");
    write("/rm/a/d.txt", "d");
    assertThrows(IOException.class, () -> storage.delete("/rm/a", false));
    assertTrue(storage.delete("/rm/a/d.txt", false));
    assertTrue(storage.delete("/rm/a", true));
    assertFalse(storage.stat("/rm/a/b/c.txt").isPresent());
    assertFalse(storage.delete("/rm/a", true));
    storage.mkdirs("/rm/empty");
    assertTrue(storage.delete("/rm/empty", false));
    assertThrows(IOException.class, () -> storage.delete("/", true));
  }

  /** Checks: keeps unusual names as they are. */
  @Test
  void keepsUnusualNamesAsTheyAre() throws IOException {
    List<String> names = List.of(
        "/ünïcödé dir/日本語 ファイル.txt",
        "/quotes/it's \"quoted\".txt",
        "/odd/100% #1?.txt",
        "/odd/a;b,c=d&e+f.txt",
        "/odd/emoji 😀 name.txt",
        "/odd/back\\slash.txt");
    for (String name : names) {
      write(name, name);
    }
    for (String name : names) {
      assertEquals(name, read(name, 0), name);
      assertEquals(name, storage.stat(name).orElseThrow().path());
    }
    List<String> listed = storage.list("/odd").stream().map(FileStat::path).toList();
    assertTrue(listed.containsAll(List.of("/odd/100% #1?.txt", "/odd/a;b,c=d&e+f.txt")), listed.toString());
    assertThrows(IllegalArgumentException.class, () -> storage.create("/odd/12:30.txt"));
    assertThrows(IllegalArgumentException.class, () -> storage.mkdirs("/odd/a:b"));
  }

  /** Checks: rejects paths that escape. */
  @Test
  void rejectsPathsThatEscape() {
    assertThrows(IllegalArgumentException.class, () -> storage.create("/a/../../etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> storage.openRead("../x"));
    assertThrows(IllegalArgumentException.class, () -> storage.stat("/a/./b"));
    assertThrows(IllegalArgumentException.class, () -> storage.rename("/a", "/.."));
  }

  /** Checks: writes and reads an empty file. */
  @Test
  void writesAndReadsAnEmptyFile() throws IOException {
    storage.create("/empty.txt").close();
    FileStat st = storage.stat("/empty.txt").orElseThrow();
    assertEquals(0, st.size());
    assertFalse(st.directory());
    try (InputStream in = storage.openRead("/empty.txt")) {
      assertEquals(-1, in.read());
    }
  }

  /** Checks: overwrites an existing file. */
  @Test
  void overwritesAnExistingFile() throws IOException {
    write("/over.txt", "a long first version");
    write("/over.txt", "short");
    assertEquals("short", read("/over.txt", 0));
  }

  /** Checks: refuses to treat files and directories as each other. */
  @Test
  void refusesToTreatFilesAndDirectoriesAsEachOther() throws IOException {
    write("/kind/file.txt", "x");
    storage.mkdirs("/kind/dir");
    assertThrows(IOException.class, () -> storage.create("/kind/dir"));
    assertThrows(IOException.class, () -> storage.openRead("/kind/dir"));
    assertThrows(IOException.class, () -> storage.mkdirs("/kind/file.txt"));
  }

  /** Checks: missing file is file not found. */
  @Test
  void missingFileIsFileNotFound() {
    assertThrows(FileNotFoundException.class, () -> storage.openRead("/nothing/here.txt"));
    assertThrows(FileNotFoundException.class, () -> storage.openRead("/nothing/here.txt", 5));
  }

  /** Checks: reads byte arrays exactly. */
  @Test
  void readsByteArraysExactly() throws IOException {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    try (OutputStream out = storage.create("/bytes.bin")) {
      out.write(bytes);
    }
    try (InputStream in = storage.openRead("/bytes.bin")) {
      assertArrayEquals(bytes, in.readAllBytes());
    }
  }

  /** Writes a small text file. */
  /**
   * Checks: opening the volume again in the same process leaves libjfs's SQLite write-ahead log alone. A second
   * SQLite library in one process shares its POSIX locks; on closing it believed itself the last user, checkpointed
   * and deleted the log under libjfs, and the database went "malformed".
   */
  @Test
  void aSecondOpenInTheSameProcessKeepsTheWriteAheadLog() throws Exception {
    write("/wal/before.txt", "before");
    Path wal = data.resolve("meta.db-wal");
    assertTrue(Files.exists(wal), "libjfs keeps its log open");
    Object inode = Files.getAttribute(wal, "unix:ino");
    JuiceStorage.open(Config.load(data, Map.of("GRAPHDRIVE_JUICEFS_VOLUME", "api-test"))).close();
    assertTrue(Files.exists(wal), "the log is still there");
    assertEquals(inode, Files.getAttribute(wal, "unix:ino"), "and it is the same file");
    write("/wal/after.txt", "after");
    assertEquals(List.of("/wal/after.txt", "/wal/before.txt"), storage.list("/wal").stream().map(FileStat::path).toList());
  }

  private static void write(String path, String content) throws IOException {
    try (OutputStream out = storage.create(path)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Reads a small text file from an offset. */
  private static String read(String path, long offset) throws IOException {
    try (InputStream in = storage.openRead(path, offset)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
