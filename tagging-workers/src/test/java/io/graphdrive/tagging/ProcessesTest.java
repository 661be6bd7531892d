package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external-process runner: output, exit codes, the time limit and its kill of the whole tree. */
final class ProcessesTest {
  @TempDir Path dir;

  @Test
  void returnsOutputAndExitCode() throws Exception {
    Processes.Result r = Processes.run(List.of("sh", "-c", "echo out; echo '  ' >&2; echo why >&2; exit 3"), Duration.ofSeconds(10));
    assertEquals(3, r.exitCode());
    assertEquals("out\n", r.stdout());
    assertEquals("why", r.reason());
    assertEquals("exit code 1", Processes.run(List.of("false"), Duration.ofSeconds(10)).reason());
  }

  @Test
  void keepsABoundedPartOfHugeOutput() throws Exception {
    Processes.Result r = Processes.run(List.of("head", "-c", "5000000", "/dev/zero"), Duration.ofSeconds(10));
    assertEquals(0, r.exitCode());
    assertEquals(Processes.MAX_OUTPUT_BYTES, r.stdout().length());
  }

  @Test
  void killsTheProgramAndItsChildrenOnTimeout() throws Exception {
    Path pid = dir.resolve("child.pid");
    long start = System.nanoTime();
    IOException e =
        assertThrows(
            IOException.class,
            () -> Processes.run(List.of("sh", "-c", "sleep 60 & echo $! > " + pid + "; wait"), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().startsWith("sh ran past its limit of 1 s"), e.getMessage());
    assertTrue((System.nanoTime() - start) / 1e9 < 10);
    ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).orElse(null);
    if (child != null) {
      child.onExit().get(5, TimeUnit.SECONDS); // times out (fails) when the child outlived its parent
      assertFalse(child.isAlive());
    }
  }

  @Test
  void missingProgramIsAnIOException() {
    assertThrows(IOException.class, () -> Processes.run(List.of("no-such-program-here"), Duration.ofSeconds(5)));
    assertFalse(Programs.onPath("no-such-program-here"));
    assertTrue(Programs.onPath("sh"));
  }
}
