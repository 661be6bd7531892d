package io.graphdrive.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.apiclient.ClientOptions;
import io.graphdrive.common.DrivePath;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shows a file's status and tags. */
@Command(name = "tags", mixinStandardHelpOptions = true,
    description = {"Show a file's tagging status and its tags: for each its score, source, the model that gave it, "
        + "and the bar its score had to pass (the model's bar, raised for a tag users removed from similar files).",
        "Columns: tag, score, bar (- where the tagger has none), source, model."})
final class TagsCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "DRIVEPATH", description = "the file, e.g. /papers/paper.pdf")
  String drivePath;

  @Option(names = "--wait", description = "wait while the file is still PENDING")
  boolean waitForTags;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
      description = "how long --wait waits (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--json", description = "print the server's JSON answer")
  boolean json;

  @Override
  public Integer call() throws Exception {
    String path = DrivePath.normalize(drivePath);
    ApiClient api = options.api();
    JsonNode file = fetch(api, path);
    if (waitForTags && file != null) {
      file = await(api, path, timeoutSeconds);
    }
    if (file == null) {
      System.err.println("graphdrive: no such file in the drive: " + path);
      return 1;
    }
    if (json) {
      System.out.println(file.toPrettyString());
    } else {
      print(file);
    }
    return "FAILED".equals(file.path("status").asText()) ? 1 : 0;
  }

  /** Waits until the file leaves PENDING, prints it, and returns the exit status for it. */
  static int waitAndPrint(ApiClient api, String path, int timeoutSeconds) throws IOException {
    JsonNode file = await(api, path, timeoutSeconds);
    if (file == null) {
      throw new IOException("the file vanished from the drive while waiting: " + path);
    }
    print(file);
    String status = file.path("status").asText();
    if ("PENDING".equals(status)) {
      System.err.println("graphdrive: still PENDING after " + timeoutSeconds + " s");
    }
    return "TAGGED".equals(status) ? 0 : 1;
  }

  private static JsonNode await(ApiClient api, String path, int timeoutSeconds) throws IOException {
    return api.awaitTagged(path, Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(200));
  }

  private static JsonNode fetch(ApiClient api, String path) throws IOException {
    try {
      return api.get("/api/v1/files", ApiClient.query("path", path));
    } catch (ApiClient.ApiException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }

  private static void print(JsonNode file) {
    System.out.printf("%s  %s  %s  %s%n", file.path("path").asText(), file.path("status").asText(),
        file.path("mime").asText("?"), Sizes.human(file.path("size").asLong()));
    if (!file.path("error").asText("").isEmpty()) {
      System.out.println("  error: " + file.path("error").asText());
    }
    for (JsonNode tag : file.path("tags")) {
      String bar = tag.path("threshold").isNumber()
          ? String.format(Locale.ROOT, "%.3f", tag.path("threshold").asDouble()) : "-";
      System.out.printf(Locale.ROOT, "  %-32s %.3f  %-5s  %-7s %s%n", tag.path("name").asText(),
          tag.path("score").asDouble(), bar, tag.path("source").asText(), tag.path("model").asText(""));
    }
  }
}
