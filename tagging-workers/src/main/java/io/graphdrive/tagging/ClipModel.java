package io.graphdrive.tagging;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CLIP ViT-B/32 as separate ONNX vision and text encoders (the files of Xenova/clip-vit-base-patch32,
 * fetched by {@code graphdrive models fetch clip} into {@code <data>/models/clip/}): images and texts
 * become L2-normalised vectors in one space. One instance serves every thread.
 */
final class ClipModel implements AutoCloseable {
  /** Name recorded on tags this model produced. */
  static final String MODEL = "clip-vit-b32";
  /** Folder of the model under the data directory. */
  static final String FOLDER = "models/clip";
  /** Files the folder must hold. */
  static final List<String> FILES = List.of("vision_model.onnx", "text_model.onnx", "tokenizer.json");
  /** Side of the square image the vision encoder takes. */
  static final int SIZE = 224;

  // CLIP's preprocessing constants (its preprocessor_config.json: image_mean, image_std).
  private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};
  private static final int TEXT_BATCH = 16;

  private final OrtEnvironment env;
  private final OrtSession vision;
  private final OrtSession text;
  private final ClipTokenizer tokenizer;
  private final boolean textMask;

  private ClipModel(OrtEnvironment env, OrtSession vision, OrtSession text, ClipTokenizer tokenizer) {
    this.env = env;
    this.vision = vision;
    this.text = text;
    this.tokenizer = tokenizer;
    // Xenova's export takes input_ids only; other exports of the text tower also take a mask.
    this.textMask = text.getInputNames().contains("attention_mask");
  }

  /** Returns the model folder under a data directory. */
  static Path folder(Path dataDir) {
    return dataDir.resolve(FOLDER);
  }

  /** Returns whether every file of the model is in the folder. */
  static boolean installed(Path folder) {
    return FILES.stream().allMatch(f -> Files.isRegularFile(folder.resolve(f)));
  }

  /** Loads the model from its folder on one CPU thread a run (or CUDA); throws IOException when a file is missing or invalid. */
  static ClipModel load(Path folder) throws IOException {
    ClipTokenizer tokenizer;
    try (InputStream in = Files.newInputStream(folder.resolve("tokenizer.json"))) {
      tokenizer = ClipTokenizer.load(in);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession vision = null;
    try {
      vision = OnnxSessions.open("clip vision", Files.readAllBytes(folder.resolve("vision_model.onnx")), 1);
      OrtSession text = OnnxSessions.open("clip text", Files.readAllBytes(folder.resolve("text_model.onnx")), 1);
      return new ClipModel(env, vision, text, tokenizer);
    } catch (OrtException e) {
      closeQuietly(vision);
      throw new IOException("cannot load the image model in " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Returns the unit-length embedding of an image. */
  float[] embedImage(BufferedImage image) {
    FloatBuffer pixels = pixels(square(image));
    try (OnnxTensor input = OnnxTensor.createTensor(env, pixels, new long[] {1, 3, SIZE, SIZE});
        OrtSession.Result result = vision.run(Map.of("pixel_values", input))) {
      float[][] out = (float[][]) result.get("image_embeds").orElseThrow().getValue();
      return Vectors.normalize(out[0]);
    } catch (OrtException e) {
      throw new IllegalStateException("image model failed: " + e.getMessage(), e);
    }
  }

  /** Returns the unit-length embedding of each text (each cut at 77 tokens). */
  List<float[]> embedTexts(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += TEXT_BATCH) {
      out.addAll(embedBatch(texts.subList(from, Math.min(texts.size(), from + TEXT_BATCH))));
    }
    return out;
  }

  /** Returns the unit-length embedding of one text. */
  float[] embedText(String text) {
    return embedTexts(List.of(text)).get(0);
  }

  private List<float[]> embedBatch(List<String> batch) {
    long[][] ids = new long[batch.size()][];
    long[][] mask = new long[batch.size()][ClipTokenizer.LENGTH];
    for (int b = 0; b < batch.size(); b++) {
      ids[b] = tokenizer.encode(batch.get(b));
      // Real tokens up to and including the first end token; the rest is padding.
      for (int i = 0; i < ClipTokenizer.LENGTH; i++) {
        mask[b][i] = 1;
        if (i > 0 && ids[b][i] == tokenizer.endId()) {
          break;
        }
      }
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
      if (textMask) {
        inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
      }
      try (OrtSession.Result result = text.run(inputs)) {
        float[][] out = (float[][]) result.get("text_embeds").orElseThrow().getValue();
        List<float[]> vectors = new ArrayList<>(out.length);
        for (float[] v : out) {
          vectors.add(Vectors.normalize(v));
        }
        return vectors;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("image model's text encoder failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** Scales the shorter side to 224 (bicubic) and crops the centre square, on an RGB canvas. */
  static BufferedImage square(BufferedImage image) {
    BufferedImage src = image;
    // Java's bicubic looks at 4x4 source pixels only, so a large shrink aliases; halving first, as
    // PIL's antialiased resize effectively does, keeps fine detail from turning into noise.
    while (Math.min(src.getWidth(), src.getHeight()) >= 2 * SIZE * 2) {
      src = scale(src, src.getWidth() / 2, src.getHeight() / 2, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }
    double f = (double) SIZE / Math.min(src.getWidth(), src.getHeight());
    int w = Math.max(SIZE, (int) Math.round(src.getWidth() * f));
    int h = Math.max(SIZE, (int) Math.round(src.getHeight() * f));
    BufferedImage scaled = scale(src, w, h, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    return scaled.getSubimage((w - SIZE) / 2, (h - SIZE) / 2, SIZE, SIZE);
  }

  private static BufferedImage scale(BufferedImage src, int w, int h, Object interpolation) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Returns the crop as CLIP's input: channels first, each value (x / 255 - mean) / std. */
  static FloatBuffer pixels(BufferedImage crop) {
    FloatBuffer buf = FloatBuffer.allocate(3 * SIZE * SIZE);
    int[] rgb = crop.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
    for (int c = 0; c < 3; c++) {
      int shift = 16 - 8 * c;
      for (int p : rgb) {
        buf.put(((((p >> shift) & 0xff) / 255f) - MEAN[c]) / STD[c]);
      }
    }
    buf.rewind();
    return buf;
  }

  private static void closeQuietly(OrtSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException ignored) {
        // Already failing; the load error is the one reported.
      }
    }
  }

  /** Releases both sessions. */
  @Override
  public void close() {
    closeQuietly(vision);
    closeQuietly(text);
  }
}
