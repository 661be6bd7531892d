package io.graphdrive.index;

import io.graphdrive.common.ApiToken;
import io.graphdrive.common.Config;
import io.graphdrive.storage.JuiceStorage;

/** An index server of a test, the JuiceFS volume it serves, and a client with its token; closed together. */
final class TestServer implements AutoCloseable {
  private final JuiceStorage storage;
  private final IndexServer server;
  private final TestHttp http;
  private final String token;

  private TestServer(JuiceStorage storage, IndexServer server, String token) {
    this.storage = storage;
    this.server = server;
    this.token = token;
    this.http = new TestHttp(server, token);
  }

  /** Opens the settings' volume and starts a server named {@code name} on a free port. */
  static TestServer start(Config config, String name) throws Exception {
    String token = ApiToken.readOrCreate(config.dataDir().resolve("api-token"));
    JuiceStorage storage = JuiceStorage.open(config);
    try {
      return new TestServer(storage, IndexServer.start(config, name, 0), token);
    } catch (Exception | Error e) {
      storage.close();
      throw e;
    }
  }

  /** Returns the volume, to change files behind the server's back as another client would. */
  JuiceStorage storage() {
    return storage;
  }

  /** Returns a client of the server holding the right token. */
  TestHttp http() {
    return http;
  }

  /** Returns the API token. */
  String token() {
    return token;
  }

  /** Stops the server, then closes the volume. */
  @Override
  public void close() {
    server.close();
    storage.close();
  }
}
