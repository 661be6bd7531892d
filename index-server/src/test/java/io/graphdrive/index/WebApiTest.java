package io.graphdrive.index;

import static io.graphdrive.index.TestHttp.encode;
import static io.graphdrive.index.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Config;
import io.graphdrive.storage.FileStat;
import io.graphdrive.storage.JuiceStorage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** The calls the web page uses, against a real index server: Jetty, Neo4j, JuiceFS on SQLite and Ray LOCAL actors. */
class WebApiTest {
  private static final int MAX_UPLOAD = 100_000;
  private static final String HOSTILE = "<img src=x onerror=alert(1)>.txt";
  private static final String OTTERS = "Sea otters float on their backs in the kelp forest and crack shells with stones. ";
  private static Neo4jProcess neo4j;
  private static JuiceStorage storage;
  private static TestServer fixture;
  private static TestHttp http;
  private static String token;
  @TempDir static Path data;

  @BeforeAll
  static void start() throws Exception {
    neo4j = Neo4jProcess.shared();
    Config config = neo4j.serverSettings(data, "web-api", Map.of("GRAPHDRIVE_WORKERS", "2",
        "GRAPHDRIVE_UPLOAD_MAX_BYTES", Integer.toString(MAX_UPLOAD)));
    fixture = TestServer.start(config, "web-1");
    storage = fixture.storage();
    http = fixture.http();
    token = fixture.token();
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void uploadsAreStoredRecordedAndBadOnesRefused() throws Exception {
    for (String name : List.of(HOSTILE, "it's \"quoted\" ünïcödé ✓.txt")) {
      String path = "/up/" + name;
      HttpResponse<String> created = upload(path, OTTERS, false);
      assertEquals(201, created.statusCode(), created.body());
      assertEquals(path, json(created).path("path").asText());
      assertTrue(List.of("PENDING", "TAGGED").contains(json(created).path("status").asText()), created.body());
      http.awaitStatus(path, "TAGGED");
      assertEquals(OTTERS, read(path));
    }
    String path = "/up/" + HOSTILE;
    HttpResponse<String> again = upload(path, "other", false);
    assertEquals(409, again.statusCode());
    assertEquals("exists", json(again).path("error").asText());
    assertEquals(OTTERS, read(path), "a refused upload changes nothing");
    assertEquals(201, upload(path, "replaced", true).statusCode());
    assertEquals("replaced", read(path));
    storage.mkdirs("/up/folder");
    assertEquals(409, upload("/up/folder", "x", true).statusCode(), "a folder is never replaced");
    HttpResponse<String> empty = upload("/up/empty.txt", "", false);
    assertEquals(201, empty.statusCode(), "an empty file is a file: " + empty.body());
    assertEquals(0, storage.stat("/up/empty.txt").orElseThrow().size());
    for (String bad : List.of("/up/x.part", "/up/.x.txt.swp", "/up/y.tmp", "/up/z~", "/", "relative.txt",
        "/up/../etc/passwd", "/up/a:b.txt")) {
      HttpResponse<String> r = upload(bad, "data", false);
      assertEquals(400, r.statusCode(), bad + " -> " + r.body());
      assertFalse(json(r).path("detail").asText().isEmpty(), r.body());
    }
    byte[] big = new byte[MAX_UPLOAD + 1];
    HttpResponse<String> declared = http.send("PUT", "/api/v1/files/content?path=/up/big.bin",
        HttpRequest.BodyPublishers.ofByteArray(big), http.bearer());
    assertEquals(413, declared.statusCode(), declared.body());
    assertEquals("request body too large", json(declared).path("error").asText());
    HttpResponse<String> counted = http.send("PUT", "/api/v1/files/content?path=/up/big.bin",
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), http.bearer());
    assertEquals(413, counted.statusCode(), "a chunked body is counted: " + counted.body());
    assertTrue(storage.stat("/up/big.bin").isEmpty());
    assertEquals(List.of("/up/" + HOSTILE, "/up/empty.txt", "/up/folder", "/up/it's \"quoted\" ünïcödé ✓.txt"),
        storage.list("/up").stream().map(FileStat::path).sorted().toList(), "no temporary file is left behind");
    assertEquals(401, http.send("PUT", "/api/v1/files/content?path=/up/n.txt", HttpRequest.BodyPublishers.ofString("x"),
        null).statusCode());
  }

