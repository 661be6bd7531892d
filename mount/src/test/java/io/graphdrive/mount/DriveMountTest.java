package io.graphdrive.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.ChildJvm;
import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real tools on a real FUSE mount of a JuiceFS volume in a temporary data directory. */
final class DriveMountTest {
  private static final long BIG_MB = Long.getLong("graphdrive.test.big-mb", 1024);
  private static TestMount mounted;
  private static List<Event> EVENTS;
  private static Path data;
  private static Path mountPoint;

  @BeforeAll
  static void mount() throws IOException {
    mounted = TestMount.start("mounttest");
    EVENTS = mounted.events;
    data = mounted.data;
    mountPoint = mounted.drive;
  }

  @AfterAll
  static void unmount() throws IOException {
    if (mounted != null) {
      mounted.close();
    }
  }

  @Test
  void cpOfAFolderKeepsBytesAndRmRemovesIt() throws Exception {
    Path src = sampleFolder("cp-src");
    run("cp", "-r", src.toString(), drive().resolve("copied").toString());
    assertSameTree(src, drive().resolve("copied"));
    awaitEvent(new Event(EventType.CREATED, "/copied/sub/résumé ünïcode.txt", null));
    assertTrue(EVENTS.contains(new Event(EventType.CREATED, "/copied", null)));
    assertTrue(EVENTS.contains(new Event(EventType.CREATED, "/copied/with space.bin", null)));

    run("rm", "-r", drive().resolve("copied").toString());
    assertFalse(Files.exists(drive().resolve("copied")));
    assertTrue(EVENTS.contains(new Event(EventType.DELETED, "/copied/with space.bin", null)));
    assertTrue(EVENTS.contains(new Event(EventType.DELETED, "/copied/sub", null)));
    assertTrue(EVENTS.contains(new Event(EventType.DELETED, "/copied", null)));
  }

  @Test
  void aFileHasItsLengthTheMomentItIsClosed() throws Exception {
    // The kernel sends the release after close(2) returns; a stat in between once saw a length of 0 (git clone
    // then read empty objects). Many tries, since the race is narrow.
    Path dir = Files.createDirectories(drive().resolve("closed-length"));
    byte[] bytes = "0123456789".repeat(10).getBytes(StandardCharsets.UTF_8);
    int wrong = 0;
    for (int i = 0; i < 2000; i++) {
      Path file = dir.resolve("f" + i);
      Files.write(file, bytes);
      if (Files.size(file) != bytes.length) {
        wrong++;
      }
    }
    assertEquals(0, wrong, "files that read as shorter than written right after their close");
  }

  @Test
  void mvOfFilesAndOfAFolder() throws Exception {
    Path dir = Files.createDirectories(drive().resolve("mv/a"));
    Files.writeString(dir.resolve("one.txt"), "one");
    Files.writeString(dir.resolve("two.txt"), "two");
    Files.writeString(drive().resolve("mv/target.txt"), "old target");
    run("mv", dir.resolve("one.txt").toString(), dir.resolve("uno.txt").toString());
    run("mv", dir.resolve("two.txt").toString(), drive().resolve("mv/target.txt").toString());
    assertEquals("two", Files.readString(drive().resolve("mv/target.txt")));
    int before = EVENTS.size();
    run("mv", drive().resolve("mv/a").toString(), drive().resolve("mv/b").toString());
    assertEquals("one", Files.readString(drive().resolve("mv/b/uno.txt")));
    assertTrue(EVENTS.contains(new Event(EventType.MOVED, "/mv/a/uno.txt", "/mv/a/one.txt")));
    assertTrue(EVENTS.contains(new Event(EventType.MOVED, "/mv/target.txt", "/mv/a/two.txt")));
    assertEquals(List.of(new Event(EventType.MOVED, "/mv/b", "/mv/a")), EVENTS.subList(before, EVENTS.size()));
  }

