package io.graphdrive.apiclient;

import io.graphdrive.common.ApiToken;
import io.graphdrive.common.Config;
import io.graphdrive.events.EventJournal;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The picocli options every client command shares: where the server is and where the data directory is. */
public final class ClientOptions {
  @Option(names = "--server", paramLabel = "URL",
      description = "GraphDrive URL (default: $GRAPHDRIVE_URL, else http://127.0.0.1:8080)")
  String server;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "graphdrive-data",
      description = "data directory, for the API token and storage settings (default: ${DEFAULT-VALUE})")
  Path data;

  /** Returns the settings of the data directory. */
  public Config config() {
    return Config.load(data);
  }

  /** Opens an event journal in the data directory that sends to the API client's server. */
  public EventJournal openJournal(ApiClient api) throws IOException {
    return EventJournal.open(config().journalDir(), api.eventPoster());
  }

  /** Returns an API client for the chosen server with the chosen token. */
  public ApiClient api() throws IOException {
    String url = server;
    if (url == null) {
      String env = System.getenv("GRAPHDRIVE_URL");
      url = env != null && !env.isBlank() ? env.strip() : "http://127.0.0.1:" + config().port();
    }
    return new ApiClient(url, ApiToken.of(config()));
  }
}