  @Test
  void filesAndFoldersMoveWithTheirTags() throws Exception {
    // A text no other file has: a phrase two files share becomes a tag of both when the second lands, which would
    // change this file's tags between the two reads below.
    assertEquals(201, upload("/mv/a.txt", "Red pandas doze in the bamboo canopy and chew fresh shoots at dawn.", false)
        .statusCode());
    JsonNode before = http.awaitStatus("/mv/a.txt", "TAGGED");
    HttpResponse<String> moved = http.post("/api/v1/files/move?path=/mv/a.txt&to=" + encode("/mv2/" + HOSTILE));
    assertEquals(200, moved.statusCode(), moved.body());
    assertEquals("/mv2/" + HOSTILE, json(moved).path("path").asText());
    assertEquals(before.path("tags"), json(moved).path("tags"));
    assertTrue(storage.stat("/mv/a.txt").isEmpty());
    assertEquals(404, http.get("/api/v1/files?path=/mv/a.txt").statusCode());
    assertEquals(201, upload("/fold/x.txt", OTTERS, false).statusCode());
    HttpResponse<String> folder = http.post("/api/v1/files/move?path=/fold&to=/fold2/inner");
    assertEquals(200, folder.statusCode(), folder.body());
    assertEquals("DIR", json(folder).path("status").asText());
    assertEquals("/fold2/inner/x.txt", http.awaitStatus("/fold2/inner/x.txt", "TAGGED").path("path").asText());
    assertEquals(201, upload("/fold2/y.txt", "y", false).statusCode());
    Map<String, Integer> refused = Map.of(
        "path=/fold2/y.txt&to=/fold2/inner/x.txt", 409,
        "path=/fold2/y.txt&to=/fold2/inner", 409,
        "path=/nothing.txt&to=/else.txt", 404,
        "path=/fold2&to=/fold2/inner/deeper", 400,
        "path=/fold2/y.txt&to=/fold2/y.txt", 400,
        "path=/fold2/y.txt&to=/fold2/y.txt.part", 400,
        "path=/&to=/x", 400,
        "path=/fold2/y.txt&to=relative", 400,
        "path=/fold2/y.txt", 400);
    for (Map.Entry<String, Integer> c : refused.entrySet()) {
      HttpResponse<String> r = http.post("/api/v1/files/move?" + c.getKey());
      assertEquals((int) c.getValue(), r.statusCode(), c.getKey() + " -> " + r.body());
      assertFalse(json(r).path("detail").asText().isEmpty(), r.body());
    }
    assertEquals("y", read("/fold2/y.txt"));
    assertEquals(OTTERS, read("/fold2/inner/x.txt"));
  }

