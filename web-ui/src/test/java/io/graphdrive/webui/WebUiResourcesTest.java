package io.graphdrive.webui;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The npm build must leave the page where index-server looks for it: classpath io/graphdrive/webui/. */
class WebUiResourcesTest {
  private static String resource(String name) throws IOException {
    try (InputStream in = WebUiResourcesTest.class.getResourceAsStream("/io/graphdrive/webui/" + name)) {
      assertNotNull(in, name + " is not on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void pageAndBundleAreOnTheClasspath() throws IOException {
    String html = resource("index.html");
    assertTrue(html.contains("src=\"app.js\""), "index.html loads app.js");
    assertTrue(html.contains("href=\"style.css\""), "index.html loads style.css");
    assertTrue(resource("app.js").length() > 10_000, "app.js bundles sigma and graphology");
    assertTrue(resource("layout-worker.js").contains("postMessage"), "the layout worker is built beside the page");
    assertTrue(resource("style.css").contains("#graph"));
  }
}
