package io.graphdrive.tagging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.graphdrive.common.Json;
import io.graphdrive.common.TaggingResult;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ray actor that tags files; public only because Ray instantiates it. Arguments and results are
 * JSON strings, since Ray's serializer cannot set record fields. Models are shared per JVM.
 */
public final class TaggingActor {
  private static final Logger LOG = LoggerFactory.getLogger(TaggingActor.class);

  private final FileTagger tagger;
  private final int timeoutSeconds;
  private final int nice;
  private volatile Vocabulary vocabulary = Vocabulary.parse("");
  private volatile Corrections corrections = Corrections.NONE;
  private ExecutorService runner;

  /** Creates an actor from {@link ActorSettings} as JSON. */
  public TaggingActor(String settingsJson) throws JsonProcessingException {
    ActorSettings settings = Json.mapper().readValue(settingsJson, ActorSettings.class);
    this.timeoutSeconds = settings.timeoutSeconds();
    this.nice = settings.nice();
    this.runner = newRunner();
    this.tagger = FileTagger.standard(
        settings.source(), Path.of(settings.dataDir()), () -> vocabulary, () -> corrections, settings.llm(),
        settings.maxContentBytes());
  }

  /** Switches to a vocabulary (its file's text), embedding its tags unless this JVM already has; returns its fingerprint. */
  public String useVocabulary(String text) {
    Vocabulary v = Vocabulary.parse(text);
    Models.index(v);
    vocabulary = v;
    return v.fingerprint();
  }

  /**
   * Switches to the corrections users' tag edits give (JSON, as {@link Corrections#parse} reads);
   * returns the number of tags they adjust in any space.
   */
  public int useCorrections(String json) {
    Corrections c = Corrections.parse(json);
    corrections = c;
    return c.size();
  }

  /** Tags the file at a drive path and returns the {@link TaggingResult} as JSON; never throws for a bad file. */
  public String tag(String path) throws JsonProcessingException {
    return Json.mapper().writeValueAsString(tagWithTimeout(path));
  }

  private TaggingResult tagWithTimeout(String path) {
    Future<TaggingResult> result = runner.submit(() -> tagger.tag(path));
    try {
      return result.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // The stuck thread may ignore the interrupt; it is abandoned and the next file gets a fresh one.
      result.cancel(true);
      runner.shutdownNow();
      runner = newRunner();
      LOG.warn("tagging {} timed out after {} s", path, timeoutSeconds);
      return TaggingResult.failed(path, "tagging timed out after " + timeoutSeconds + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      LOG.warn("tagging {} failed", path, cause);
      return TaggingResult.failed(path, "tagging failed: " + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.cancel(true);
      return TaggingResult.failed(path, "tagging was interrupted");
    }
  }

  private ExecutorService newRunner() {
    // One thread that ends when idle, so actors Ray keeps around in LOCAL mode hold no threads. It runs at a lower
    // priority than the rest of the JVM and the machine: the intake, landings and searches go first.
    ThreadPoolExecutor runner =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(() -> {
                ThreadNice.lower(nice);
                r.run();
              }, "tagging-runner");
              t.setDaemon(true);
              return t;
            });
    runner.allowCoreThreadTimeOut(true);
    return runner;
  }
}
