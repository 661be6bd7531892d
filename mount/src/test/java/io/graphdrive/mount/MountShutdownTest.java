package io.graphdrive.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A mount process ({@link ForegroundMount}, what {@code graphdrive mount} runs) in a child JVM stopped under files open
 * for writing: by SIGTERM, by a lazy unmount and by kill -9; then mounted again to find the bytes and the journaled
 * events (the server is unreachable, so they wait).
 */
final class MountShutdownTest {
  private Path data;
  private Path mountPoint;
  private Process mount;
  private Process writer;

  @BeforeEach
  void setUp() throws IOException {
    data = Files.createTempDirectory("graphdrive-shutdown-test");
    Files.writeString(data.resolve("graphdrive.properties"),
        "juicefs.volume=shutdown" + ProcessHandle.current().pid() + "x" + System.nanoTime());
    Files.writeString(data.resolve("api-token"), "test-token");
    mountPoint = Files.createDirectories(data.resolve("drive"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (writer != null) {
      writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (mount != null) {
      mount.destroy();
      mount.waitFor(60, TimeUnit.SECONDS);
    }
    if (MountTable.isMounted(mountPoint)) {
      MountTable.unmount(mountPoint, true);
    }
    try (Stream<Path> logs = Files.list(data)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("mount-")).sorted().toList()) {
        System.out.println("--- " + log.getFileName() + "\n" + read(log));
      }
    }
    try (Stream<Path> s = Files.walk(data)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void sigtermStoresAndJournalsAFileHeldOpenForWriting() throws Exception {
    mount = startMount();
    byte[] bytes = holdOpenWriting("held.bin", 3 << 20);
    mount.destroy();
    assertTrue(mount.waitFor(60, TimeUnit.SECONDS), "the mount did not stop");
    assertTrue(mount.exitValue() == 0 || mount.exitValue() == 143, "exit " + mount.exitValue());
    assertFalse(MountTable.isMounted(mountPoint));
    assertTrue(journaled("\"type\":\"CREATED\",\"path\":\"/held.bin\""), "no CREATED in " + journalText());

    mount = startMount();
    assertArrayEquals(bytes, Files.readAllBytes(mountPoint.resolve("held.bin")));
    assertTrue(journaled("\"type\":\"CREATED\",\"path\":\"/held.bin\""), "the event was lost on restart");
  }

  @Test
  void lazyUnmountStoresAndJournalsAFileHeldOpenForWriting() throws Exception {
    mount = startMount();
    byte[] bytes = holdOpenWriting("lazy.bin", 1 << 20);
    MountTable.unmount(mountPoint, true);
    assertTrue(mount.waitFor(60, TimeUnit.SECONDS), "the mount did not stop after the unmount");
    assertEquals(0, mount.exitValue());
    assertTrue(journaled("\"type\":\"CREATED\",\"path\":\"/lazy.bin\""), "no CREATED in " + journalText());

    mount = startMount();
    assertArrayEquals(bytes, Files.readAllBytes(mountPoint.resolve("lazy.bin")));
  }

  @Test
  void killAfterFsyncKeepsTheBytesAndTheNextMountReplaysTheJournal() throws Exception {
    mount = startMount();
    byte[] bytes = random(7, 2 << 20);
    FileChannel ch = FileChannel.open(mountPoint.resolve("synced.bin"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    ch.write(ByteBuffer.wrap(bytes));
    ch.force(true);
    mount.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    try {
      ch.close();
    } catch (IOException e) {
      // The mount is gone: the kernel answers ENOTCONN.
    }
    List<Path> orphans = journalDirs();
    assertEquals(1, orphans.size());
    assertTrue(journaled("\"type\":\"CREATED\",\"path\":\"/synced.bin\""), "fsync journaled nothing");

    mount = startMount();
    assertArrayEquals(bytes, Files.readAllBytes(mountPoint.resolve("synced.bin")));
    assertFalse(Files.exists(orphans.get(0)), "the dead mount's journal was not adopted");
    assertTrue(journaled("\"type\":\"CREATED\",\"path\":\"/synced.bin\""), "the adopted journal lost the event");
  }

  /**
   * Starts a shell that creates the file, writes random bytes to it and keeps it open; returns the bytes once
   * written.
   */
  private byte[] holdOpenWriting(String name, int size) throws Exception {
    Path local = data.resolve(name + ".local");
    byte[] bytes = random(size, size);
    Files.write(local, bytes);
    writer = new ProcessBuilder("sh", "-c", "exec 3>\"$1\"; cat \"$2\" >&3; echo written; exec sleep 600", "sh",
        mountPoint.resolve(name).toString(), local.toString()).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("written", out.readLine());
    return bytes;
  }

  /** Starts a mount process against an unreachable server and waits until it says it is mounted. */
  private Process startMount() throws Exception {
    Path log = data.resolve("mount-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(ChildJvm.command(System.getProperty("java.class.path"), List.of("-Xmx256m"),
        ForegroundMount.class.getName(), List.of(mountPoint.toString(), data.toString(), "http://127.0.0.1:1")))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.currentTimeMillis() + 60_000;
    // Its own word, not the mount table: stopped before it has seen the mount, it has no shutdown hook yet.
    while (!read(log).contains(ForegroundMount.MOUNTED)) {
      assertTrue(p.isAlive(), () -> "mount exited: " + read(log));
      assertTrue(System.currentTimeMillis() < deadline, "mount did not come up");
      Thread.sleep(100);
    }
    return p;
  }

  private List<Path> journalDirs() throws IOException {
    try (Stream<Path> s = Files.list(data.resolve("journal"))) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
  }

  private boolean journaled(String fragment) throws IOException {
    return journalText().contains(fragment);
  }

  /** Returns the events of every journal in the data directory. */
  private String journalText() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Path dir : journalDirs()) {
      Path events = dir.resolve("events.jsonl");
      if (Files.exists(events)) {
        sb.append(Files.readString(events));
      }
    }
    return sb.toString();
  }

  private static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