  @Test
  void signedLinksOpenOneFileForAShortTime() throws Exception {
    String path = "/dl/" + HOSTILE.replace(".txt", "") + " \"q\" ünï.txt";
    assertEquals(201, upload(path, "secret bytes", false).statusCode());
    HttpResponse<String> link = http.post("/api/v1/files/link?path=" + encode(path));
    assertEquals(200, link.statusCode(), link.body());
    String url = json(link).path("url").asText();
    long expires = json(link).path("expires").asLong();
    assertTrue(expires > System.currentTimeMillis() && expires <= System.currentTimeMillis() + SignedLinks.VALID_MILLIS);
    HttpResponse<String> file = http.send("GET", url, HttpRequest.BodyPublishers.noBody(), null);
    assertEquals(200, file.statusCode(), file.body());
    assertEquals("secret bytes", file.body());
    String disposition = file.headers().firstValue("Content-Disposition").orElseThrow();
    assertEquals(ContentDisposition.attachment(path.substring(4)), disposition);
    assertTrue(disposition.startsWith("attachment; filename=\"<img src=x onerror=alert(1)> _q_ _n_.txt\"; filename*=UTF-8''"),
        disposition);
    String sig = url.replaceAll(".*&sig=([0-9a-f]+).*", "$1");
    String other = "/dl/other.txt";
    assertEquals(201, upload(other, "other", false).statusCode());
    SignedLinks links = new SignedLinks(token);
    String expired = links.url(path, System.currentTimeMillis() - 1);
    List<String> refused = List.of(
        url.replace("&sig=" + sig, "&sig=" + (sig.charAt(0) == 'a' ? 'b' : 'a') + sig.substring(1)),
        url.replace("&sig=" + sig, "&sig=zz"),
        url.replace("&expires=" + expires, "&expires=" + (expires + 60_000)),
        "/api/v1/files/content?path=" + encode(other) + "&expires=" + expires + "&sig=" + sig,
        expired);
    for (String bad : refused) {
      HttpResponse<String> r = http.send("GET", bad, HttpRequest.BodyPublishers.noBody(), null);
      assertEquals(403, r.statusCode(), bad + " -> " + r.body());
      assertFalse(r.body().contains("secret"), r.body());
    }
    assertEquals("link expired", json(http.send("GET", expired, HttpRequest.BodyPublishers.noBody(), null))
        .path("error").asText());
    String onOtherCall = url.replace("/api/v1/files/content", "/api/v1/files");
    assertEquals(401, http.send("GET", onOtherCall, HttpRequest.BodyPublishers.noBody(), null).statusCode());
    assertEquals(401, http.send("PUT", url, HttpRequest.BodyPublishers.ofString("x"), null).statusCode());
    assertEquals(404, http.post("/api/v1/files/link?path=/dl/none.txt").statusCode());
  }

  @Test
  void previewsArePngThumbnailsKeptByContent() throws Exception {
    BufferedImage wide = new BufferedImage(2000, 1000, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = wide.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, 1000, 1000);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(wide, "png", png);
    write("/pics/wide.png", png.toByteArray());
    HttpResponse<byte[]> thumb = bytes("/api/v1/files/preview?path=/pics/wide.png&size=128", null);
    assertEquals(200, thumb.statusCode(), new String(thumb.body(), StandardCharsets.UTF_8));
    assertEquals("image/png", thumb.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("private, max-age=86400", thumb.headers().firstValue("Cache-Control").orElseThrow());
    BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumb.body()));
    assertEquals(128, small.getWidth());
    assertEquals(64, small.getHeight());
    String etag = thumb.headers().firstValue("ETag").orElseThrow();
    assertEquals(304, bytes("/api/v1/files/preview?path=/pics/wide.png&size=128", etag).statusCode());
    try (Stream<Path> kept = Files.list(data.resolve("cache/previews"))) {
      assertTrue(kept.anyMatch(p -> p.getFileName().toString().endsWith("-128.png")));
    }
    write("/pics/doc.pdf", pdf());
    HttpResponse<byte[]> page = bytes("/api/v1/files/preview?path=/pics/doc.pdf", null);
    assertEquals(200, page.statusCode(), new String(page.body(), StandardCharsets.UTF_8));
    BufferedImage first = ImageIO.read(new ByteArrayInputStream(page.body()));
    assertEquals(256, Math.max(first.getWidth(), first.getHeight()));
    byte[] whole = png.toByteArray();
    write("/pics/truncated.png", Arrays.copyOf(whole, whole.length / 2));
    write("/pics/garbage.jpg", "not a picture at all".getBytes(StandardCharsets.UTF_8));
    write("/pics/garbage.pdf", "%PDF-1.7 garbage".getBytes(StandardCharsets.UTF_8));
    byte[] doc = pdf();
    write("/pics/truncated.pdf", Arrays.copyOf(doc, doc.length / 3));
    write("/pics/huge.png", pngHeader(20_000, 20_000));
    for (String bad : List.of("/pics/truncated.png", "/pics/garbage.jpg", "/pics/garbage.pdf", "/pics/huge.png")) {
      HttpResponse<String> r = http.get("/api/v1/files/preview?path=" + bad);
      assertEquals(422, r.statusCode(), bad + " -> " + r.body());
      assertEquals("no preview", json(r).path("error").asText());
      assertTrue(r.headers().firstValue("Cache-Control").isEmpty(), "an error is not kept");
    }
    assertTrue(json(http.get("/api/v1/files/preview?path=/pics/huge.png")).path("detail").asText().contains("million"));
    // PDFBox rebuilds what it can of a cut PDF: a page or a clear 422, never a failure of the server.
    int cut = http.get("/api/v1/files/preview?path=/pics/truncated.pdf").statusCode();
    assertTrue(cut == 200 || cut == 422, "truncated PDF -> " + cut);
    write("/pics/notes.txt", "words".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> text = http.get("/api/v1/files/preview?path=/pics/notes.txt");
    assertEquals(404, text.statusCode());
    assertEquals("no preview", json(text).path("error").asText());
    assertEquals("not found", json(http.get("/api/v1/files/preview?path=/pics/none.png")).path("error").asText());
    assertEquals(400, http.get("/api/v1/files/preview?path=/pics/wide.png&size=5000").statusCode());
  }

