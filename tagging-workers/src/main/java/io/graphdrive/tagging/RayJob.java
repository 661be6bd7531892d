package io.graphdrive.tagging;

import io.graphdrive.common.ChildJvm;
import io.graphdrive.common.Config;
import io.ray.api.Ray;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts Ray in this JVM: LOCAL mode when {@code ray.address} is empty, else a driver of the cluster at that
 * address whose Java workers load the driver's classes and get the driver's module flags.
 */
final class RayJob {
  /** Setting for the jars and folders of jars the cluster's Java workers load (default: this JVM's class path). */
  static final String CODE_SEARCH_PATH = "ray.code-search-path";
  /** Setting for further JVM options of the cluster's Java workers, separated by spaces (for example -Xmx2g). */
  static final String WORKER_JVM_OPTIONS = "ray.worker-jvm-options";

  private static final String RUN_MODE = "ray.run-mode";
  private static final String ADDRESS = "ray.address";
  private static final String JOB_CODE_SEARCH_PATH = "ray.job.code-search-path";
  // Ray's configuration takes a list from system properties given by index: ray.job.jvm-options.0, .1, ...
  private static final String JOB_JVM_OPTIONS = "ray.job.jvm-options.";

  private RayJob() {}

  /**
   * Sets Ray's system properties for the configuration and calls {@code Ray.init()}; a cluster driver's copy of
   * Ray's native library is deleted once loaded.
   */
  static void init(Config config) {
    // Ray reads its settings from system properties at each init: those of an earlier init in this JVM must go.
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.equals(RUN_MODE) || k.equals(ADDRESS) || k.equals(JOB_CODE_SEARCH_PATH) || k.startsWith(JOB_JVM_OPTIONS))
        .forEach(System::clearProperty);
    String address = config.rayAddress();
    if (address.isEmpty()) {
      System.setProperty(RUN_MODE, "LOCAL");
    } else {
      System.setProperty(ADDRESS, address);
      System.setProperty(JOB_CODE_SEARCH_PATH, config.get(CODE_SEARCH_PATH, System.getProperty("java.class.path")));
      List<String> options = workerJvmOptions(config);
      for (int i = 0; i < options.size(); i++) {
        System.setProperty(JOB_JVM_OPTIONS + i, options.get(i));
      }
    }
    Ray.init();
    if (!address.isEmpty()) {
      RayTempDirs.deleteLoadedLibraryCopy();
    }
  }

  /** Returns the JVM options of the cluster's Java workers: this JVM's module flags, then the setting's. */
  private static List<String> workerJvmOptions(Config config) {
    List<String> options = new ArrayList<>(ChildJvm.moduleFlags());
    for (String option : config.get(WORKER_JVM_OPTIONS, "").trim().split("\\s+")) {
      if (!option.isEmpty()) {
        options.add(option);
      }
    }
    return options;
  }
}
