package io.graphdrive.index;

import io.graphdrive.common.ApiToken;
import io.graphdrive.common.Config;
import io.graphdrive.common.Json;
import io.graphdrive.storage.JuiceStorage;
import io.graphdrive.tagging.TaggingPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One index server: Jetty on 127.0.0.1 (setting {@code http.host}) answering health from the first moment, then Neo4j, storage
 * and the tagging workers started in turn, after which the whole API answers.
 *
 * <p>Settings (system property, environment or {@code graphdrive.properties}): {@code neo4j.uri},
 * {@code neo4j.user}, {@code neo4j.password}, {@code index.lease-seconds} (60),
 * {@code index.similar-threshold} (0.9, Neo4j's cosine score in [0, 1]), {@code index.similar-neighbours} (5),
 * {@code index.sync-millis} (2000: how often the shared vocabulary and users' corrections are checked),
 * {@code index.fsck-minutes} (360: how often a pass brings the graph in line with storage; 0 never),
 * {@code upload.max-bytes} (1 GiB: the largest upload), {@code preview.cache-dir} ({@code <data>/cache/previews})
 * and {@code preview.cache-bytes} (256 MiB: the thumbnails kept on disk).
 */
final class IndexServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexServer.class);
  private static final Duration NEO4J_WAIT = Duration.ofSeconds(120);

  private final Server jetty;
  private final Map<String, String> components = new ConcurrentHashMap<>();
  private volatile Services services;
  private Driver driver;
  private JuiceStorage storage;
  private TaggingPool pool;
  private TagSpaceSync tagSpace;

  private IndexServer(Server jetty) {
    this.jetty = jetty;
  }

  /**
   * Starts server {@code name} on 127.0.0.1:{@code port} (0 picks a free port) and returns once the API
   * is ready; a part that cannot start is an exception, after which nothing is left running.
   */
  static IndexServer start(Config config, String name, int port) throws Exception {
    String token = ApiToken.of(config);
    Metrics metrics = new Metrics();
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("http");
    Server jetty = new Server(threads);
    IndexServer server = new IndexServer(jetty);
    for (String part : new String[] {"storage", "neo4j", "workers"}) {
      server.components.put(part, "starting");
    }
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    // Loopback by default; the Docker cluster sets 0.0.0.0 so nginx in another container can reach it.
    connector.setHost(config.get(Config.HTTP_HOST, "127.0.0.1"));
    connector.setPort(port);
    jetty.addConnector(connector);
    jetty.setHandler(new Api(name, token, () -> server.services, () -> new LinkedHashMap<>(server.components),
        metrics));
    jetty.setErrorHandler(IndexServer::jettyError);
    jetty.setStopTimeout(2000);
    jetty.start();
    try {
      server.driver = connect(config);
      Graph graph = new Graph(server.driver,
          Double.parseDouble(config.get("index.similar-threshold", "0.9")),
          config.getInt("index.similar-neighbours", 5));
      graph.ensureSchema();
      server.components.put("neo4j", "ok");
      server.storage = JuiceStorage.open(config);
      server.components.put("storage", "ok");
      server.pool = TaggingPool.start(config);
      server.components.put("workers", "ok");
      Dispatcher dispatcher = new Dispatcher(graph, server.pool, metrics, name,
          config.getInt("index.lease-seconds", 60) * 1000L);
      server.tagSpace = new TagSpaceSync(graph, server.pool, Files.readString(config.vocabulary()),
          config.getInt("index.sync-millis", 2000));
      Previews previews = new Previews(Path.of(config.get("preview.cache-dir",
          config.dataDir().resolve("cache").resolve("previews").toString())),
          config.getLong("preview.cache-bytes", 256L << 20));
      EventIntake intake = new EventIntake(graph, server.storage, dispatcher);
      server.services = new Services(graph, server.storage, server.pool, dispatcher, intake,
          new Reconciler(server.storage, graph, intake, config.getInt("index.fsck-minutes", 360)), server.tagSpace,
          config.vocabulary(), new Overview(graph, Overview.SAMPLE_FILES), previews,
          new FileWrites(config.getLong("upload.max-bytes", 1L << 30)));
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  /** Returns the port Jetty listens on. */
  int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** Connects to Neo4j, waiting while it is still starting. */
  private static Driver connect(Config config) throws IOException, InterruptedException {
    String uri = config.get(Config.NEO4J_URI, "bolt://127.0.0.1:7687");
    String user = config.get(Config.NEO4J_USER, "neo4j");
    String password = config.get(Config.NEO4J_PASSWORD, null);
    if (password == null) {
      Path file = config.dataDir().resolve("neo4j-password");
      if (!Files.isReadable(file)) {
        throw new IOException("no Neo4j password: set " + Config.NEO4J_PASSWORD + " or start neo4j-server with --data "
            + config.dataDir());
      }
      password = Files.readString(file).strip();
    }
    Driver driver = GraphDatabase.driver(uri, AuthTokens.basic(user, password), org.neo4j.driver.Config.builder()
        .withLogging(Logging.slf4j())
        .withMaxConnectionPoolSize(64)
        .withConnectionAcquisitionTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
        .build());
    long deadline = System.nanoTime() + NEO4J_WAIT.toNanos();
    while (true) {
      try {
        driver.verifyConnectivity();
        return driver;
      } catch (org.neo4j.driver.exceptions.ServiceUnavailableException e) {
        if (System.nanoTime() > deadline) {
          driver.close();
          throw new IOException("Neo4j at " + uri + " did not answer within " + NEO4J_WAIT.toSeconds() + " s", e);
        }
        Thread.sleep(500);
      } catch (RuntimeException e) {
        driver.close();
        throw e;
      }
    }
  }

  /** Answers what Jetty rejects before the API sees it (a malformed URI, say) as JSON too. */
  private static boolean jettyError(org.eclipse.jetty.server.Request request,
      org.eclipse.jetty.server.Response response, org.eclipse.jetty.util.Callback callback) {
    Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "bad request");
    body.put("detail", message == null ? "HTTP " + response.getStatus() : message.toString());
    try {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      Content.Sink.write(response, true, Json.mapper().writeValueAsString(body), callback);
    } catch (IOException e) {
      callback.failed(e);
    }
    return true;
  }

  /** Stops the API, the workers, storage and the Neo4j connection, in that order. */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("stopping Jetty: {}", e.toString());
    }
    if (tagSpace != null) {
      tagSpace.close();
    }
    if (services != null) {
      services.reconciler().close();
      services.dispatcher().close();
    }
    if (pool != null) {
      pool.close();
    }
    if (storage != null) {
      storage.close();
    }
    if (driver != null) {
      driver.close();
    }
  }
}
