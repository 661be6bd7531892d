package io.graphdrive.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code graphdrive models}: fetching from a local HTTP mirror the test serves, checksums, clear errors. */
final class ModelsCommandTest {
  private static final Map<String, byte[]> FILES = Map.of(
      "vision_model.onnx", "vision bytes".repeat(10_000).getBytes(StandardCharsets.UTF_8),
      "text_model.onnx", "text bytes".getBytes(StandardCharsets.UTF_8),
      "tokenizer.json", "{\"model\":{}}".getBytes(StandardCharsets.UTF_8));

  private static HttpServer server;
  private static String base;
  @TempDir Path data;

  @BeforeAll
  static void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/mirror/", ex -> {
      byte[] body = FILES.get(ex.getRequestURI().getPath().substring("/mirror/".length()));
      ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      try (OutputStream o = ex.getResponseBody()) {
        if (body != null) {
          o.write(body);
        }
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror";
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static ModelManifest.Model model(String visionSha) throws Exception {
    return new ModelManifest.Model("clip", "test", List.of(
        new ModelManifest.ModelFile("vision_model.onnx", "http://127.0.0.1:9/unused", visionSha),
        new ModelManifest.ModelFile("text_model.onnx", "http://127.0.0.1:9/unused", sha256(FILES.get("text_model.onnx"))),
        new ModelManifest.ModelFile("tokenizer.json", "http://127.0.0.1:9/unused", sha256(FILES.get("tokenizer.json")))));
  }

  private record Run(int exit, String out, String err) {}

  private static Run cli(String... args) {
    StringWriter err = new StringWriter();
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err, true));
      int exit = cli.execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(oldOut);
    }
  }

  @Test
  void fetchFromAMirrorVerifiesAndInstallsEveryFile() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ModelFetcher fetcher = new ModelFetcher(data.resolve("models"), new PrintStream(log, true, StandardCharsets.UTF_8));
    ModelManifest.Model clip = model(sha256(FILES.get("vision_model.onnx")));
    assertFalse(fetcher.installed(clip));
    Path folder = fetcher.fetch(clip, base, false);
    assertEquals(data.resolve("models/clip"), folder);
    for (var f : FILES.entrySet()) {
      assertArrayEquals(f.getValue(), Files.readAllBytes(folder.resolve(f.getKey())), f.getKey());
    }
    assertTrue(fetcher.installed(clip));
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("vision_model.onnx: sha256 verified"), log.toString());
    try (var left = Files.list(data.resolve("models"))) {
      assertEquals(List.of(folder), left.toList(), "no staging folder is left");
    }
  }

  @Test
  void aWrongHashInstallsNothingAndKeepsTheOldInstall() throws Exception {
    ModelFetcher fetcher = new ModelFetcher(data.resolve("models"), new PrintStream(OutputStream.nullOutputStream()));
    Path folder = fetcher.fetch(model(sha256(FILES.get("vision_model.onnx"))), base, false);
    ModelManifest.Model wrong = model("0".repeat(64));
    IOException e = assertThrows(IOException.class, () -> fetcher.fetch(wrong, base, false));
    assertTrue(e.getMessage().contains("vision_model.onnx: sha256 mismatch: expected " + "0".repeat(64)), e.getMessage());
    assertTrue(e.getMessage().endsWith("nothing was installed"), e.getMessage());
    assertArrayEquals(FILES.get("vision_model.onnx"), Files.readAllBytes(folder.resolve("vision_model.onnx")));
    try (var left = Files.list(data.resolve("models"))) {
      assertEquals(List.of(folder), left.toList());
    }
  }

  @Test
  void theCommandRefusesUnrecordedHashesUnlessTrustedAndNamesUnknownModels() throws Exception {
    // The shipped manifest records no hashes yet: without the flag nothing is installed, and the hashes are shown.
    Run refused = cli("models", "fetch", "clip", "--data", data.toString(), "--from", base);
    assertEquals(1, refused.exit());
    assertTrue(refused.err().contains("the manifest records no sha256")
        && refused.err().contains(sha256(FILES.get("text_model.onnx"))), refused.err());
    assertFalse(Files.exists(data.resolve("models/clip")));

    Run trusted = cli("models", "fetch", "clip", "--data", data.toString(), "--from", base, "--trust-first-download");
    assertEquals(0, trusted.exit(), trusted.err());
    assertTrue(trusted.out().contains("tokenizer.json: sha256 " + sha256(FILES.get("tokenizer.json"))), trusted.out());
    assertTrue(cli("models", "list", "--data", data.toString()).out().contains("clip  installed in "));

    Run unknown = cli("models", "fetch", "dall-e", "--data", data.toString());
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("unknown model 'dall-e'; known models: clip"), unknown.err());

    Run down = cli("models", "fetch", "clip", "--data", data.resolve("other").toString(), "--from", "http://127.0.0.1:9/x");
    assertEquals(1, down.exit());
    assertTrue(down.err().contains("cannot reach http://127.0.0.1:9/x/vision_model.onnx"), down.err());
    assertTrue(cli("models", "list", "--data", data.resolve("other").toString()).out()
        .contains("clip  not installed (graphdrive models fetch clip)"));
  }
}
