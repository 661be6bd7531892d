package io.graphdrive.tagging;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BERT-family sentence embedding model (quantized, from a langchain4j model jar) on ONNX Runtime:
 * texts in 256-token windows, pooled as the model was trained (mean over the attention mask, or the
 * first token), L2-normalised. One instance serves every thread.
 */
final class TextEmbedder implements AutoCloseable {
  /** The English model every file's text is embedded with unless it is Chinese. */
  static final Spec MINILM =
      new Spec("all-minilm-l6-v2", "/all-minilm-l6-v2-q.onnx", "/all-minilm-l6-v2-q-tokenizer.json", 384, false, "", "");
  /** The Chinese model (BAAI bge-small-zh-v1.5), for texts {@link Language} calls Chinese. */
  static final Spec BGE_SMALL_ZH =
      new Spec("bge-small-zh-v1.5", "/bge-small-zh-v1.5-q.onnx", "/bge-small-zh-v1.5-q-tokenizer.json", 512, true, "", "");
  /** Tokens per window, the special tokens included (the length MiniLM was trained on). */
  static final int WINDOW_TOKENS = 256;
  /** Most windows embedded per document; longer documents are sampled evenly. */
  static final int MAX_WINDOWS = 32;

  /**
   * A model: its name (recorded on tags), classpath resources, vector length, whether it pools the first
   * token, and the texts it was trained to see before a query (tag names, descriptions) and before a passage
   * (a file's text); empty for none.
   */
  record Spec(
      String name,
      String modelResource,
      String tokenizerResource,
      int dimensions,
      boolean clsPooling,
      String queryPrefix,
      String passagePrefix) {}

  private static final Logger LOG = LoggerFactory.getLogger(TextEmbedder.class);
  private static final int BATCH = 8;
  /** Most key phrases whose vectors {@link #embedPhrases} remembers; for MiniLM about 13 MB. */
  static final int REMEMBERED = 8192;