  @Test
  void overviewChangesAndFileDetails() throws Exception {
    long t0 = System.currentTimeMillis();
    String text = OTTERS.repeat(20);
    for (String name : List.of("a", "b", "c")) {
      assertEquals(201, upload("/ov/" + name + ".txt", text, false).statusCode());
    }
    for (String name : List.of("a", "b", "c")) {
      http.awaitStatus("/ov/" + name + ".txt", "TAGGED");
    }
    for (String name : List.of("a", "b")) {
      assertEquals(200, http.post("/api/v1/files/tags?path=/ov/" + name + ".txt", "{\"add\":[\"zebra\",\"yak\"]}").statusCode());
    }
    assertEquals(200, http.post("/api/v1/files/tags?path=/ov/c.txt", "{\"add\":[\"zebra\"]}").statusCode());
    JsonNode tags = json(http.get("/api/v1/overview?view=tags&limit=50000"));
    assertEquals("tags", tags.path("view").asText());
    assertTrue(tags.path("nodes").toString().contains("{\"id\":\"tag:zebra\",\"type\":\"tag\",\"label\":\"zebra\",\"count\":3}"),
        tags.toString());
    assertTrue(tags.path("edges").toString().contains(
        "{\"source\":\"tag:yak\",\"target\":\"tag:zebra\",\"type\":\"CO_OCCURS\",\"weight\":2}"), tags.toString());
    assertFalse(tags.path("sampled").asBoolean());
    assertTrue(tags.path("totals").path("files").asLong() >= 3, tags.toString());
    assertEquals(1, json(http.get("/api/v1/overview?limit=1&edges=1")).path("nodes").size());
    JsonNode folders = json(http.get("/api/v1/overview?view=folders"));
    assertTrue(folders.path("nodes").toString().contains("\"id\":\"dir:/ov\""), folders.toString());
    assertTrue(folders.path("edges").toString().contains(
        "{\"source\":\"dir:/ov\",\"target\":\"file:/ov/a.txt\",\"type\":\"CONTAINS\"}"), folders.toString());
    JsonNode few = json(http.get("/api/v1/overview?view=folders&limit=1"));
    assertEquals(1, few.path("nodes").size());
    assertTrue(few.path("sampled").asBoolean());
    try (Driver driver = neo4j.driver()) {
      Map<String, Object> sample = new Overview(new Graph(driver, 0.9, 5), 2).tags(100, 100);
      assertEquals(true, sample.get("sampled"), sample.toString());
      long sampleFiles = (Long) sample.get("sampleFiles");
      assertTrue(sampleFiles <= 2, sample.toString());
      for (Object edge : (List<?>) sample.get("edges")) {
        assertTrue((Long) ((Map<?, ?>) edge).get("weight") <= sampleFiles, sample.toString());
      }
    }
    assertEquals(400, http.get("/api/v1/overview?view=nope").statusCode());
    assertEquals(400, http.get("/api/v1/overview?limit=0").statusCode());

    JsonNode changes = json(http.get("/api/v1/changes?since=" + t0));
    assertTrue(changes.path("now").asLong() >= t0 - Changes.OVERLAP_MILLIS, changes.toString());
    assertTrue(changes.path("files").toString().contains("\"path\":\"/ov/a.txt\""), changes.toString());
    assertFalse(changes.path("more").asBoolean());
    JsonNode one = json(http.get("/api/v1/changes?since=" + t0 + "&limit=1"));
    assertTrue(one.path("more").asBoolean(), one.toString());
    JsonNode next = json(http.get("/api/v1/changes?since=" + one.path("now").asLong() + "&limit=1"));
    assertFalse(next.path("files").toString().equals(one.path("files").toString()), "paging moves on");
    assertEquals(0, json(http.get("/api/v1/changes?since=" + (System.currentTimeMillis() + 60_000))).path("files").size());
    assertEquals(400, http.get("/api/v1/changes?since=yesterday").statusCode());
    // Three files changed in one millisecond, asked one at a time: the answer finishes that millisecond.
    long later = System.currentTimeMillis() + 86_400_000L;
    try (Driver driver = neo4j.driver(); Session session = driver.session()) {
      session.run("UNWIND $paths AS p CREATE (:File {path: p, name: p, status: 'TAGGED', updatedAt: $t})",
          Map.of("paths", List.of("/tie/1", "/tie/2", "/tie/3"), "t", later)).consume();
      try {
        JsonNode tie = json(http.get("/api/v1/changes?limit=1&since=" + later));
        assertEquals(3, tie.path("files").size(), tie.toString());
        assertTrue(tie.path("more").asBoolean());
        assertEquals(later + 1, tie.path("now").asLong());
        assertEquals(0, json(http.get("/api/v1/changes?since=" + (later + 1))).path("files").size());
      } finally {
        session.run("MATCH (f:File) WHERE f.path STARTS WITH '/tie/' DETACH DELETE f").consume();
      }
    }

    JsonNode a = json(http.get("/api/v1/files?path=/ov/a.txt"));
    String excerpt = a.path("excerpt").asText();
    assertEquals(Graph.EXCERPT_CHARS, excerpt.length());
    assertTrue(text.startsWith(excerpt.strip()), excerpt);
    assertTrue(a.path("similar").toString().contains("\"path\":\"/ov/b.txt\""), a.toString());
    assertTrue(a.path("similar").get(0).path("score").asDouble() > 0.9, a.toString());
  }

