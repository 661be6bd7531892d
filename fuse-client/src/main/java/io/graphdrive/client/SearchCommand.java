package io.graphdrive.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Finds files by tag, by name or by meaning. */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = "Find files by tag, by name, or by meaning (free text).",
    footer = {"", "Examples:", "  graphdrive search --tag invoice", "  graphdrive search --name report",
        "  graphdrive search --query \"holiday photos by the sea\""})
final class SearchCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Criterion criterion;

  @Option(names = "--limit", defaultValue = "20", description = "most results (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json", description = "print the server's JSON answer")
  boolean json;

  /** Exactly one way of searching. */
  static final class Criterion {
    @Option(names = "--tag", paramLabel = "TAG", required = true, description = "files with this tag")
    String tag;

    @Option(names = "--name", paramLabel = "TEXT", required = true, description = "files whose name contains TEXT")
    String name;

    @Option(names = {"--query", "-q"}, paramLabel = "TEXT", required = true,
        description = "files whose content means something like TEXT")
    String query;
  }

  @Override
  public Integer call() throws Exception {
    JsonNode answer = options.api().get("/api/v1/search", ApiClient.query(
        "tag", criterion.tag, "name", criterion.name, "q", criterion.query, "limit", String.valueOf(limit)));
    if (json) {
      System.out.println(answer.toPrettyString());
      return 0;
    }
    JsonNode files = answer.path("files");
    if (files.isEmpty()) {
      System.out.println("no files found");
      return 0;
    }
    for (JsonNode file : files) {
      List<String> tags = new ArrayList<>();
      for (JsonNode tag : file.path("tags")) {
        tags.add(tag.isTextual() ? tag.asText() : tag.path("name").asText());
      }
      System.out.printf(Locale.ROOT, "%.3f  %s  [%s]%n",
          file.path("score").asDouble(), file.path("path").asText(), String.join(", ", tags));
    }
    return 0;
  }
}
