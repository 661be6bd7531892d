package io.graphdrive.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.apiclient.ClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Finds files by tag, by name, by the words inside them or by meaning. */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = {"Find files by tag, by name, by the words inside them (document text, text read from images and "
        + "scans, speech in audio and video), or by meaning.",
        "Give one of --tag, --name, --text or --query; --tag may also narrow a --text search, and --min-score "
            + "keeps only files whose tag scored at least that."},
    footer = {"", "Examples:", "  graphdrive search --tag invoice", "  graphdrive search --tag finance --min-score 0.5",
        "  graphdrive search --name report",
        "  graphdrive search --text \"region-based segmentation\"",
        "  graphdrive search --text \"total due\" --tag invoice",
        "  graphdrive search --query \"holiday photos by the sea\""})
final class SearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--tag", paramLabel = "TAG", description = "files with this tag")
  String tag;

  @Option(names = "--min-score", paramLabel = "SCORE",
      description = "with --tag: only files whose tag scored at least SCORE (0 to 1)")
  Double minScore;

  @Option(names = "--name", paramLabel = "TEXT", description = "files whose name contains TEXT")
  String name;

  @Option(names = "--text", paramLabel = "WORDS",
      description = "files whose text (or name) holds these words, with a snippet of each match")
  String text;

  @Option(names = {"--query", "-q"}, paramLabel = "TEXT", description = "files whose content means something like TEXT")
  String query;

  @Option(names = "--limit", defaultValue = "20", description = "most results (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json", description = "print the server's JSON answer")
  boolean json;

  @Override
  public Integer call() throws Exception {
    int ways = (name != null ? 1 : 0) + (text != null ? 1 : 0) + (query != null ? 1 : 0);
    if (ways > 1 || (ways == 0 && tag == null) || (tag != null && (name != null || query != null))) {
      throw new ParameterException(spec.commandLine(),
          "give one of --tag, --name, --text or --query (--tag may be added to --text)");
    }
    if (minScore != null && (tag == null || minScore < 0 || minScore > 1)) {
      throw new ParameterException(spec.commandLine(), "--min-score takes a number from 0 to 1 and needs --tag");
    }
    JsonNode answer = options.api().get("/api/v1/search", ApiClient.query(
        "tag", tag, "name", name, "text", text, "q", query, "limit", String.valueOf(limit),
        "minScore", minScore == null ? null : String.valueOf(minScore)));
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
      for (JsonNode t : file.path("tags")) {
        tags.add(t.isTextual() ? t.asText() : t.path("name").asText());
      }
      System.out.printf(Locale.ROOT, "%.3f  %s  [%s]%n",
          file.path("score").asDouble(), file.path("path").asText(), String.join(", ", tags));
      if (file.hasNonNull("snippet")) {
        System.out.println("       " + file.path("snippet").asText());
      }
    }
    return 0;
  }
}
