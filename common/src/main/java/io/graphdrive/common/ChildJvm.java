package io.graphdrive.common;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command lines of child JVMs. The JVM flags GraphDrive needs (scripts/jvm-flags, given to the first JVM
 * by the graphdrive script or by the Maven tests) are copied from the running JVM, so no list of them is kept here.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** Returns the command that starts a JVM with this JVM's module flags, the options, a classpath and a main class. */
  public static List<String> command(String classpath, List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // The --add-opens/--add-exports are what JuiceFS and Ray need everywhere; other flags are the parent's own.
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
        command.add(arg);
      }
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }
}
