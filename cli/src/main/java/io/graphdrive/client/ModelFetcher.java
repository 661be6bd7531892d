package io.graphdrive.client;

import io.graphdrive.common.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Installs a model of the manifest into {@code <models>/<name>/}: every file is streamed to a staging
 * folder beside it while its sha256 is computed, all hashes are checked, and only then is the staging
 * folder renamed into place, so a failed or refused fetch leaves nothing (and an older install intact).
 */
final class ModelFetcher {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
  private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

  private final Path modelsDir;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(CONNECT_TIMEOUT)
      .followRedirects(HttpClient.Redirect.NORMAL)
      .build();

  /** Installs under {@code modelsDir}, reporting progress and hashes on {@code out}. */
  ModelFetcher(Path modelsDir, PrintStream out) {
    this.modelsDir = modelsDir;
    this.out = out;
  }

  /** Returns whether every file of the model is installed. */
  boolean installed(ModelManifest.Model model) {
    Path folder = modelsDir.resolve(model.name());
    return model.files().stream().allMatch(f -> Files.isRegularFile(folder.resolve(f.name())));
  }

  /**
   * Fetches and installs a model; {@code from} (null for the manifest's URLs) is a base URL or a local
   * folder holding the files under their installed names. A file whose sha256 the manifest does not
   * record is refused unless {@code trustFirstDownload}; its hash is printed either way. Returns the
   * installed folder; throws IOException, with nothing installed, on any failure.
   */
  Path fetch(ModelManifest.Model model, String from, boolean trustFirstDownload) throws IOException {
    Files.createDirectories(modelsDir);
    Path target = modelsDir.resolve(model.name());
    Path staging = Files.createTempDirectory(modelsDir, "." + model.name() + "-fetch-");
    try {
      List<String> problems = new ArrayList<>();
      for (ModelManifest.ModelFile f : model.files()) {
        String source = source(f, from);
        String sha = download(source, staging.resolve(f.name()), f.name());
        if (f.sha256() == null) {
          if (trustFirstDownload) {
            out.println(f.name() + ": sha256 " + sha + " (no hash recorded in the manifest; trusted on first download)");
          } else {
            problems.add(f.name() + ": the manifest records no sha256 to check; this download's is " + sha
                + " (check it against the publisher, then rerun with --trust-first-download)");
          }
        } else if (!f.sha256().equalsIgnoreCase(sha)) {
          problems.add(f.name() + ": sha256 mismatch: expected " + f.sha256().toLowerCase(Locale.ROOT) + ", got " + sha
              + " (from " + source + ")");
        } else {
          out.println(f.name() + ": sha256 verified");
        }
      }
      if (!problems.isEmpty()) {
        throw new IOException(String.join("; ", problems) + "; nothing was installed");
      }
      replace(staging, target);
      return target;
    } finally {
      FileTrees.delete(staging);
    }
  }

  private static String source(ModelManifest.ModelFile f, String from) {
    if (from == null) {
      return f.url();
    }
    if (from.startsWith("http://") || from.startsWith("https://")) {
      return from.endsWith("/") ? from + f.name() : from + "/" + f.name();
    }
    return Path.of(from).resolve(f.name()).toString();
  }

  /** Streams a URL or local file to {@code file} and returns its sha256 in hex. */
  private String download(String source, Path file, String label) throws IOException {
    if (!source.startsWith("http://") && !source.startsWith("https://")) {
      Path local = Path.of(source);
      if (!Files.isRegularFile(local)) {
        throw new IOException("no file " + local);
      }
      try (InputStream in = Files.newInputStream(local)) {
        return copy(in, file, Files.size(local), label);
      }
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(source)).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException | HttpTimeoutException e) {
      throw new IOException("cannot reach " + source + " (" + e.getClass().getSimpleName()
          + "): is the network up, or use --from MIRROR", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + source, e);
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("fetching " + source + " answered HTTP " + response.statusCode());
      }
      long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      return copy(in, file, length, label);
    }
  }

  private String copy(InputStream in, Path file, long length, String label) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    long done = 0;
    long lastReport = System.nanoTime();
    try (DigestInputStream din = new DigestInputStream(in, digest); OutputStream o = Files.newOutputStream(file)) {
      for (int n; (n = din.read(buf)) > 0; ) {
        o.write(buf, 0, n);
        done += n;
        if (System.nanoTime() - lastReport > PROGRESS_EVERY_NANOS) {
          lastReport = System.nanoTime();
          out.print("\r" + progress(label, done, length));
          out.flush();
        }
      }
    }
    out.println("\r" + progress(label, done, length));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String progress(String label, long done, long length) {
    String of = length > 0 ? " of " + Sizes.human(length) + String.format(Locale.ROOT, " (%d%%)", done * 100 / length) : "";
    return label + ": " + Sizes.human(done) + of;
  }

  /** Puts the staging folder in the target's place; an older install is removed only once the new one is there. */
  private static void replace(Path staging, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + "-old-");
      Files.delete(old);
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      FileTrees.delete(old);
    }
  }
}
