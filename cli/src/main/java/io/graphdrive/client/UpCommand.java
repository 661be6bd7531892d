package io.graphdrive.client;

import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.common.ApiToken;
import io.graphdrive.common.Config;
import io.graphdrive.stack.EmbeddedStack;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the embedded default in the foreground until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Start GraphDrive on this machine: JuiceFS (Redis metadata, local objects), Neo4j, "
        + "two index servers with Ray tagging workers, nginx in front, and the drive mounted with FUSE. "
        + "A part that exits is started again. Stays in the foreground; Ctrl-C unmounts and stops everything "
        + "cleanly.",
        "Logs go to DIR/logs/NAME.log, pids to DIR/run/NAME.pid, the API token to DIR/api-token."})
final class UpCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "graphdrive-data",
      description = "data directory (default: ${DEFAULT-VALUE})")
  java.nio.file.Path data;

  @Option(names = "--port", paramLabel = "PORT",
      description = "port for the web UI and API on 127.0.0.1 (default: 8080, or 'port' in DIR/graphdrive.properties)")
  Integer port;

  @Option(names = "--mount", paramLabel = "DIR",
      description = "where to mount the drive (default: DIR/drive)")
  java.nio.file.Path mount;

  @Option(names = "--no-mount", description = "do not mount the drive (e.g. where /dev/fuse is missing)")
  boolean noMount;

  @Option(names = "--workers", paramLabel = "N",
      description = "tagging actors per index server (default: the number of cores, or 'workers' in the settings)")
  Integer workers;

  @Override
  public Integer call() throws Exception {
    Config config = Config.load(data);
    int chosenPort = port != null ? port : config.port();
    int chosenWorkers = workers != null ? workers : config.workers();
    if (chosenPort < 1 || chosenPort > 65535 || chosenWorkers < 1) {
      throw new IllegalArgumentException("--port must be 1..65535 and --workers at least 1");
    }
    java.nio.file.Path mountPoint = noMount ? null
        : mount != null ? mount.toAbsolutePath() : config.dataDir().resolve("drive");
    if (mountPoint != null && !java.nio.file.Files.exists(java.nio.file.Path.of("/dev/fuse"))) {
      throw new IllegalArgumentException("/dev/fuse is missing, so the drive cannot be mounted here; "
          + "start with --no-mount and use put, import and the web page instead");
    }
    EmbeddedStack stack = new EmbeddedStack(config, chosenPort, chosenWorkers, mountPoint);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      EmbeddedStack.log("stopping");
      stack.close();
      stopped.countDown();
    }, "graphdrive-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stack.start();
    } catch (Exception e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      stack.close();
      throw e;
    }
    EmbeddedStack.log("up: web UI and API at http://127.0.0.1:%d/ (token in %s)", chosenPort, config.apiTokenFile());
    EmbeddedStack.log("up: sign in to the web UI: %s", ApiClient.loginLink("http://127.0.0.1:" + chosenPort,
        ApiToken.read(config.apiTokenFile())));
    if (mountPoint != null) {
      EmbeddedStack.log("the drive is mounted at %s", mountPoint);
    }
    EmbeddedStack.log("data in %s, logs in %s; press Ctrl-C to stop", config.dataDir(), config.logDir());
    stopped.await();
    return 0;
  }
}
