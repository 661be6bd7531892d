package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.graphdrive.common.Json;
import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import io.graphdrive.common.TaggingResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language-model tagger against a small chat-completions server in this test (no language model
 * runs here): it answers deterministically, records what it was asked and counts requests in flight.
 */
final class LlmTaggerTest {
  private static final String MODEL = "stub-7b";
  private static final String CAKE =
      "A baking recipe for a lemon cake: preheat the oven to 180C, mix flour, sugar, butter and eggs, "
          + "then bake the cake for 35 minutes until golden.";
  private static final Vocabulary VOCABULARY = Vocabulary.parse(Vocabulary.defaultText());

  @TempDir static Path dir;
  private static FileTagger plain;
  private ChatStub stub;

  @BeforeAll
  static void setUp() throws IOException {
    Files.writeString(dir.resolve("cake.txt"), CAKE);
    plain = FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> VOCABULARY);
  }

  @AfterEach
  void stop() {
    if (stub != null) {
      stub.close();
    }
  }

  /** The candidate names a selective prompt offers ("- name: meaning" lines). */
  private static Set<String> candidates(String user) {
    Set<String> names = new LinkedHashSet<>();
    for (String line : user.substring(0, user.indexOf("\nThe file:\n")).split("\n")) {
      if (line.startsWith("- ")) {
        names.add(line.substring(2, line.indexOf(": ")));
      }
    }
    return names;
  }

  /** Picks each candidate whose name the file's clues contain, plus one tag that was not offered, in prose and a code fence. */
  private static String chooseByWords(String user) {
    String file = user.substring(user.indexOf("\nThe file:\n")).toLowerCase(Locale.ROOT);
    ArrayNode tags = Json.mapper().createArrayNode();
    for (String c : candidates(user)) {
      if (file.contains(c)) {
        tags.addObject().put("name", c).put("confidence", 0.9);
      }
    }
    tags.addObject().put("name", "pastry chef").put("confidence", 0.99);
    return "Sure! Here are the tags:\n```json\n{\"tags\": " + tags + "}\n```\nHope this helps.";
  }

  private static LlmSettings settings(String url, LlmSettings.Mode mode, int timeoutSeconds, int concurrency) {
    return new LlmSettings(url, MODEL, timeoutSeconds, concurrency, mode, "");
  }

  private static LlmTagger tagger(LlmSettings settings) {
    return new LlmTagger(settings, language -> Models.index(VOCABULARY, Models.embedder(language)), Models::embedder);
  }

  private static Extraction embedded(Extraction e) {
    return new ClueEmbedder(Models::embedder).embed(e);
  }

  private static Extraction text(String path, String text) {
    return embedded(Extraction.ofText(path, "text/plain", new Metadata(), text, "", text.length(), null));
  }

  private static List<String> names(List<Tag> tags) {
    return tags.stream().map(Tag::name).toList();
  }

  @Test
  void selectiveChoosesOnlyAmongTheEmbeddingCandidates() throws Exception {
    stub = new ChatStub();
    stub.answer = LlmTaggerTest::chooseByWords;
    List<Tag> tags = tagger(settings(stub.url(), LlmSettings.Mode.SELECTIVE, 10, 2)).tag(text("/cake.txt", CAKE));
    Set<String> offered = candidates(stub.userMessages.get(0));
    assertEquals(LlmTagger.CANDIDATES, offered.size(), offered.toString());
    assertTrue(names(tags).containsAll(List.of("baking", "recipe")), tags.toString());
    assertTrue(offered.containsAll(names(tags)), tags + " not all among " + offered);
    assertFalse(names(tags).contains("pastry chef"), tags.toString());
    assertTrue(tags.stream().allMatch(t -> t.source() == TagSource.LLM && t.model().equals(MODEL) && t.score() == 0.9), tags.toString());
    JsonNode request = stub.requests.get(0);
    assertEquals(MODEL, request.path("model").asText());
    assertEquals(0, request.path("temperature").asDouble());
    assertEquals(LlmClient.MAX_TOKENS, request.path("max_tokens").asInt());
    assertTrue(stub.userMessages.get(0).contains("- baking: baking bread, cakes, pastries and cookies in the oven"));
  }

  @Test
  void generativeMapsProposalsToTheVocabularyAndKeepsOnlyConfidentCleanNewTags() throws Exception {
    stub = new ChatStub();
    stub.answer =
        user ->
            "[{\"name\": \"Baking\", \"confidence\": 0.9}, {\"name\": \"recipes\", \"confidence\": 0.85},"
                + " {\"name\": \"sourdough starter\", \"confidence\": 0.95}, {\"name\": \"pastry\", \"confidence\": 0.7},"
                + " {\"name\": \"https://example.com/cake\", \"confidence\": 0.99}, {\"name\": \"42\", \"confidence\": 0.99},"
                + " {\"name\": \"x\", \"confidence\": 0.99}, {\"name\": \"getCakeTime\", \"confidence\": 0.99},"
                + " {\"name\": \"oven\", \"confidence\": 0.3}, {\"name\": \"no confidence\"}]";
    List<Tag> tags = tagger(settings(stub.url(), LlmSettings.Mode.GENERATIVE, 10, 2)).tag(text("/cake.txt", CAKE));
    // Baking is the vocabulary's own name, recipes maps by cosine; sourdough starter is new and confident;
    // pastry is new but below the bar; the URL, number, letter and identifier are junk; oven is unsure.
    assertEquals(List.of("sourdough starter", "baking", "recipe"), names(tags), tags.toString());
    assertTrue(tags.stream().allMatch(t -> t.source() == TagSource.LLM && t.model().equals(MODEL)), tags.toString());
    assertEquals(0.85, tags.get(2).score());
    assertFalse(stub.userMessages.get(0).contains("- baking:"), "the generative prompt offers no candidates");
  }

  @Test
  void theRequestCarriesEveryModalityTruncated() throws Exception {
    stub = new ChatStub();
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.TITLE, "Quarterly budget meeting");
    String longText = "The committee reviewed the budget line by line. ".repeat(400) + "TAILMARKER";
    Extraction e =
        Extraction.ofText("/meetings/budget.mp4", "video/mp4", metadata, longText, "", 1, null)
            .with(new Findings(
                List.of(
                    Clue.of(TagSource.OCR, "paddleocr-v4", "SLIDE 3 REVENUE FORECAST ACME"),
                    Clue.of(TagSource.SPEECH, "pocketsphinx", "please send me the spreadsheet before friday"),
                    Clue.of(TagSource.META, "ffprobe", "video 1280x720 h264, audio aac, 600.0 s")),
                List.of()));
    tagger(settings(stub.url(), LlmSettings.Mode.SELECTIVE, 10, 2)).tag(embedded(e));
    String user = stub.userMessages.get(0);
    String file = user.substring(user.indexOf("\nThe file:\n"));
    for (String clue : List.of("budget.mp4", "Quarterly budget meeting", "SLIDE 3 REVENUE FORECAST ACME",
        "please send me the spreadsheet before friday", "h264", "The committee reviewed")) {
      assertTrue(file.contains(clue), clue + " missing from " + file);
    }
    assertFalse(file.contains("TAILMARKER"), "the long text is cut");
    assertTrue(file.length() <= LlmClues.MAX_CHARS + "\nThe file:\n".length(), "clues of " + file.length() + " chars");
    assertTrue(file.length() > LlmClues.MAX_CHARS - 200, "the budget is used: " + file.length());
  }

  @Test
  void failingEndpointsLeaveTheOtherTagsAndNoError() throws Exception {
    TaggingResult expected = plain.tag("/cake.txt");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    stub = new ChatStub();
    List<Runnable> failures =
        List.of(
            () -> stub.sleepMillis = 0,
            () -> stub.sleepMillis = 4_000,
            () -> {
              stub.sleepMillis = 0;
              stub.status = 500;
              stub.rawBody = "{\"error\": \"overloaded\"}";
            },
            () -> {
              stub.status = 200;
              stub.rawBody = "{\"choices\": [{\"message\": {\"content\": \"I think it is about cakes.\"}}]}";
            },
            () -> stub.rawBody = "<html>bad gateway</html>");
    for (int i = 0; i < failures.size(); i++) {
      failures.get(i).run();
      String url = i == 0 ? "http://127.0.0.1:" + closedPort + "/v1" : stub.url();
      FileTagger withLlm =
          FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> VOCABULARY, () -> Corrections.NONE,
              settings(url, LlmSettings.Mode.SELECTIVE, 1, 2), FileTagger.DEFAULT_MAX_CONTENT_BYTES);
      long start = System.nanoTime();
      TaggingResult r = withLlm.tag("/cake.txt");
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertNull(r.error(), "case " + i);
      assertEquals(expected.tags(), r.tags(), "case " + i);
      assertTrue(ms < 2_500, "case " + i + " took " + ms + " ms with a 1 s limit");
    }
    assertEquals(4, stub.requests.size(), "every stub case was asked once");
  }

  @Test
  void atMostTheConfiguredRequestsAreInFlight() throws Exception {
    stub = new ChatStub();
    stub.sleepMillis = 300;
    stub.answer = LlmTaggerTest::chooseByWords;
    LlmTagger tagger = tagger(settings(stub.url(), LlmSettings.Mode.SELECTIVE, 20, 2));
    Extraction e = text("/cake.txt", CAKE);
    ExecutorService callers = Executors.newFixedThreadPool(6);
    try {
      List<Future<List<Tag>>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        results.add(callers.submit(() -> tagger.tag(e)));
      }
      for (Future<List<Tag>> f : results) {
        assertTrue(names(f.get()).contains("baking"));
      }
    } finally {
      callers.shutdownNow();
    }
    assertEquals(6, stub.requests.size());
    assertEquals(2, stub.maxInFlight.get());
  }

  @Test
  void throughTheFileTaggerTheModelsChoiceJoinsTheEmbeddingTags() throws Exception {
    stub = new ChatStub();
    stub.answer = LlmTaggerTest::chooseByWords;
    FileTagger withLlm =
        FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> VOCABULARY, () -> Corrections.NONE,
            settings(stub.url(), LlmSettings.Mode.SELECTIVE, 10, 2), FileTagger.DEFAULT_MAX_CONTENT_BYTES);
    TaggingResult r = withLlm.tag("/cake.txt");
    assertNull(r.error());
    Tag baking = r.tags().stream().filter(t -> t.name().equals("baking")).findFirst().orElseThrow();
    assertEquals(TagSource.LLM, baking.source(), r.tags().toString());
    assertTrue(r.tags().stream().anyMatch(t -> t.model().equals(KeyPhraseTagger.MODEL)), r.tags().toString());
    assertTrue(r.tags().stream().anyMatch(t -> t.name().equals("text") && t.source() == TagSource.META), r.tags().toString());
  }

  @Test
  void aPictureReachesTheModelAsItsOcrText() throws Exception {
    ImageIO.write(Samples.textImage(Samples.INVOICE, "DejaVu Sans", 24, 900, 260), "png", dir.resolve("scan.png").toFile());
    stub = new ChatStub();
    stub.answer = LlmTaggerTest::chooseByWords;
    FileTagger withLlm =
        FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> VOCABULARY, () -> Corrections.NONE,
            settings(stub.url(), LlmSettings.Mode.SELECTIVE, 10, 2), FileTagger.DEFAULT_MAX_CONTENT_BYTES);
    TaggingResult r = withLlm.tag("/scan.png");
    assertNull(r.error());
    String user = stub.userMessages.get(0);
    assertTrue(user.contains("File name: scan.png"), user);
    assertTrue(user.matches("(?s).*Text read from pictures \\(OCR\\): [^\n]*Northwind Traders.*"), user);
    assertTrue(
        r.tags().stream().anyMatch(t -> t.name().equals("invoice") && t.source() == TagSource.LLM && t.model().equals(MODEL)),
        r.tags().toString());
  }

  @Test
  void answersAreFoundInProseAndFences() throws Exception {
    assertEquals(
        List.of(new LlmAnswer.Proposal("travel", 1.0), new LlmAnswer.Proposal("europe", 0.0)),
        LlmAnswer.parse("Tags:\n```\n[{\"tag\": \"travel\", \"score\": 1.7}, {\"name\": \"europe\", \"confidence\": -1}]\n```"));
    for (String bad : List.of("", "no json here", "{\"tags\": \"travel\"}", "{\"tags\": [ {\"name\": ")) {
      try {
        LlmAnswer.parse(bad);
        throw new AssertionError("parsed " + bad);
      } catch (IOException expected) {
        // a malformed answer is an IOException, which the tagger turns into no tags
      }
    }
  }
}
