package io.graphdrive.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.client.RunningGraphDrive.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Drives the web page in a real headless Chromium (Debian's, through npm playwright-core) against a real
 * {@code graphdrive up}: web-ui/test/browser/drive.test.mjs logs in with the link, searches every way, opens panels
 * and previews, downloads, edits tags, uploads by drag and drop, renames, deletes, and checks a hostile file name.
 * Screenshots and the script's output land in target/browser-artifacts/.
 */
class BrowserTest {
  private static final String COOKING = "Grandmother's recipe for tomato soup. Chop onions and garlic, fry them in "
      + "olive oil, add ripe tomatoes, simmer for twenty minutes, season with basil, salt and pepper, and blend. "
      + "Serve the soup hot with fresh bread. The kitchen smells of herbs and the dinner is ready.";
  private static final Path WEB_UI = Path.of("..", "web-ui").toAbsolutePath().normalize();
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts").toAbsolutePath();

  @Test
  void thePageWorksInARealBrowser() throws Exception {
    assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "Debian's chromium is missing: run scripts/setup.sh");
    assertTrue(Files.isDirectory(WEB_UI.resolve("node_modules/playwright-core")),
        "web-ui/node_modules lacks playwright-core: build the web-ui module first (npm ci)");
    try (RunningGraphDrive gd = RunningGraphDrive.start("graphdrive-browser")) {
      Path fixtures = Files.createDirectories(gd.work.resolve("fixtures"));
      Path soup = Files.writeString(fixtures.resolve("soup.txt"), COOKING);
      Path sunset = Fixtures.picture(fixtures.resolve("sunset.png"), "png",
          Fixtures.textPicture("DejaVu Sans", 40, "Sunset over the sea"));
      Path paper = Fixtures.pdf(fixtures.resolve("galaxies.pdf"),
          "Observations of distant galaxies with a space telescope.",
          "We measure the redshift of stars and planets across the universe.");
      Path hostile = Files.writeString(fixtures.resolve("hostile.txt"), "A harmless note with a hostile name.");
      Map<Path, String> puts = Map.of(soup, "/notes/soup.txt", sunset, "/pictures/sunset.png",
          paper, "/papers/galaxies.pdf", hostile, "/<img src=x onerror=alert(1)>.txt");
      for (Map.Entry<Path, String> put : puts.entrySet()) {
        Result result = gd.run("put", put.getKey().toString(), put.getValue(), "--wait", "--timeout", "180");
        assertEquals(0, result.exit(), result::describe);
        assertTrue(result.out().contains("TAGGED"), result::describe);
      }

      Matcher link = Pattern.compile("sign in to the web UI: (http\\S+)").matcher(gd.upLog());
      assertTrue(link.find(), () -> "up printed no sign-in link:\n" + gd.upLog());

      Files.createDirectories(ARTIFACTS);
      Path log = ARTIFACTS.resolve("browser-test.log");
      ProcessBuilder node = new ProcessBuilder(List.of("node", "test/browser/drive.test.mjs"))
          .directory(WEB_UI.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      node.environment().putAll(Map.of("GRAPHDRIVE_URL", "http://127.0.0.1:" + gd.port, "LOGIN_LINK", link.group(1),
          "GRAPHDRIVE_TOKEN", gd.token, "GRAPHDRIVE_FIXTURES", fixtures.toString(), "ARTIFACTS", ARTIFACTS.toString()));
      Process browser = node.start();
      boolean finished = browser.waitFor(15, TimeUnit.MINUTES);
      if (!finished) {
        browser.descendants().forEach(ProcessHandle::destroyForcibly);
        browser.destroyForcibly().waitFor();
      }
      String output = Files.readString(log);
      assertTrue(finished, () -> "the browser test ran past 15 minutes:\n" + output);
      assertEquals(0, browser.exitValue(), () -> "the browser test failed:\n" + output);
    }
  }
}
