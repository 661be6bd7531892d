package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags with an OpenAI-compatible language model, TagGPT's two roads, from the text clues of every
 * modality ({@link LlmClues}). Selective: the vocabulary tags the embeddings rank highest go into the
 * prompt with their descriptions and the model chooses among them. Generative: the model proposes tags;
 * each is mapped to the vocabulary tag its embedding is closest to, or kept as a new tag only when the
 * model is very sure and the name is no junk. Tags have source {@code llm}, the configured model's
 * name and the model's confidence as score. Any failure of the model (unreachable, slow, an error, a
 * malformed answer) gives no tags and one rate-limited warning: the other taggers' tags stand.
 */
final class LlmTagger implements Tagger {
  /** Most tags per file. */
  static final int TOP_K = 5;
  /** Vocabulary candidates the selective road offers the model, the embeddings' best first. */
  static final int CANDIDATES = 15;
  /** Least confidence for a chosen or mapped tag. */
  static final double MIN_CONFIDENCE = 0.5;
  /** Least confidence for a proposal outside the vocabulary to become a tag of its own. */
  static final double MIN_NEW_CONFIDENCE = 0.8;
  /**
   * Least cosine between a proposal's embedding and a vocabulary tag's for the proposal to be that tag.
   * Measured with all-MiniLM-L6-v2 on the default vocabulary (BENCHMARKS.md): other spellings of a tag
   * (recipes, invoices, photographs, rental agreement for lease, songs for music) score 0.75-0.92,
   * related but different topics (pastry for baking, deep learning for machine learning, sheet music
   * for music) 0.50-0.69.
   */
  static final double MAP_COSINE = 0.72;