  @Test
  void pageFilesCarryASecurityPolicy() throws Exception {
    HttpResponse<String> page = http.send("GET", "/", HttpRequest.BodyPublishers.noBody(), null);
    assertEquals(200, page.statusCode(), page.body());
    assertEquals(StaticFiles.CSP, page.headers().firstValue("Content-Security-Policy").orElseThrow());
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
    assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow());
  }

  /** Returns the start of a PNG that claims the given size: enough for a reader to learn it, nothing to decode. */
  private static byte[] pngHeader(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
        .putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    return ByteBuffer.allocate(8 + 4 + 17 + 4).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
        .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
  }

  private static byte[] pdf() throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
        text.beginText();
        text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        text.newLineAtOffset(50, 720);
        text.showText("A page to preview.");
        text.endText();
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static void write(String path, byte[] bytes) throws IOException {
    try (OutputStream out = storage.create(path)) {
      out.write(bytes);
    }
  }

  private static String read(String path) throws IOException {
    try (InputStream in = storage.openRead(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static HttpResponse<String> upload(String path, String body, boolean overwrite) throws Exception {
    return http.send("PUT", "/api/v1/files/content?path=" + encode(path) + (overwrite ? "&overwrite=true" : ""),
        HttpRequest.BodyPublishers.ofString(body), http.bearer());
  }

  private static HttpResponse<byte[]> bytes(String pathAndQuery, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(pathAndQuery)).header("Authorization", http.bearer());
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return http.client().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
