package io.graphdrive.tagging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.graphdrive.common.Config;
import io.graphdrive.common.Json;
import io.graphdrive.common.TaggingResult;
import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import io.ray.api.exception.RayActorException;
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
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of Ray tagging actors: {@code config.workers()} of them, in this JVM (Ray LOCAL mode) unless
 * {@code ray.address} names a cluster, where they are spread over the nodes. Each file goes to the least busy
 * actor; an actor that dies is replaced and its file tried again on the new one. A file that cannot be tagged
 * completes normally with {@link TaggingResult#error()} set.
 */
public final class TaggingPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaggingPool.class);
  // Beyond the actor's own per-file timeout: time for queueing inside Ray and for the answer to come back.
  private static final long GET_MARGIN_MILLIS = 30_000;
  // Calls on an actor that keeps dying (a file that kills its JVM) stop after this many actors.
  private static final int ATTEMPTS = 3;
  private static final long REPLACE_PAUSE_MILLIS = 1_000;

  private final List<Slot> slots = new ArrayList<>();
  private final ExecutorService dispatch;
  private final String settingsJson;
  private final ActorPlacement placement;
  private final Path dataDir;
  private final long getTimeoutMillis;
  private final boolean ownsRay;
  private final boolean localMode;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicInteger replaced = new AtomicInteger();
  private volatile String vocabulary;
  private volatile String vocabularyFingerprint;
  private volatile String corrections;
  private volatile boolean closed;

  /** An actor's place in the pool: the actor (a new one when it dies) and the number of files it is working on. */
  private static final class Slot {
    final int index;
    final AtomicInteger busy = new AtomicInteger();
    volatile ActorHandle<TaggingActor> actor;

    Slot(int index, ActorHandle<TaggingActor> actor) {
      this.index = index;
      this.actor = actor;
    }
  }

  private TaggingPool(
      int actors, String settingsJson, ActorPlacement placement, String vocabulary, Path dataDir,
      long getTimeoutMillis, boolean ownsRay, boolean localMode) {
    this.settingsJson = settingsJson;
    this.placement = placement;
    this.vocabulary = vocabulary;
    this.vocabularyFingerprint = fingerprint(vocabulary);
    this.dataDir = dataDir;
    this.getTimeoutMillis = getTimeoutMillis;
    this.ownsRay = ownsRay;
    this.localMode = localMode;
    AtomicInteger n = new AtomicInteger();
    // One dispatch thread per actor: each waits on one actor call, so no actor gets a second file queued; files
    // wait in the dispatch queue instead, urgent ones first.
    this.dispatch =
        new ThreadPoolExecutor(
            actors,
            actors,
            0,
            TimeUnit.MILLISECONDS,
            new PriorityBlockingQueue<>(),
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
    String vocabulary = readOrInstallVocabulary(config.vocabulary());
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
      if (localMode) {
        RayTempDirs.deleteUnused();
      }
      RayJob.init(config);
    }
    ActorPlacement placement;
    try {
      placement = ActorPlacement.reserve(config.workers());
    } catch (RuntimeException e) {
      if (ownsRay) {
        Ray.shutdown();
      }
      if (localMode) {
        RayTempDirs.deleteUnused();
      }
      throw e;
    }
    long getTimeout = settings.timeoutSeconds() * 1000L + GET_MARGIN_MILLIS;
    TaggingPool pool = new TaggingPool(
        config.workers(), settingsJson, placement, vocabulary, config.dataDir(), getTimeout, ownsRay, localMode);
    try {
      for (int i = 0; i < config.workers(); i++) {
        pool.slots.add(new Slot(i, pool.newActor(i)));
      }
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    LOG.info("tagging pool started: {} actors, Ray {}", config.workers(), config.rayAddress().isEmpty() ? "LOCAL" : config.rayAddress());
    return pool;
  }

  /** Starts the actor of a slot, in the slot's place, with the vocabulary and corrections in use. */
  private ActorHandle<TaggingActor> newActor(int slot) {
    ActorHandle<TaggingActor> actor = placement.place(Ray.actor(TaggingActor::new, settingsJson), slot).remote();
    try {
      // Also works around Ray 2.39 LOCAL mode, where actors created back to back without a call in
      // between share one instance.
      actor.task(TaggingActor::useVocabulary, vocabulary).remote().get(getTimeoutMillis);
      String c = corrections;
      if (c != null) {
        actor.task(TaggingActor::useCorrections, c).remote().get(getTimeoutMillis);
      }
      return actor;
    } catch (RuntimeException e) {
      kill(actor);
      throw e;
    }
  }

  /** Kills an actor, if it can: LOCAL mode cannot (UnsupportedOperationException), and a dead one needs nothing. */
  private static void kill(ActorHandle<TaggingActor> actor) {
    try {
      actor.kill();
    } catch (RuntimeException e) {
      LOG.debug("killing a tagging actor failed", e);
    }
  }

  /** Runs a call on a slot's actor; when the actor has died, puts a new one in its place and runs the call there. */
  private <R> R call(Slot slot, Function<ActorHandle<TaggingActor>, R> call) {
    for (int attempt = 1; ; attempt++) {
      ActorHandle<TaggingActor> actor = slot.actor;
      try {
        return call.apply(actor);
      } catch (RayActorException e) {
        if (attempt == ATTEMPTS || closed) {
          throw e;
        }
        replace(slot, actor, e);
      }
    }
  }

  /**
   * Puts a new actor in a slot in place of a dead one, unless another call already did; tries for as long as a
   * file may take, since a new actor dies too while Ray still places it on a node that died.
   */
  private void replace(Slot slot, ActorHandle<TaggingActor> dead, RayActorException death) {
    synchronized (slot) {
      if (slot.actor != dead) {
        return;
      }
      LOG.warn("tagging actor {} died ({}); starting another", slot.index, firstLine(death));
      kill(dead);
      long start = System.nanoTime();
      while (true) {
        try {
          slot.actor = newActor(slot.index);
          replaced.incrementAndGet();
          LOG.info("tagging actor {} replaced in {} ms", slot.index, (System.nanoTime() - start) / 1_000_000);
          return;
        } catch (RayActorException e) {
          if (closed || System.nanoTime() - start > getTimeoutMillis * 1_000_000) {
            throw e;
          }
          LOG.info("the new tagging actor {} died as well ({}); trying again", slot.index, firstLine(e));
          sleep(REPLACE_PAUSE_MILLIS);
        }
      }
    }
  }

  private static String firstLine(RuntimeException e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while replacing a tagging actor", e);
    }
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

  /**
   * Tags the file at a drive path. The future completes with the error set when the file cannot be tagged, and
   * exceptionally when the workers could not be asked (the pool closed, Ray stopped, an actor dead past its
   * replacements), which says nothing about the file.
   */
  public CompletableFuture<TaggingResult> tag(String path) {
    return tag(path, false);
  }

  /** Tags a file as {@link #tag(String)} does; an urgent one (a person waits for it) goes ahead of those waiting. */
  public CompletableFuture<TaggingResult> tag(String path, boolean urgent) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the tagging pool is closed"));
    }
    inFlight.incrementAndGet();
    CompletableFuture<TaggingResult> result = new CompletableFuture<>();
    try {
      dispatch.execute(new Dispatch(() -> {
        TaggingResult answer = null;
        RuntimeException unreachable = null;
        try {
          answer = run(path);
        } catch (RuntimeException e) {
          unreachable = e;
        } finally {
          // Counted out before the future completes, so a caller that saw it complete sees the count too.
          inFlight.decrementAndGet();
        }
        if (unreachable != null) {
          result.completeExceptionally(unreachable);
        } else {
          result.complete(answer);
        }
      }, urgent, submitted.incrementAndGet()));
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      result.completeExceptionally(new IllegalStateException("the tagging pool is closed"));
    }
    return result;
  }

  /** A file waiting for a dispatch thread: urgent ones first, then in the order they came. */
  private record Dispatch(Runnable work, boolean urgent, long seq) implements Runnable, Comparable<Dispatch> {
    @Override
    public void run() {
      work.run();
    }

    @Override
    public int compareTo(Dispatch other) {
      int c = Boolean.compare(other.urgent, urgent);
      return c != 0 ? c : Long.compare(seq, other.seq);
    }
  }

  private TaggingResult run(String path) {
    Slot slot = leastBusy();
    try {
      String json = call(slot, a -> a.task(TaggingActor::tag, path).remote().get(getTimeoutMillis));
      return Json.mapper().readValue(json, TaggingResult.class);
    } catch (JsonProcessingException e) {
      LOG.warn("tagging worker answered {} with what is not a result", path, e);
      return TaggingResult.failed(path, "tagging worker failed: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("tagging worker call for {} failed", path, e);
      throw e;
    } finally {
      slot.busy.decrementAndGet();
    }
  }

  private synchronized Slot leastBusy() {
    Slot best = slots.get(0);
    for (Slot s : slots) {
      if (s.busy.get() < best.busy.get()) {
        best = s;
      }
    }
    best.busy.incrementAndGet();
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
    // Set first, so that an actor started in a dead one's place meanwhile gets it too.
    vocabulary = text;
    for (Slot s : slots) {
      call(s, a -> a.task(TaggingActor::useVocabulary, text).remote().get());
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
    corrections = json;
    int tags = 0;
    for (Slot s : slots) {
      tags = call(s, a -> a.task(TaggingActor::useCorrections, json).remote().get());
    }
    return tags;
  }

  /** Returns the number of actors. */
  public int workers() {
    return slots.size();
  }

  /** Returns the number of actors started in place of ones that died. */
  public int replacedActors() {
    return replaced.get();
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
    for (Slot s : slots) {
      kill(s.actor);
    }
    try {
      placement.close();
    } catch (RuntimeException e) {
      LOG.debug("removing the tagging actors' placement group failed", e);
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
