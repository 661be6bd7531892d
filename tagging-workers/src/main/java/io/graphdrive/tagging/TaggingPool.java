package io.graphdrive.tagging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.graphdrive.common.Config;
import io.graphdrive.common.Json;
import io.graphdrive.common.TaggingResult;
import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of Ray tagging actors: {@code config.workers()} of them, in this JVM (Ray LOCAL mode) unless
 * {@code ray.address} names a cluster. Each file goes to the least busy actor; a file that cannot be
 * tagged completes normally with {@link TaggingResult#error()} set.
 */
public final class TaggingPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaggingPool.class);
  // Beyond the actor's own per-file timeout: time for queueing inside Ray and for the answer to come back.
  private static final long GET_MARGIN_MILLIS = 30_000;

  private final List<Worker> workers;
  private final ExecutorService dispatch;
  private final Path dataDir;
  private final long getTimeoutMillis;
  private final boolean ownsRay;
  private final boolean localMode;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile String vocabularyFingerprint;
  private volatile boolean closed;

  /** An actor and the number of files it is working on. */
  private record Worker(ActorHandle<TaggingActor> handle, AtomicInteger busy) {}

  private TaggingPool(
      List<Worker> workers, String vocabularyFingerprint, Path dataDir, long getTimeoutMillis, boolean ownsRay,
      boolean localMode) {
    this.workers = workers;
    this.vocabularyFingerprint = vocabularyFingerprint;
    this.dataDir = dataDir;
    this.getTimeoutMillis = getTimeoutMillis;
    this.ownsRay = ownsRay;
    this.localMode = localMode;
    AtomicInteger n = new AtomicInteger();
    // One dispatch thread per actor: each waits on one actor call, so no actor gets a second file queued.
    this.dispatch =
        Executors.newFixedThreadPool(
            workers.size(),
            r -> {
              Thread t = new Thread(r, "tagging-dispatch-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts Ray (LOCAL mode when {@code ray.address} is empty) and the actors, copying the default
   * vocabulary to the vocabulary file first when it is absent.
   */
  public static TaggingPool start(Config config) {
    Path vocabularyFile = config.vocabulary();
    String vocabulary = readOrInstallVocabulary(vocabularyFile);
    String fingerprint = Vocabulary.parse(vocabulary).fingerprint();
    ActorSettings settings = ActorSettings.of(config);
    String settingsJson;
    try {
      settingsJson = Json.mapper().writeValueAsString(settings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    boolean ownsRay = !Ray.isInitialized();
    boolean localMode = ownsRay && config.rayAddress().isEmpty();
    if (ownsRay) {
      String address = config.rayAddress();
      if (localMode) {
        System.setProperty("ray.run-mode", "LOCAL");
        RayTempDirs.deleteUnused();
      } else {
        System.setProperty("ray.address", address);
      }
      Ray.init();
    }
    List<Worker> workers = new ArrayList<>();
    try {
      for (int i = 0; i < config.workers(); i++) {
        ActorHandle<TaggingActor> handle = Ray.actor(TaggingActor::new, settingsJson).remote();
        // Also works around Ray 2.39 LOCAL mode, where actors created back to back without a call in
        // between share one instance.
        handle.task(TaggingActor::useVocabulary, vocabulary).remote().get();
        workers.add(new Worker(handle, new AtomicInteger()));
      }
    } catch (RuntimeException e) {
      workers.forEach(w -> w.handle().kill());
      if (ownsRay) {
        Ray.shutdown();
        if (localMode) {
          RayTempDirs.deleteUnused();
        }
      }
      throw e;
    }
    LOG.info("tagging pool started: {} actors, Ray {}", workers.size(), config.rayAddress().isEmpty() ? "LOCAL" : config.rayAddress());
    long getTimeout = settings.timeoutSeconds() * 1000L + GET_MARGIN_MILLIS;
    return new TaggingPool(List.copyOf(workers), fingerprint, config.dataDir(), getTimeout, ownsRay, localMode);
  }

  private static String readOrInstallVocabulary(Path file) {
    try {
      if (!Files.exists(file)) {
        // Written aside and moved in whole: servers starting together on one data volume (compose) all install
        // it, and none may read another's half-written file.
        Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
        Path aside = Files.createTempFile(dir, ".vocabulary-", ".tmp");
        Files.writeString(aside, Vocabulary.defaultText(), StandardCharsets.UTF_8);
        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.info("installed the default tag vocabulary at {}", file);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tag vocabulary " + file, e);
    }
  }

  /** Tags the file at a drive path; the future completes with the error set when the file cannot be tagged. */
  public CompletableFuture<TaggingResult> tag(String path) {
    if (closed) {
      return CompletableFuture.completedFuture(TaggingResult.failed(path, "the tagging pool is closed"));
    }
    inFlight.incrementAndGet();
    CompletableFuture<TaggingResult> result = new CompletableFuture<>();
    try {
      dispatch.execute(
          () -> {
            try {
              result.complete(run(path));
            } finally {
              inFlight.decrementAndGet();
            }
          });
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      result.complete(TaggingResult.failed(path, "the tagging pool is closed"));
    }
    return result;
  }

  private TaggingResult run(String path) {
    Worker worker = leastBusy();
    try {
      String json = worker.handle().task(TaggingActor::tag, path).remote().get(getTimeoutMillis);
      return Json.mapper().readValue(json, TaggingResult.class);
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.warn("tagging worker call for {} failed", path, e);
      return TaggingResult.failed(path, "tagging worker failed: " + e.getMessage());
    } finally {
      worker.busy().decrementAndGet();
    }
  }

  private synchronized Worker leastBusy() {
    Worker best = workers.get(0);
    for (Worker w : workers) {
      if (w.busy().get() < best.busy().get()) {
        best = w;
      }
    }
    best.busy().incrementAndGet();
    return best;
  }

  /** Returns the embedding of a search text by the text model of its language (as files of that language are embedded); computed in this JVM. */
  public float[] embedQuery(String text) {
    float[] v = Models.embedder(language(text)).embedDocument(text == null ? "" : text);
    if (v == null) {
      throw new IllegalArgumentException("the query has no words to embed");
    }
    return v;
  }

  /** Returns the language of a text as the workers tell it ({@code zh}, {@code en}, or null without letters). */
  public static String language(String text) {
    return Language.detect(text == null ? "" : text);
  }

  /**
   * Returns the image model's embedding of a search text, in the same space as file image
   * embeddings, computed in this JVM; empty when no image model is installed.
   */
  public Optional<float[]> embedImageQuery(String text) {
    return Models.clip(dataDir).map(clip -> clip.embedText(text == null ? "" : text));
  }

  /**
   * Returns the state of each optional part that some file types need (the image model, the speech
   * recogniser, ffmpeg): "ok", or what is missing and how to install it.
   */
  public Map<String, String> optionalParts() {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("image model", imageModelStatus());
    parts.put("speech", Models.speech().available() ? "ok"
        : "not installed (apt-get install pocketsphinx pocketsphinx-en-us): audio gets metadata tags only");
    parts.put("ffmpeg", Ffmpeg.available() ? "ok"
        : "not installed (apt-get install ffmpeg): audio and video get metadata tags only");
    return parts;
  }

  /** Returns "ok" when the image model is loaded, else why not and how to install it. */
  private String imageModelStatus() {
    if (Models.clip(dataDir).isPresent()) {
      return "ok";
    }
    return ClipModel.installed(ClipModel.folder(dataDir))
        ? "cannot be loaded (see the log; graphdrive models fetch clip reinstalls it)"
        : "not installed (graphdrive models fetch clip)";
  }

  /**
   * Hands a vocabulary (its file's text) to every actor, each after its current file, and returns its
   * fingerprint; an invalid one throws IllegalArgumentException and the actors keep the old one.
   */
  public String useVocabulary(String text) {
    String fingerprint = fingerprint(text);
    for (Worker w : workers) {
      w.handle().task(TaggingActor::useVocabulary, text).remote().get();
    }
    vocabularyFingerprint = fingerprint;
    LOG.info("tag vocabulary {} in use", fingerprint.substring(0, 12));
    return fingerprint;
  }

  /** Validates a vocabulary (its file's text) and returns its fingerprint; throws IllegalArgumentException when invalid. */
  public static String fingerprint(String vocabulary) {
    return Vocabulary.parse(vocabulary).fingerprint();
  }

  /** Returns the fingerprint of the vocabulary the actors use. */
  public String vocabularyFingerprint() {
    return vocabularyFingerprint;
  }

  /**
   * Hands users' corrections (JSON: per text space {@code en}/{@code zh}, per tag, the embeddings of
   * files that were given it ({@code confirmed}) and that it was taken from ({@code removed})) to every
   * actor; returns the number of tags they adjust.
   */
  public int useCorrections(String json) {
    int tags = 0;
    for (Worker w : workers) {
      tags = w.handle().task(TaggingActor::useCorrections, json).remote().get();
    }
    return tags;
  }

  /** Returns the number of actors. */
  public int workers() {
    return workers.size();
  }

  /** Returns the number of files submitted and not yet answered. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Stops the actors and, when this pool started Ray, Ray itself and its LOCAL-mode temporary files. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    dispatch.shutdownNow();
    for (Worker w : workers) {
      try {
        w.handle().kill();
      } catch (RuntimeException e) {
        LOG.debug("killing a tagging actor failed", e);
      }
    }
    if (ownsRay) {
      Ray.shutdown();
    }
    if (localMode) {
      Sources.closeAll();
      RayTempDirs.deleteUnused();
    }
  }
}
