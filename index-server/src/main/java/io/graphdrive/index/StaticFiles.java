package io.graphdrive.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/** Serves the web UI's files from a classpath folder; {@code /} is its index.html. */
final class StaticFiles {
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "mjs", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "json", "application/json",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "map", "application/json",
      "txt", "text/plain; charset=utf-8");

  /** The page's Content-Security-Policy: its own scripts and styles only, no inline code, no framing. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
      + "connect-src 'self'; worker-src 'self' blob:; font-src 'self'; manifest-src 'self'; frame-ancestors 'none'; "
      + "base-uri 'none'; form-action 'none'";

  private final String folder;

  /** Serves the resources under the classpath folder (ending in a slash). */
  StaticFiles(String folder) {
    this.folder = folder;
  }

  /** Sends the file for the URL path, or a 404 JSON answer if there is none. */
  void serve(Exchange ex, String urlPath) throws IOException {
    String relative = urlPath.equals("/") ? "index.html" : urlPath.substring(1);
    if (relative.isEmpty() || relative.endsWith("/") || relative.contains("..") || relative.contains("//")
        || relative.contains("\\")) {
      throw new ApiError(404, "not found", "no such page: " + urlPath);
    }
    ClassLoader loader = StaticFiles.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(folder + relative)) {
      if (in == null) {
        throw new ApiError(404, "not found", "no such page: " + urlPath);
      }
      byte[] bytes = in.readAllBytes();
      ex.response().getHeaders().put("Cache-Control", "no-cache");
      ex.response().getHeaders().put("Content-Security-Policy", CSP);
      ex.response().getHeaders().put("X-Content-Type-Options", "nosniff");
      ex.response().getHeaders().put("Referrer-Policy", "no-referrer");
      ex.start(200, contentType(relative), bytes.length);
      try (OutputStream out = ex.output()) {
        out.write(bytes);
      }
    }
  }

  /** Returns a content type for a file name by its extension, or application/octet-stream. */
  static String contentType(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    String known = TYPES.get(ext);
    if (known != null) {
      return known;
    }
    String guessed = URLConnection.guessContentTypeFromName(name);
    return guessed != null ? guessed : "application/octet-stream";
  }
}
