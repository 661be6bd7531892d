package io.graphdrive.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graphdrive.common.Event;
import io.graphdrive.common.EventType;
import io.graphdrive.storage.JuiceStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POSIX behaviour of a real FUSE mount of a JuiceFS volume, seen through Java's file API and real tools. */
final class DrivePosixTest {
  // The project's shared tools sit beside the repository (the tests run in mount/).
  private static final Path PJDFSTEST = Path.of("../../shared/tools/pjdfstest.sh").toAbsolutePath().normalize();
  private static TestMount mounted;
  private static List<Event> EVENTS;
  private static Path data;
  private static Path drive;
  private static JuiceStorage storage;

  @BeforeAll
  static void mount() throws IOException {
    mounted = TestMount.start("posixtest");
    EVENTS = mounted.events;
    data = mounted.data;
    drive = mounted.drive;
    storage = mounted.storage;
  }

  @AfterAll
  static void unmount() throws IOException {
    if (mounted != null) {
      mounted.close();
    }
  }

  @Test
  void modesGivenAtCreateMkdirAndChmodAreKept() throws Exception {
    Path dir = dir("modes");
    run("sh", "-c", "umask 022 && cd '" + dir + "' && mkdir -m 0701 d && install -m 0750 /dev/null tool "
        + "&& touch plain && chmod 0604 plain && chmod 4755 tool");
    assertEquals("rwx-----x", mode(dir.resolve("d")));
    assertEquals("rwxr-xr-x", mode(dir.resolve("tool")));
    assertEquals("rw----r--", mode(dir.resolve("plain")));
    assertEquals("4755", output("stat", "-c", "%a", dir.resolve("tool").toString()).strip());
  }

  @Test
  void ownersAndTimesAreStoredAndReported() throws Exception {
    Path f = Files.writeString(dir("owners").resolve("f"), "x");
    run("chown", "1234:5678", f.toString());
    assertEquals(1234, Files.getAttribute(f, "unix:uid"));
    assertEquals(5678, Files.getAttribute(f, "unix:gid"));
    FileTime t = FileTime.fromMillis(1_500_000_000_123L);
    Files.setLastModifiedTime(f, t);
    assertEquals(t, Files.getLastModifiedTime(f));
    run("touch", "-a", "-d", "@1900000000", f.toString());
    assertEquals(FileTime.fromMillis(1_900_000_000_000L), Files.getAttribute(f, "lastAccessTime"));
    assertEquals(t, Files.getLastModifiedTime(f));
  }

