package io.graphdrive.client;

import static io.graphdrive.client.RunningGraphDrive.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.client.RunningGraphDrive.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A new user's folder of mixed files imported into a real {@code graphdrive up}: photographed and
 * scanned pages, a receipt, Word and OpenDocument files, voice memos, a screen recording with speech,
 * a Chinese document, and broken files. Each must become findable by what is inside it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedFolderTest {
  private static final String SPOKEN =
      "the music concert was held in the city hall. the region based segmentation of medical images uses graph cuts.";

  private RunningGraphDrive gd;
  private Result imported;

  @BeforeAll
  void importAMixedFolder() throws Exception {
    gd = RunningGraphDrive.start("graphdrive-mixed");
    Path folder = gd.work.resolve("mine");
    for (String dir : List.of("photos", "receipts", "docs", "memos", "video", "broken")) {
      Files.createDirectories(folder.resolve(dir));
    }
    Path page = Fixtures.picture(folder.resolve("photos/book-page.png"), "png", Fixtures.textPicture("DejaVu Serif", 30,
        "Chapter 5. Region-based segmentation", "groups neighbouring pixels into regions", "of similar colour and texture."));
    Fixtures.picture(folder.resolve("receipts/receipt.jpg"), "jpg", Fixtures.textPicture("DejaVu Sans Mono", 28,
        "GREEN GROCER", "Apples      3.20", "Sourdough   2.50", "TOTAL       5.70 EUR", "Thank you for shopping"));
    Fixtures.scannedPdf(folder.resolve("receipts/invoice-scan.pdf"), Fixtures.textPicture("DejaVu Sans", 30,
        "INVOICE 2024-117", "Consulting services: 360 EUR", "Total due within thirty days"));
    Fixtures.docx(folder.resolve("docs/minutes.docx"), "Minutes of the budget meeting",
        "The committee approved the annual budget for the library renovation.");
    Fixtures.odt(folder.resolve("docs/terns.odt"), "Arctic terns migrate from pole to pole every year,",
        "the longest migration of any bird.");
    Files.writeString(folder.resolve("docs/气候.txt"), "全球气温持续上升，冰川融化导致海平面上涨。区域生长方法把相似的像素合并成区域。"
        + "各国需要减少温室气体排放以应对气候变化。", StandardCharsets.UTF_8);
    Path memo = Fixtures.speech(folder.resolve("memos/memo.wav"), SPOKEN);
    Fixtures.ffmpeg("-i", memo.toString(), "-c:a", "aac", folder.resolve("memos/memo.m4a").toString());
    Fixtures.video(folder.resolve("video/screen.mp4"), page, memo);
    byte[] jpeg = Files.readAllBytes(folder.resolve("receipts/receipt.jpg"));
    Files.write(folder.resolve("broken/cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
    byte[] noise = new byte[4096];
    new java.util.Random(7).nextBytes(noise);
    Files.write(folder.resolve("broken/noise.mp3"), noise);
    imported = gd.run("import", folder.toString(), "/mine", "--wait", "--timeout", "900");
  }

  @AfterAll
  void stop() throws Exception {
    if (gd != null) {
      gd.close();
    }
  }

  private JsonNode file(String path) throws Exception {
    return gd.api("/api/v1/files?path=" + enc(path));
  }

  private List<String> textSearch(String words) throws Exception {
    List<String> paths = new ArrayList<>();
    for (JsonNode f : gd.api("/api/v1/search?text=" + enc(words)).path("files")) {
      paths.add(f.path("path").asText());
    }
    return paths;
  }

  private static boolean hasTag(JsonNode file, String source, String model) {
    for (JsonNode t : file.path("tags")) {
      if (t.path("source").asText().equals(source) && (model == null || t.path("model").asText().equals(model))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyFileIsTaggedAndBrokenOnesSayWhy() throws Exception {
    assertEquals(0, imported.exit(), imported::describe);
    for (String path : List.of("/mine/photos/book-page.png", "/mine/receipts/receipt.jpg", "/mine/receipts/invoice-scan.pdf",
        "/mine/docs/minutes.docx", "/mine/docs/terns.odt", "/mine/docs/气候.txt", "/mine/memos/memo.wav",
        "/mine/memos/memo.m4a", "/mine/video/screen.mp4")) {
      JsonNode f = file(path);
      assertEquals("TAGGED", f.path("status").asText(), f::toString);
    }
    for (String path : List.of("/mine/broken/cut.jpg", "/mine/broken/noise.mp3")) {
      JsonNode f = file(path);
      assertEquals("FAILED", f.path("status").asText(), f::toString);
      String error = f.path("error").asText();
      assertFalse(error.isBlank() || error.contains("Exception") || error.contains("\tat "), error);
    }
  }

  @Test
  void wordsInPicturesScansAndDocumentsAreFound() throws Exception {
    assertTrue(textSearch("region-based segmentation").contains("/mine/photos/book-page.png"));
    assertTrue(textSearch("sourdough").contains("/mine/receipts/receipt.jpg"));
    assertTrue(textSearch("consulting services").contains("/mine/receipts/invoice-scan.pdf"));
    assertTrue(textSearch("library renovation").contains("/mine/docs/minutes.docx"));
    assertTrue(textSearch("arctic terns").contains("/mine/docs/terns.odt"));
    assertTrue(textSearch("区域生长").contains("/mine/docs/气候.txt"));
    Result cli = gd.run("search", "--text", "neighbouring pixels");
    assertEquals(0, cli.exit(), cli::describe);
    assertTrue(cli.out().contains("/mine/photos/book-page.png") && cli.out().toLowerCase().contains("neighbouring pixels"),
        cli::describe);
  }

  @Test
  void wordsSpokenInMemosAndVideosAreFound() throws Exception {
    // PocketSphinx hears "music" and "concert" in this voice in WAV, MP3 and M4A (tagging-workers measures
    // its recall); in the video it hears some words, not always these, so the video is found by its frames.
    List<String> heard = textSearch("music concert");
    assertTrue(heard.containsAll(List.of("/mine/memos/memo.wav", "/mine/memos/memo.m4a")), heard::toString);
    assertTrue(textSearch("segmentation").contains("/mine/video/screen.mp4"), "the frame's text is read too");
  }

  @Test
  void everyModalityLeavesTagsWithItsSourceAndModel() throws Exception {
    Map<String, String[]> expected = Map.of(
        "/mine/photos/book-page.png", new String[] {"ocr", null},
        "/mine/receipts/invoice-scan.pdf", new String[] {"ocr", null},
        "/mine/memos/memo.wav", new String[] {"speech", null},
        "/mine/video/screen.mp4", new String[] {"speech", null},
        "/mine/docs/minutes.docx", new String[] {"text", null},
        "/mine/docs/气候.txt", new String[] {"text", "bge-small-zh-v1.5"});
    for (Map.Entry<String, String[]> e : expected.entrySet()) {
      JsonNode f = file(e.getKey());
      assertTrue(hasTag(f, e.getValue()[0], e.getValue()[1]), () -> e.getKey() + ": " + f.path("tags"));
    }
  }

  @Test
  void meaningFindsThePhotographedPageAndStatusNamesTheMissingImageModel() throws Exception {
    List<String> top = new ArrayList<>();
    for (JsonNode f : gd.api("/api/v1/search?limit=3&q=" + enc("splitting an image into regions of similar pixels")).path("files")) {
      top.add(f.path("path").asText());
    }
    assertTrue(top.contains("/mine/photos/book-page.png") || top.contains("/mine/video/screen.mp4"), top::toString);
    Result status = gd.run("status");
    assertEquals(0, status.exit(), status::describe);
    assertTrue(status.out().contains("not installed (graphdrive models fetch clip)"), status::describe);
  }
}
