package io.graphdrive.tagging;

import io.graphdrive.common.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an actor needs to know, sent to it as JSON (Ray's serializer cannot build records): the data
 * directory, the driver's storage settings (so actors in other JVMs read the same volume), an optional
 * local directory to read files from instead of JuiceFS, the per-file timeout, the largest file whose
 * content is read, how far below the rest the tagging threads run, and the optional language model.
 */
record ActorSettings(
    String dataDir, Map<String, String> storageEnv, String localRoot, int timeoutSeconds, long maxContentBytes,
    int nice, LlmSettings llm) {
  /** Setting naming a local directory to read drive files from instead of JuiceFS (tests, tools). */
  static final String LOCAL_ROOT = "tagging.local-root";
  /** Setting for the per-file timeout in seconds (default 120). */
  static final String TIMEOUT = "tagging.timeout-seconds";
  /** Setting for the largest file, in MiB, whose content is read (default 2048); larger ones get name and type tags. */
  static final String MAX_CONTENT_MB = "tagging.max-content-mb";
  /** Setting for how many nice levels the threads that run the models sit below the rest, 0 to 19 (default 10). */
  static final String NICE = "tagging.nice";

  /** Returns the settings of the driver's configuration. */
  static ActorSettings of(Config config) {
    Map<String, String> env = new HashMap<>();
    env.put(envName(Config.JUICEFS_META), config.juicefsMeta());
    env.put(envName(Config.JUICEFS_BUCKET), config.juicefsBucket());
    env.put(envName(Config.JUICEFS_VOLUME), config.juicefsVolume());
    int timeout = config.getInt(TIMEOUT, 120, 1, Integer.MAX_VALUE);
    int maxMb = config.getInt(MAX_CONTENT_MB, (int) (FileTagger.DEFAULT_MAX_CONTENT_BYTES >> 20), 1, Integer.MAX_VALUE);
    int nice = config.getInt(NICE, 10, 0, 19);
    return new ActorSettings(config.dataDir().toString(), env, config.get(LOCAL_ROOT, ""), timeout,
        (long) maxMb << 20, nice, LlmSettings.of(config));
  }

  /** Returns the content source these settings name. */
  ContentSource source() {
    if (!localRoot.isEmpty()) {
      return Sources.directory(Path.of(localRoot));
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(storageEnv);
    return Sources.juicefs(Config.load(Path.of(dataDir), env));
  }

  private static String envName(String key) {
    return "GRAPHDRIVE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
