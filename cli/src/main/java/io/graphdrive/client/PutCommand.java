package io.graphdrive.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.apiclient.ClientOptions;
import io.graphdrive.common.DrivePath;
import io.graphdrive.common.EventType;
import io.graphdrive.storage.JuiceStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Stores a local file in the drive and asks the index tier to tag it. */
@Command(name = "put", mixinStandardHelpOptions = true,
    description = "Store a local file in the drive (JuiceFS) and have it tagged.",
    footer = {"", "Example: graphdrive put paper.pdf /papers/paper.pdf"})
final class PutCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(index = "0", paramLabel = "LOCAL", description = "the local file to store")
  Path local;

  @Parameters(index = "1", paramLabel = "DRIVEPATH",
      description = "where it goes in the drive, e.g. /docs/a.txt; ending in / keeps the local name")
  String drivePath;

  @Option(names = "--wait", description = "wait until the file is tagged (or failed) and print its tags")
  boolean waitForTags;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
      description = "how long --wait waits (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(local)) {
      throw new NoSuchFileException(local + " is not a readable file");
    }
    String target = DrivePath.normalize(
        drivePath.endsWith("/") ? drivePath + local.getFileName() : drivePath);
    ApiClient api = options.api();
    // Checked before storing, so a put to a server that is down leaves nothing half done.
    api.requireServer("nothing was stored");
    long size = Files.size(local);
    boolean existed;
    try (JuiceStorage storage = JuiceStorage.open(options.config())) {
      existed = storage.stat(target).isPresent();
      copy(storage, target, size);
    }
    JsonNode answer = api.post("/api/v1/events", Map.of(),
        Map.of("type", (existed ? EventType.MODIFIED : EventType.CREATED).name(), "path", target));
    System.out.printf("stored %s (%s), %s%n", target, Sizes.human(size), answer.path("status").asText("PENDING"));
    if (waitForTags) {
      return TagsCommand.waitAndPrint(api, target, timeoutSeconds);
    }
    return 0;
  }

  private void copy(JuiceStorage storage, String target, long size) throws IOException {
    Progress progress = new Progress("put " + target, size);
    try (InputStream in = Files.newInputStream(local); OutputStream out = storage.create(target)) {
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        progress.add(n);
      }
    }
    progress.done();
  }
}
