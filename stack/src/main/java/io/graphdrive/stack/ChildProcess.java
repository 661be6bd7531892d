package io.graphdrive.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One process of the embedded default: started with its log and pid file, stopped with SIGTERM, then SIGKILL. */
public final class ChildProcess {
  private final String name;
  private final Process process;
  private final Path pidFile;
  private final Path log;

  private ChildProcess(String name, Process process, Path pidFile, Path log) {
    this.name = name;
    this.process = process;
    this.pidFile = pidFile;
    this.log = log;
  }

  /** Starts a command whose output goes to {@code <logDir>/<name>.log} and whose pid goes to {@code <runDir>/<name>.pid}. */
  static ChildProcess start(String name, List<String> command, Path runDir, Path logDir) throws IOException {
    Files.createDirectories(runDir);
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    Path pidFile = runDir.resolve(name + ".pid");
    Files.writeString(pidFile, process.pid() + "\n", StandardCharsets.UTF_8);
    return new ChildProcess(name, process, pidFile, log);
  }

  /** Returns the process's name, e.g. {@code index-server-1}. */
  public String name() {
    return name;
  }

  /** Returns the process's log file. */
  public Path log() {
    return log;
  }

  /** Returns the exit status once the process has ended. */
  Optional<Integer> exitStatus() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** Returns the process handle, to watch for its end. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Returns whether the log holds a line containing the text. */
  boolean logContains(String text) throws IOException {
    try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      return lines.anyMatch(l -> l.contains(text));
    }
  }

  /** Asks the process to stop, waits up to the grace period, then kills it; removes its pid file. */
  void stop(long graceSeconds) {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
          System.err.println(name + " did not stop within " + graceSeconds + " s; killing it");
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      System.err.println("cannot remove " + pidFile + ": " + e.getMessage());
    }
  }
}