  private final Spec spec;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final boolean typeIds;
  private final int[] passagePrefix;
  // Least recently used first; the eldest goes when the map is full.
  private final Map<String, float[]> remembered =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
          return size() > REMEMBERED;
        }
      };
  private final AtomicLong found = new AtomicLong();
  private final AtomicLong embedded = new AtomicLong();

  private TextEmbedder(Spec spec, OrtEnvironment env, OrtSession session, WordPieceTokenizer tokenizer) {
    this.spec = spec;
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.typeIds = session.getInputNames().contains("token_type_ids");
    this.passagePrefix = tokenizer.encode(spec.passagePrefix());
  }

  /** Loads a model and its tokenizer from the classpath, on CUDA when it is available, else on one CPU thread a run. */
  static TextEmbedder load(Spec spec) {
    return load(spec, 1);
  }

  /** Loads a model as {@link #load(Spec)} does, with the given number of CPU threads a run; for benchmarks. */
  static TextEmbedder load(Spec spec, int cpuThreads) {
    try {
      WordPieceTokenizer tokenizer;
      try (InputStream in = resource(spec.tokenizerResource())) {
        tokenizer = WordPieceTokenizer.load(in);
      }
      byte[] model;
      try (InputStream in = resource(spec.modelResource())) {
        model = in.readAllBytes();
      }
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      return new TextEmbedder(spec, env, OnnxSessions.open(spec.name(), model, cpuThreads), tokenizer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedding model", e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the embedding model: " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = TextEmbedder.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException("resource " + name + " is missing (a langchain4j-embeddings model jar)");
    }
    return in;
  }

  /** Returns the model's name, recorded on the tags it produced. */
  String model() {
    return spec.name();
  }

  /** Returns the length of the vectors this model produces. */
  int dimensions() {
    return spec.dimensions();
  }

  /** A passage's window vectors and its words' states. */
  record Passage(List<float[]> windows, WordStates words) {}

  /**
   * Returns one vector per window of a passage (a file's text), at most {@link #MAX_WINDOWS}, each window
   * after the model's passage prefix; empty for a text with no tokens.
   */
  List<float[]> embedWindows(String text) {
    return run(windows(text), null);
  }

  /** Returns a passage's window vectors as {@link #embedWindows} does, with the states of the words in them. */
  Passage embedPassage(String text) {
    WordStates words = new WordStates(tokenizer);
    return new Passage(run(windows(text), words), words);
  }

  private List<int[]> windows(String text) {
    int[] ids = tokenizer.encode(text);
    int width = WINDOW_TOKENS - 2 - passagePrefix.length;
    int windows = (ids.length + width - 1) / width;
    List<int[]> picked = new ArrayList<>();
    int take = Math.min(windows, MAX_WINDOWS);
    for (int i = 0; i < take; i++) {
      // Evenly spaced windows, so a long document is represented from start to end.
      int w = (int) ((long) i * windows / take);
      int[] window = Arrays.copyOf(passagePrefix, passagePrefix.length + Math.min(ids.length, (w + 1) * width) - w * width);
      System.arraycopy(ids, w * width, window, passagePrefix.length, window.length - passagePrefix.length);
      picked.add(window);
    }
    return picked;
  }

  /** Returns the vector of each short query text (a tag's name or description) after the model's query prefix, its first window. */
  List<float[]> embedEach(List<String> texts) {
    List<int[]> seqs = new ArrayList<>(texts.size());
    for (String text : texts) {
      int[] ids = tokenizer.encode(spec.queryPrefix() + text);
      seqs.add(Arrays.copyOf(ids, Math.min(ids.length, WINDOW_TOKENS - 2)));
    }
    return run(seqs, null);
  }

  /**
   * Returns the vector of each key phrase as {@link #embedEach} gives it for the phrase alone, reusing those of the
   * last {@link #REMEMBERED} phrases, since the files of one drive repeat their phrases; the vectors are shared, and
   * callers must not change them. Each phrase runs on its own because the quantized model scales its activations
   * over the whole batch: in a batch, a phrase's vector would depend on its neighbours, and a file tagged again
   * could get other scores from the vectors other files left.
   */
  List<float[]> embedPhrases(List<String> phrases) {
    List<float[]> vectors = new ArrayList<>(phrases.size());
    for (String phrase : phrases) {
      float[] v;
      synchronized (remembered) {
        v = remembered.get(phrase);
      }
      if (v == null) {
        v = embedEach(List.of(phrase)).get(0);
        embedded.incrementAndGet();
        synchronized (remembered) {
          remembered.put(phrase, v);
        }
      } else {
        found.incrementAndGet();
      }
      vectors.add(v);
    }
    return vectors;
  }

  /** Forgets the remembered phrase vectors; for benchmarks that time several ways over the same files. */
  void forgetPhrases() {
    synchronized (remembered) {
      remembered.clear();
    }
  }

  /** How many phrases {@link #embedPhrases} found remembered and how many it ran the model for, since loading. */
  record Reuse(long found, long embedded) {}

  /** Returns the counts of {@link #embedPhrases}'s remembered and newly embedded phrases; for benchmarks. */
  Reuse reuse() {
    return new Reuse(found.get(), embedded.get());
  }

  /** Returns the normalised mean of a passage's window vectors, or null for a text with no tokens. */
  float[] embedDocument(String text) {
    return Vectors.meanNormalized(embedWindows(text));
  }

  /**
   * Embeds sequences (without special tokens) in batches of similar length, so that little of a batch is
   * padding; returns their vectors in the order given. The states of passage words go to {@code words} unless null.
   */
  private List<float[]> run(List<int[]> sequences, WordStates words) {
    Integer[] order = new Integer[sequences.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> sequences.get(i).length));
    float[][] out = new float[sequences.size()][];
    for (int from = 0; from < order.length; from += BATCH) {
      List<Integer> batch = Arrays.asList(order).subList(from, Math.min(order.length, from + BATCH));
      List<float[]> vectors = runBatch(batch.stream().map(sequences::get).toList(), words);
      for (int b = 0; b < batch.size(); b++) {
        out[batch.get(b)] = vectors.get(b);
      }
    }
    return Arrays.asList(out);
  }

  private List<float[]> runBatch(List<int[]> batch, WordStates words) {
    int len = 0;
    for (int[] seq : batch) {
      len = Math.max(len, seq.length + 2);
    }
    long[][] ids = new long[batch.size()][len];
    long[][] mask = new long[batch.size()][len];
    for (int b = 0; b < batch.size(); b++) {
      int[] seq = batch.get(b);
      ids[b][0] = tokenizer.clsId();
      for (int i = 0; i < seq.length; i++) {
        ids[b][i + 1] = seq[i];
      }
      ids[b][seq.length + 1] = tokenizer.sepId();
      Arrays.fill(mask[b], 0, seq.length + 2, 1L);
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
      if (typeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, new long[batch.size()][len]));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        List<float[]> vectors = new ArrayList<>(batch.size());
        for (int b = 0; b < batch.size(); b++) {
          if (words != null) {
            int[] seq = batch.get(b);
            words.add(Arrays.copyOfRange(seq, passagePrefix.length, seq.length),
                Arrays.copyOfRange(hidden[b], 1 + passagePrefix.length, 1 + seq.length));
          }
          vectors.add(Vectors.normalize(spec.clsPooling() ? hidden[b][0].clone() : meanPool(hidden[b], mask[b])));
        }
        return vectors;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("embedding model failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private static float[] meanPool(float[][] hidden, long[] mask) {
    float[] sum = new float[hidden[0].length];
    int count = 0;
    for (int t = 0; t < hidden.length; t++) {
      if (mask[t] == 1) {
        count++;
        for (int d = 0; d < sum.length; d++) {
          sum[d] += hidden[t][d];
        }
      }
    }
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= count;
    }
    return sum;
  }

  /** Releases the model session. */
  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("closing the embedding model failed: {}", e.getMessage());
    }
  }
}
