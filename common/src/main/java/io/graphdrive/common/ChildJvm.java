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
    command.addAll(moduleFlags());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** Returns this JVM's --add-opens and --add-exports flags, what JuiceFS and Ray need in every JVM; other flags are this JVM's own. */
  public static List<String> moduleFlags() {
    List<String> flags = new ArrayList<>();
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
        flags.add(arg);
      }
    }
    return flags;
  }
}
