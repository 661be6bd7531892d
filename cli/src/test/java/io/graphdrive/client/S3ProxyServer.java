package io.graphdrive.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible object store for tests: S3Proxy (Maven Central's jar, copied to target/s3proxy by the
 * build) in its own JVM, keeping buckets as folders, with AWS signatures checked.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS_KEY = "graphdrive";

  final String secretKey;
  final Path basedir;
  final int port;
  private final Process process;

  private S3ProxyServer(String secretKey, Path basedir, int port, Process process) {
    this.secretKey = secretKey;
    this.basedir = basedir;
    this.port = port;
    this.process = process;
  }

  /** Starts S3Proxy on a free port, keeping its buckets under {@code basedir}, and waits until it answers. */
  static S3ProxyServer start(Path basedir) throws Exception {
    Path jar = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), jar + " is missing: the build copies it in process-test-resources");
    Files.createDirectories(basedir);
    int port = RunningGraphDrive.freePort();
    String secretKey = UUID.randomUUID().toString();
    Path properties = basedir.resolveSibling("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + secretKey,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + basedir,
        ""));
    Path log = basedir.resolveSibling("s3proxy.log");
    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new S3ProxyServer(secretKey, basedir, port, process).awaitAnswering(log);
  }

  private S3ProxyServer awaitAnswering(Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      assertTrue(process.isAlive(), () -> "S3Proxy died:\n" + read(log));
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
        c.getResponseCode();
        c.disconnect();
        return this;
      } catch (IOException notYet) {
        assertTrue(System.nanoTime() < deadline, () -> "S3Proxy did not answer in 60 s:\n" + read(log));
        Thread.sleep(200);
      }
    }
  }

  /** Makes a bucket (a folder to S3Proxy's file system store) and returns its URL. */
  String bucket(String name) throws IOException {
    Files.createDirectories(basedir.resolve(name));
    return "http://127.0.0.1:" + port + "/" + name;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops S3Proxy. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
