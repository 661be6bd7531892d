package io.graphdrive.client;

import io.graphdrive.apiclient.ClientOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts re-tagging the drive, or only its FAILED files. */
@Command(name = "retag", mixinStandardHelpOptions = true,
    description = {"Tag files again in the background: every file, or with --failed only those whose tagging failed "
        + "(after a model was installed, or a part was down). `graphdrive status` shows the progress and the files "
        + "that failed, with their errors."})
final class RetagCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Option(names = "--failed", description = "only the files whose tagging failed")
  boolean failed;

  @Override
  public Integer call() throws Exception {
    String status = options.api().post("/api/v1/retag", failed ? Map.of("status", "FAILED") : Map.of(), null)
        .path("status").asText();
    String what = failed ? "the failed files" : "every file";
    System.out.println(status.equals("started") ? "re-tagging " + what + " in the background"
        : "a re-tag is already running; try again when `graphdrive status` shows it done");
    return 0;
  }
}
