package io.graphdrive.stack;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One process of the embedded default: started with its log and pid file, stopped with SIGTERM, then SIGKILL. */
final class ChildProcess {
  private final String name;
  private final Process process;
  private final Path pidFile;
  private final Path log;
  /** Where this run's output starts in the log, which earlier runs appended to. */
  private final long logStart;

  private ChildProcess(String name, Process process, Path pidFile, Path log, long logStart) {
    this.name = name;
    this.process = process;
    this.pidFile = pidFile;
    this.log = log;
    this.logStart = logStart;
  }

  /** Starts a command whose output goes to {@code <logDir>/<name>.log} and whose pid goes to {@code <runDir>/<name>.pid}. */
  static ChildProcess start(String name, List<String> command, Path runDir, Path logDir) throws IOException {
    Files.createDirectories(runDir);
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    Path pidFile = runDir.resolve(name + ".pid");
    Files.writeString(pidFile, process.pid() + "\n", StandardCharsets.UTF_8);
    return new ChildProcess(name, process, pidFile, log, logStart);
  }

  /** Returns the process's name, e.g. {@code index-server-1}. */
  String name() {
    return name;
  }

  /** Returns the process's log file. */
  Path log() {
    return log;
  }

  /** Returns the exit status once the process has ended. */
  Optional<Integer> exitStatus() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /**
   * Returns the processes this one started, and theirs. A handle kept past their end never reaches a new process
   * that got the same pid: the JDK checks start times.
   */
  List<ProcessHandle> descendants() {
    return process.descendants().toList();
  }

  /** Returns whether this run's part of the log holds the text. */
  boolean logContains(String text) throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(log)) {
      channel.position(logStart);
      return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.ISO_8859_1).contains(text);
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