  @Test
  void symlinksAreStoredReadAndNeverReported() throws Exception {
    Path dir = dir("links");
    Path target = Files.writeString(dir.resolve("target.txt"), "through the link");
    Path relative = Files.createSymbolicLink(dir.resolve("rel"), Path.of("target.txt"));
    Path absolute = Files.createSymbolicLink(dir.resolve("abs"), Path.of("/etc/hostname"));
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
    assertEquals(Path.of("target.txt"), Files.readSymbolicLink(relative));
    assertEquals(Path.of("/etc/hostname"), Files.readSymbolicLink(absolute));
    assertEquals("through the link", Files.readString(relative));
    assertEquals(Files.readString(Path.of("/etc/hostname")), Files.readString(absolute));
    assertTrue(Files.isSymbolicLink(dangling));
    assertFalse(Files.exists(dangling));
    assertTrue(Files.readAttributes(relative, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode") instanceof Integer);
    Files.move(relative, dir.resolve("moved"));
    Files.delete(dir.resolve("moved"));
    assertTrue(Files.exists(target));
    for (Event e : EVENTS) {
      assertFalse(e.path().matches("/links/(rel|abs|dangling|moved)"), e::toString);
    }
  }

  @Test
  void fifosSocketsAndDevicesAreMadeAndNeverReported() throws Exception {
    Path fifo = dir("fifo").resolve("pipe");
    run("mkfifo", "-m", "0640", fifo.toString());
    assertEquals("fifo 640", output("stat", "-c", "%F %a", fifo.toString()).strip());
    assertEquals("through the pipe", output("sh", "-c",
        "(echo through the pipe > '" + fifo + "' &) ; cat '" + fifo + "'").strip());
    Files.delete(fifo);
    Path device = fifo.resolveSibling("null");
    run("mknod", "-m", "0600", device.toString(), "c", "1", "3");
    assertEquals("character special file 600 1,3", output("stat", "-c", "%F %a %t,%T", device.toString()).strip());
    // The drive is mounted nodev: a device file there is a name, never a way into the device.
    assertFalse(exitsZero("sh", "-c", "echo x > '" + device + "'"));
    Files.delete(device);
    assertFalse(EVENTS.stream().anyMatch(e -> e.path().startsWith("/fifo/")), EVENTS::toString);
  }

  @Test
  void renameReplacesAFileOrAnEmptyDirectoryOnly() throws Exception {
    Path dir = dir("replace");
    Path a = Files.writeString(dir.resolve("a"), "new");
    Path b = Files.writeString(dir.resolve("b"), "old");
    Files.move(a, b, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertEquals("new", Files.readString(b));
    assertFalse(Files.exists(a));
    assertEquals(List.of("b"), names(dir));
    assertTrue(EVENTS.contains(new Event(EventType.MOVED, "/replace/b", "/replace/a")));

    Path full = Files.createDirectories(dir.resolve("full/inner"));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.move(full.getParent(), empty, StandardCopyOption.ATOMIC_MOVE);
    assertTrue(Files.isDirectory(dir.resolve("empty/inner")));
    Path other = Files.createDirectories(dir.resolve("other"));
    FileSystemException e = assertThrows(FileSystemException.class,
        () -> Files.move(other, empty, StandardCopyOption.ATOMIC_MOVE));
    assertTrue(String.valueOf(e.getReason()).contains("not empty"), e::toString);
  }

  @Test
  void exclusiveCreateAppendTruncateAndSparseWrites() throws Exception {
    Path f = Files.writeString(dir("io").resolve("f"), "hello");
    assertThrows(FileAlreadyExistsException.class,
        () -> Files.newByteChannel(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close());
    Files.writeString(f, " world", StandardOpenOption.APPEND);
    assertEquals("hello world", Files.readString(f));
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(5);
      assertEquals(5, ch.size());
      ch.write(ByteBuffer.wrap("!".getBytes(StandardCharsets.UTF_8)), 5);
    }
    assertEquals("hello!", Files.readString(f));
    run("truncate", "-s", "2", f.toString());
    assertEquals("he", Files.readString(f));
    Files.writeString(f, "x", StandardOpenOption.TRUNCATE_EXISTING);
    assertEquals("x", Files.readString(f));

    Path sparse = dir("io").resolve("sparse");
    try (FileChannel ch = FileChannel.open(sparse, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {7}), 10 << 20);
      ch.write(ByteBuffer.wrap(new byte[] {9}), 3);
    }
    byte[] bytes = Files.readAllBytes(sparse);
    byte[] expected = new byte[(10 << 20) + 1];
    expected[3] = 9;
    expected[10 << 20] = 7;
    assertArrayEquals(expected, bytes);
  }

  @Test
  void cachedPagesAreDroppedWhenAnotherClientChangesTheFile() throws Exception {
    Path f = Files.writeString(dir("cache").resolve("f"), "first");
    assertEquals("first", Files.readString(f));
    try (java.io.OutputStream out = storage.create("/cache/f")) {
      out.write("second, longer".getBytes(StandardCharsets.UTF_8));
    }
    // The kernel keeps attributes for a second; the next open then sees the new size and drops the old pages.
    Thread.sleep(1100);
    assertEquals("second, longer", Files.readString(f));
  }

  @Test
  void extendedAttributesAreSetListedReadAndRemoved() throws Exception {
    Path f = Files.writeString(dir("xattr").resolve("f"), "x");
    UserDefinedFileAttributeView view = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
    view.write("colour", StandardCharsets.UTF_8.encode("blue"));
    view.write("empty", ByteBuffer.allocate(0));
    assertEquals(List.of("colour", "empty"), view.list().stream().sorted().toList());
    ByteBuffer buf = ByteBuffer.allocate(view.size("colour"));
    view.read("colour", buf);
    assertEquals("blue", new String(buf.array(), StandardCharsets.UTF_8));
    view.delete("colour");
    assertEquals(List.of("empty"), view.list());
    assertThrows(IOException.class, () -> view.size("colour"));
  }

  @Test
  void errorsArePosixOnes() throws Exception {
    Path dir = dir("errors");
    Files.writeString(dir.resolve("inside"), "x");
    assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(dir));
    IOException isDir = assertThrows(IOException.class, () -> Files.writeString(dir, "x"));
    assertTrue(isDir.getMessage().contains("Is a directory"), isDir::toString);
    FileSystemException link = assertThrows(FileSystemException.class,
        () -> Files.createLink(dir.resolve("hard"), dir.resolve("inside")));
    assertTrue(link.getReason().contains("not permitted"), link::toString);
    assertThrows(java.nio.file.NoSuchFileException.class, () -> Files.readString(dir.resolve("missing")));
    assertThrows(FileSystemException.class, () -> Files.createDirectory(dir.resolve("x".repeat(256))));
    Files.createDirectory(dir.resolve("y".repeat(255)));
  }

  @Test
  void gitCloneAndCheckoutKeepTheExecutableBit() throws Exception {
    assumeTrue(exitsZero("git", "--version"), "git is not installed");
    Path repo = Files.createDirectories(data.resolve("repo"));
    Files.writeString(repo.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(repo.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(repo.resolve("README"), "readme\n");
    git(repo, "init", "-q", "-b", "master");
    git(repo, "add", ".");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one");
    git(repo, "checkout", "-qb", "other");
    Files.writeString(repo.resolve("README"), "changed\n");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "two");
    Path clone = drive.resolve("clone");
    run("git", "clone", "-q", repo.toString(), clone.toString());
    assertTrue(Files.isExecutable(clone.resolve("run.sh")));
    assertEquals("", git(clone, "status", "--porcelain"));
    git(clone, "checkout", "-q", "master");
    assertEquals("readme\n", Files.readString(clone.resolve("README")));
    assertEquals("", git(clone, "status", "--porcelain"));
    assertTrue(Files.isExecutable(clone.resolve("run.sh")));
  }

  @Test
  void aPythonVirtualEnvironmentIsMadeAndRunsInTheDrive() throws Exception {
    Path venv = dir("venv").resolve("env");
    run("python3", "-m", "venv", venv.toString());
    assertTrue(Files.isSymbolicLink(venv.resolve("bin/python")));
    assertEquals(venv.toString(), output(venv.resolve("bin/python").toString(), "-c",
        "import sys; print(sys.prefix)").strip());
    assertTrue(output(venv.resolve("bin/pip").toString(), "--version").contains(venv.toString()));
  }

  @Test
  void pjdfstestPassesNineAssertionsInTen() throws Exception {
    assumeTrue(Files.isExecutable(PJDFSTEST), "pjdfstest is not in " + PJDFSTEST);
    // The whole suite, two test files at a time (prove reads .proverc in the directory it runs in): about 4 minutes
    // on a 2-core machine, a fifth less than one at a time, with the same assertions failing.
    Path pjd = dir("pjd");
    Files.writeString(pjd.resolve(".proverc"), "-j2\n");
    String out = output(PJDFSTEST.toString(), pjd.toString());
    String summary = out.lines().reduce((first, second) -> second).orElse("");
    System.out.println(summary);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/(\\d+) assertions").matcher(summary);
    assertTrue(m.find(), out);
    assertTrue(Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2)) >= 0.9, summary);
  }

  /** Returns a fresh directory in the drive. */
  private static Path dir(String name) throws IOException {
    assertTrue(MountTable.isMounted(drive), "the drive is not mounted");
    return Files.createDirectories(drive.resolve(name));
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String git(Path dir, String... args) throws Exception {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = dir.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    return output(cmd).strip();
  }

  private static boolean exitsZero(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }

  private static void run(String... cmd) throws Exception {
    output(cmd);
  }

  /** Runs a command, failing with its output unless it exits 0; returns its output. */
  private static String output(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(600, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + ": " + out);
    return out;
  }
}