  private static final Logger LOG = LoggerFactory.getLogger(LlmTagger.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final AtomicLong NEXT_WARN = new AtomicLong(System.nanoTime());
  private static final AtomicInteger UNWARNED = new AtomicInteger();

  static final String SYSTEM =
      "You tag files in a personal file system. Tags are short: topics, kinds of document, or names that matter. "
          + "Answer with JSON only, in this form: {\"tags\": [{\"name\": \"...\", \"confidence\": 0.9}]}, "
          + "where confidence (0 to 1) says how sure you are that the tag fits the file.";
  private static final String CHOOSE =
      "Choose at most " + TOP_K + " tags for the file below, only from these candidates (name: meaning); "
          + "choose none if none fits.\n";
  private static final String PROPOSE =
      "Propose at most " + TOP_K + " tags for the file below, one to three words each. "
          + "No file formats, code identifiers, URLs or numbers.\n";

  private static final Pattern URL = Pattern.compile("(?i)(\\w+://|www\\.|\\.(com|org|net|io|html?)\\b)");
  private static final Pattern HEX = Pattern.compile("(?i)(0x)?[0-9a-f]*\\d[0-9a-f]*");
  private static final Pattern CODE = Pattern.compile("[_(){}\\[\\]<>=;\\\\/|$@]|\\p{Ll}\\p{Lu}");

  private final LlmSettings settings;
  private final LlmClient client;
  private final Function<String, VocabularyIndex> vocabulary;
  private final Function<String, TextEmbedder> embedders;

  /**
   * Takes the model's settings, the vocabulary's embeddings and the text model by a file's language
   * (the same pair the vocabulary tagger uses, so proposals land in the vocabulary's space).
   */
  LlmTagger(LlmSettings settings, Function<String, VocabularyIndex> vocabulary, Function<String, TextEmbedder> embedders) {
    this.settings = settings;
    this.client = new LlmClient(settings);
    this.vocabulary = vocabulary;
    this.embedders = embedders;
  }

  @Override
  public List<Tag> tag(Extraction e) {
    String clues = LlmClues.of(e);
    if (clues.isEmpty()) {
      return List.of();
    }
    VocabularyIndex index = vocabulary.apply(e.language());
    try {
      return settings.mode() == LlmSettings.Mode.SELECTIVE ? choose(e, clues, index) : propose(e, clues, index);
    } catch (IOException ex) {
      warn(ex.getMessage());
      return List.of();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private List<Tag> choose(Extraction e, String clues, VocabularyIndex index) throws IOException, InterruptedException {
    List<float[]> windows = e.windows();
    if (windows.isEmpty()) {
      // A file with only a name and metadata: rank the candidates by those.
      windows = embedders.apply(e.language()).embedWindows(clues);
    }
    List<VocabularyTagger.Scored> scores = new ArrayList<>(VocabularyTagger.scores(index, windows));
    scores.sort(Comparator.comparingDouble(VocabularyTagger.Scored::score).reversed());
    Map<String, String> candidates = new LinkedHashMap<>();
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < index.size(); i++) {
      position.put(index.name(i), i);
    }
    for (VocabularyTagger.Scored s : scores.subList(0, Math.min(CANDIDATES, scores.size()))) {
      String description = index.description(position.get(s.name()));
      candidates.put(s.name(), description == null ? s.name() : description);
    }
    StringBuilder user = new StringBuilder(CHOOSE);
    candidates.forEach((name, description) -> user.append("- ").append(name).append(": ").append(description).append('\n'));
    user.append("\nThe file:\n").append(clues);
    Map<String, Tag> tags = new HashMap<>();
    for (LlmAnswer.Proposal p : LlmAnswer.parse(client.ask(SYSTEM, user.toString()))) {
      String name = normalized(p.name());
      if (name != null && candidates.containsKey(name) && p.confidence() >= MIN_CONFIDENCE) {
        keep(tags, name, p.confidence());
      }
    }
    return best(tags);
  }

  private List<Tag> propose(Extraction e, String clues, VocabularyIndex index) throws IOException, InterruptedException {
    List<String> names = new ArrayList<>();
    List<Double> confidences = new ArrayList<>();
    for (LlmAnswer.Proposal p : LlmAnswer.parse(client.ask(SYSTEM, PROPOSE + "\nThe file:\n" + clues))) {
      String name = normalized(p.name());
      if (name != null && !junk(p.name().strip()) && p.confidence() >= MIN_CONFIDENCE) {
        names.add(name);
        confidences.add(p.confidence());
      }
    }
    if (names.isEmpty()) {
      return List.of();
    }
    List<float[]> vectors = embedders.apply(e.language()).embedEach(names);
    Map<String, Tag> tags = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      int nearest = -1;
      double cosine = 0;
      for (int k = 0; k < index.size(); k++) {
        double c = index.name(k).equals(names.get(i)) ? 1 : Vectors.dot(vectors.get(i), index.vector(k));
        if (c > cosine) {
          cosine = c;
          nearest = k;
        }
      }
      if (cosine >= MAP_COSINE) {
        keep(tags, index.name(nearest), confidences.get(i));
      } else if (confidences.get(i) >= MIN_NEW_CONFIDENCE) {
        keep(tags, names.get(i), confidences.get(i));
      }
    }
    return best(tags);
  }

  private void keep(Map<String, Tag> tags, String name, double confidence) {
    tags.merge(name, new Tag(name, confidence, TagSource.LLM, settings.model()), (a, b) -> a.score() >= b.score() ? a : b);
  }

  private static List<Tag> best(Map<String, Tag> tags) {
    List<Tag> sorted = new ArrayList<>(tags.values());
    sorted.sort(Comparator.comparingDouble(Tag::score).reversed().thenComparing(Tag::name));
    return sorted.size() > TOP_K ? List.copyOf(sorted.subList(0, TOP_K)) : sorted;
  }

  private static String normalized(String raw) {
    try {
      return Tag.normalizeName(raw);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Returns whether a proposed name (as the model wrote it) is a URL, a number, code or too short or long to be a tag. */
  static boolean junk(String name) {
    long letters = name.codePoints().filter(Character::isLetter).count();
    return letters < 2
        || name.split("\\s+").length > 4
        || URL.matcher(name).find()
        || HEX.matcher(name).matches()
        || CODE.matcher(name).find();
  }

  // One line a minute at most, so an endpoint that is down does not flood the log with one line a file.
  private void warn(String reason) {
    long now = System.nanoTime();
    long next = NEXT_WARN.get();
    if (now - next >= 0 && NEXT_WARN.compareAndSet(next, now + WARN_EVERY_NANOS)) {
      int more = UNWARNED.getAndSet(0);
      LOG.warn(
          "language model at {} gave no tags ({}); files keep their other tags{}",
          settings.url(),
          reason,
          more == 0 ? "" : " (" + more + " more such files since the last warning)");
    } else {
      UNWARNED.incrementAndGet();
    }
  }
}
