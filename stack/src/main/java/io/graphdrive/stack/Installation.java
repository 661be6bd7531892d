package io.graphdrive.stack;

import io.graphdrive.common.ChildJvm;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where GraphDrive's built modules are, and how to start a JVM on one of them. */
final class Installation {
  private final Path home;

  private Installation(Path home) {
    this.home = home;
  }

  /**
   * Finds the installation: the {@code graphdrive.home} property (set by the launcher script), else the
   * checkout this class was loaded from ({@code <home>/stack/target/...}).
   */
  static Installation find() {
    String property = System.getProperty("graphdrive.home");
    if (property != null) {
      return new Installation(Path.of(property).toAbsolutePath().normalize());
    }
    try {
      Path code = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return new Installation(code.getParent().getParent().getParent());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the GraphDrive installation; set -Dgraphdrive.home", e);
    }
  }

  /** Returns the installation's root folder. */
  Path home() {
    return home;
  }

  /** Returns the classpath of a built module: its jar and {@code target/lib/*}. */
  String classpath(String module) throws IOException {
    Path target = home.resolve(module).resolve("target");
    Path lib = target.resolve("lib");
    if (!Files.isDirectory(lib)) {
      throw new IOException("module " + module + " is not built (" + lib + " is missing); run ./graphdrive setup");
    }
    try (Stream<Path> files = Files.list(target)) {
      Path jar = files
          .filter(p -> p.getFileName().toString().startsWith(module + "-"))
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-tests.jar"))
          .findFirst()
          .orElseThrow(() -> new IOException("module " + module + " has no jar in " + target + "; run ./graphdrive setup"));
      return jar + ":" + lib + "/*";
    }
  }

  /** Returns the command that starts a JVM with this JVM's module flags, extra options, a module's classpath and a main class. */
  List<String> java(String module, List<String> jvmOptions, String mainClass, List<String> args) throws IOException {
    return ChildJvm.command(classpath(module), jvmOptions, mainClass, args);
  }

  /** Returns the command that starts a JVM on this JVM's own classpath, e.g. the command line's mount. */
  List<String> javaHere(List<String> jvmOptions, String mainClass, List<String> args) {
    return ChildJvm.command(System.getProperty("java.class.path"), jvmOptions, mainClass, args);
  }

  /** Returns the path of a program Debian installs (nginx, redis-server), or says to run setup. */
  static String debianProgram(String name) throws IOException {
    for (String dir : List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IOException(name + " is not installed; run ./graphdrive setup (it installs Debian's " + name + ")");
  }
}