  @Test
  void vimSaveKeepsTheEdit() throws Exception {
    Path file = drive().resolve("notes.txt");
    Files.writeString(file, "first line\n");
    run("vim", "-u", "NONE", "-N", "-es", "-c", "normal Gosecond line", "-c", "wq", file.toString());
    assertEquals("first line\nsecond line\n", Files.readString(file));
    int before = EVENTS.size();
    // vim's save with backupcopy=no, call by call: probe file, original renamed to the backup, new file, backup gone.
    Path probe = drive().resolve("4913");
    Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    Files.delete(probe);
    Files.move(file, drive().resolve("notes.txt~"));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap("first line\nsecond line\nthird line\n".getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.delete(drive().resolve("notes.txt~"));
    assertEquals("first line\nsecond line\nthird line\n", Files.readString(file));
    awaitEvent(new Event(EventType.CREATED, "/notes.txt", null));
    // Releases reach the mount after close() returns, so only the order of the synchronous calls is fixed.
    List<Event> saved = EVENTS.subList(before, EVENTS.size());
    assertTrue(saved.contains(new Event(EventType.DELETED, "/4913", null)), saved::toString);
    assertTrue(saved.contains(new Event(EventType.DELETED, "/notes.txt~", null)), saved::toString);
    assertTrue(saved.indexOf(new Event(EventType.MOVED, "/notes.txt~", "/notes.txt"))
        < saved.indexOf(new Event(EventType.CREATED, "/notes.txt", null)), saved::toString);
  }

  @Test
  void tarWithSymlinksAndAnRsyncRoundTripKeepBytesModesTimesAndXattrs() throws Exception {
    Path src = sampleFolder("tar-src");
    Path script = Files.writeString(src.resolve("sub/run.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Files.createSymbolicLink(src.resolve("link-to-script"), Path.of("sub/run.sh"));
    Files.createSymbolicLink(src.resolve("dangling"), Path.of("nowhere/at/all"));
    Files.getFileAttributeView(src.resolve("empty"), UserDefinedFileAttributeView.class)
        .write("colour", ByteBuffer.wrap("blue".getBytes(StandardCharsets.UTF_8)));
    Path archive = data.resolve("sample.tar");
    run("tar", "cf", archive.toString(), "-C", src.toString(), ".");
    Path untarred = Files.createDirectories(drive().resolve("untarred"));
    run("tar", "xf", archive.toString(), "-C", untarred.toString());
    run("diff", "-r", "--no-dereference", src.toString(), untarred.toString());
    assertEquals("sub/run.sh", Files.readSymbolicLink(untarred.resolve("link-to-script")).toString());

    // In with rsync -a -X, out again to local disk: the same bytes, links, modes, times and attributes.
    run("rsync", "-a", "-X", src + "/", drive().resolve("synced").toString());
    Path back = data.resolve("synced-back");
    run("rsync", "-a", "-X", drive().resolve("synced") + "/", back.toString());
    run("diff", "-r", "--no-dereference", src.toString(), back.toString());
    assertEquals(stat(src), stat(back));
    assertEquals("blue", xattr(back.resolve("empty"), "colour"));
    awaitEvent(new Event(EventType.MOVED, "/synced/with space.bin", null), true);
  }

  /** Lists name, type, mode, size and (but for symlinks, whose own times libjfs keeps as made) mtime of a tree. */
  private static String stat(Path root) throws Exception {
    return output("sh", "-c", "cd '" + root + "' && find . -mindepth 1 | sort | while read -r f; do "
        + "if [ -L \"$f\" ]; then stat -c '%n %F %a %s' \"$f\"; else stat -c '%n %F %a %s %Y' \"$f\"; fi; done");
  }

  private static String xattr(Path file, String name) throws IOException {
    UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    ByteBuffer value = ByteBuffer.allocate(view.size(name));
    view.read(name, value);
    return new String(value.array(), StandardCharsets.UTF_8);
  }

  @Test
  void sqliteWorksOnADatabaseInTheDrive() throws Exception {
    Path db = Files.createDirectories(drive().resolve("db")).resolve("test.db");
    StringBuilder sql = new StringBuilder("create table t(id integer primary key, name text); begin;");
    for (int i = 0; i < 2000; i++) {
      sql.append("insert into t(name) values ('row ").append(i).append(" ").append("x".repeat(100)).append("');");
    }
    sql.append("commit; update t set name = 'changed' where id % 7 = 0;");
    Path script = Files.writeString(data.resolve("insert.sql"), sql);
    run("sqlite3", db.toString(), ".read " + script);
    assertEquals("2000|285", output("sqlite3", db.toString(),
        "select count(*), sum(name = 'changed') from t;").lines().findFirst().orElse(""));
    assertEquals("ok", output("sqlite3", db.toString(), "pragma integrity_check;").strip());
  }

  @Test
  void concurrentWritersKeepTheirBytes() throws Exception {
    Path dir = Files.createDirectories(drive().resolve("concurrent"));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<byte[]>> files = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int n = i;
        files.add(pool.submit(() -> {
          byte[] bytes = random(n, 3 << 20);
          Files.write(dir.resolve("file-" + n + ".bin"), bytes);
          return bytes;
        }));
      }
      byte[] half1 = random(10, 1 << 20);
      byte[] half2 = random(11, 1 << 20);
      Path shared = dir.resolve("shared.bin");
      List<Future<?>> halves = List.of(
          pool.submit(() -> writeAt(shared, half1, 0)),
          pool.submit(() -> writeAt(shared, half2, half1.length)));
      for (Future<?> f : halves) {
        f.get(60, TimeUnit.SECONDS);
      }
      for (int i = 0; i < files.size(); i++) {
        assertArrayEquals(files.get(i).get(60, TimeUnit.SECONDS), Files.readAllBytes(dir.resolve("file-" + i + ".bin")));
      }
      byte[] whole = Files.readAllBytes(shared);
      assertEquals(half1.length + half2.length, whole.length);
      assertArrayEquals(half1, java.util.Arrays.copyOfRange(whole, 0, half1.length));
      assertArrayEquals(half2, java.util.Arrays.copyOfRange(whole, half1.length, whole.length));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void renameAndUnlinkWhileWritingReportTheFinalName() throws Exception {
    Path dir = Files.createDirectories(drive().resolve("racing"));
    byte[] first = random(11, 3 << 20);
    byte[] second = random(12, 1 << 20);
    try (FileChannel ch = FileChannel.open(dir.resolve("a.bin"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(first));
      Files.move(dir.resolve("a.bin"), dir.resolve("b.bin"));
      ch.write(ByteBuffer.wrap(second));
    }
    awaitEvent(new Event(EventType.CREATED, "/racing/b.bin", null));
    assertFalse(EVENTS.contains(new Event(EventType.CREATED, "/racing/a.bin", null)));
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    assertArrayEquals(both, Files.readAllBytes(dir.resolve("b.bin")));

    try (FileChannel ch = FileChannel.open(dir.resolve("gone.bin"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      ch.write(ByteBuffer.wrap(first));
      Files.delete(dir.resolve("gone.bin"));
      ch.write(ByteBuffer.wrap(second));
      ch.force(true);
      ByteBuffer back = ByteBuffer.allocate(second.length);
      ch.read(back, first.length);
      assertArrayEquals(second, back.array());
    }
    awaitEvent(new Event(EventType.DELETED, "/racing/gone.bin", null));
    Thread.sleep(200);
    assertFalse(EVENTS.stream().anyMatch(e -> e.path().equals("/racing/gone.bin") && e.type() != EventType.DELETED),
        EVENTS.toString());
    assertFalse(Files.exists(dir.resolve("gone.bin")));
  }

  @Test
  void bigFileThroughAMountWithASmallHeapAndAStaleMountCleared() throws Exception {
    Path bigData = Files.createDirectories(data.resolve("big"));
    Files.writeString(bigData.resolve("graphdrive.properties"),
        "juicefs.volume=mountbig" + ProcessHandle.current().pid());
    Files.writeString(bigData.resolve("api-token"), "test-token");
    Path bigMount = bigData.resolve("drive");
    Path local = data.resolve("big.local");
    run("dd", "if=/dev/urandom", "of=" + local, "bs=1M", "count=" + BIG_MB, "status=none");
    String expected = output("sha256sum", local.toString()).split(" ")[0];
    Process child = startMount(bigData, bigMount);
    try {
      long t0 = System.nanoTime();
      run("dd", "if=" + local, "of=" + bigMount.resolve("big.bin"), "bs=1M", "conv=fsync", "status=none");
      double writeSeconds = (System.nanoTime() - t0) / 1e9;
      run("sh", "-c", "echo 3 > /proc/sys/vm/drop_caches || true");
      long t1 = System.nanoTime();
      String actual = output("sha256sum", bigMount.resolve("big.bin").toString()).split(" ")[0];
      double readSeconds = (System.nanoTime() - t1) / 1e9;
      assertEquals(expected, actual);
      System.out.printf("big file %d MB through the mount: write %.0f MB/s, read+sha256 %.0f MB/s, mount RSS %s%n",
          BIG_MB, BIG_MB / writeSeconds, BIG_MB / readSeconds, rss(child.pid()));
      assertTrue(child.isAlive(), "the mount JVM died");

      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      assertTrue(MountTable.isMounted(bigMount));
      assertTrue(MountTable.isStale(bigMount));
      child = startMount(bigData, bigMount);
      assertEquals(BIG_MB << 20, Files.size(bigMount.resolve("big.bin")));
    } finally {
      child.destroy();
      child.waitFor(60, TimeUnit.SECONDS);
      if (MountTable.isMounted(bigMount)) {
        MountTable.unmount(bigMount, true);
      }
      Files.deleteIfExists(local);
    }
    assertTrue(child.exitValue() == 0 || child.exitValue() == 143, "exit " + child.exitValue());
    assertFalse(MountTable.isMounted(bigMount));
  }

  /** Starts a mount process (what graphdrive mount runs) in a JVM with a 256 MB heap and waits until it is mounted. */
  private static Process startMount(Path dataDir, Path mp) throws Exception {
    Path log = dataDir.resolve("mount-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(ChildJvm.command(System.getProperty("java.class.path"), List.of("-Xmx256m"),
        ForegroundMount.class.getName(), List.of(mp.toString(), dataDir.toString(), "http://127.0.0.1:1")))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (!(MountTable.isMounted(mp) && !MountTable.isStale(mp))) {
      assertTrue(p.isAlive(), () -> "mount exited: " + readQuietly(log));
      assertTrue(System.currentTimeMillis() < deadline, "mount did not come up");
      Thread.sleep(100);
    }
    return p;
  }

  /** Returns the mount point after checking the mount is still there, so nothing is written to the bare dir. */
  private static Path drive() throws IOException {
    assertTrue(MountTable.isMounted(mountPoint), "the drive is not mounted");
    return mountPoint;
  }

  /** Waits up to 10 s for an event (releases arrive after close returns). */
  private static void awaitEvent(Event event) throws InterruptedException {
    awaitEvent(event, false);
  }

  /** Waits for an event, or with {@code anyFrom} for one with that type and path whatever its source. */
  private static void awaitEvent(Event event, boolean anyFrom) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      for (Event e : EVENTS) {
        if (anyFrom ? e.type() == event.type() && e.path().equals(event.path()) : e.equals(event)) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no event " + event + " among " + EVENTS);
  }

  /** Makes a local folder with random files, a subfolder, unicode and space names. */
  private static Path sampleFolder(String name) throws IOException {
    Path dir = Files.createDirectories(data.resolve(name).resolve("sub"));
    Files.write(dir.getParent().resolve("with space.bin"), random(1, 300_000));
    Files.write(dir.getParent().resolve("empty"), new byte[0]);
    Files.write(dir.resolve("résumé ünïcode.txt"), "héllo wörld 你好\n".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("large.bin"), random(2, 5 << 20));
    return dir.getParent();
  }

  /** Asserts that two trees hold the same relative paths and bytes. */
  private static void assertSameTree(Path expected, Path actual) throws IOException {
    List<Path> names = relative(expected);
    assertEquals(names, relative(actual));
    for (Path name : names) {
      if (Files.isRegularFile(expected.resolve(name))) {
        assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)),
            name.toString());
      }
    }
  }

  private static List<Path> relative(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(root::relativize).sorted().toList();
    }
  }

  private static void writeAt(Path file, byte[] bytes, long offset) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (int i = 0; i < bytes.length; i += 65536) {
        ch.write(ByteBuffer.wrap(bytes, i, Math.min(65536, bytes.length - i)), offset + i);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static void run(String... cmd) throws Exception {
    output(cmd);
  }

  /** Runs a command, failing with its output unless it exits 0; returns its output. */
  private static String output(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + ": " + out);
    return out;
  }

  private static String rss(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("?").replaceAll("\\s+", " ");
  }

  private static String readQuietly(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
