package io.graphdrive.tagging;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * Benchmark, not a test: OCR milliseconds per picture by size, PaddleOCR (one ONNX thread a run) beside
 * Debian's Tesseract (one thread, {@code OMP_THREAD_LIMIT=1}, process start included), their word and
 * character recall on the drawn test pictures, and scanned-PDF pages per second. Run with {@code mvn -q
 * -pl tagging-workers test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.mainClass=io.graphdrive.tagging.OcrBenchmark -Dexec.classpathScope=test}.
 */
public final class OcrBenchmark {
  private static final int ROUNDS = 3;

  private OcrBenchmark() {}

  /** Prints a Markdown table of medians over {@value #ROUNDS} rounds, then recall and PDF speed. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("ocr-bench");
    PaddleOcr paddle = PaddleOcr.load(1);
    System.out.println("| picture | PaddleOCR ms | Tesseract ms |");
    System.out.println("| --- | ---: | ---: |");
    for (int[] size : new int[][] {{640, 480}, {1280, 960}, {2480, 3508}}) {
      BufferedImage page = page(size[0], size[1]);
      Path png = dir.resolve(size[0] + "x" + size[1] + ".png");
      ImageIO.write(page, "png", png.toFile());
      paddle.read(page);
      List<Double> p = new ArrayList<>();
      List<Double> t = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        long start = System.nanoTime();
        paddle.read(page);
        p.add((System.nanoTime() - start) / 1e6);
        start = System.nanoTime();
        tesseract(png, "eng");
        t.add((System.nanoTime() - start) / 1e6);
      }
      System.out.printf(Locale.ROOT, "| %dx%d | %.0f | %.0f |%n", size[0], size[1], median(p), median(t));
    }

    BufferedImage english = Samples.textImage(Samples.SEGMENTATION, "DejaVu Sans", 26, 1000, 220);
    BufferedImage chinese = Samples.textImage(Samples.CHINESE, "WenQuanYi Zen Hei", 32, 700, 160);
    ImageIO.write(english, "png", dir.resolve("en.png").toFile());
    ImageIO.write(chinese, "png", dir.resolve("zh.png").toFile());
    String enRef = String.join(" ", Samples.SEGMENTATION);
    String zhRef = String.join("", Samples.CHINESE);
    System.out.println();
    System.out.println("| drawn picture | PaddleOCR | Tesseract |");
    System.out.println("| --- | ---: | ---: |");
    System.out.printf(Locale.ROOT, "| English, words found | %.0f%% | %.0f%% |%n",
        100 * wordRecall(enRef, paddle.read(english)), 100 * wordRecall(enRef, tesseract(dir.resolve("en.png"), "eng")));
    System.out.printf(Locale.ROOT, "| Chinese, characters in order | %.0f%% | %.0f%% |%n",
        100 * charRecall(zhRef, paddle.read(chinese)), 100 * charRecall(zhRef, tesseract(dir.resolve("zh.png"), "chi_sim")));

    List<BufferedImage> pages = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      pages.add(page(1240, 1400));
    }
    Path pdf = dir.resolve("scan.pdf");
    Samples.scannedPdf(pdf, pages, PDRectangle.A4);
    Extraction tika = Models.extractor().extract("/scan.pdf", pdf, "0", Files.size(pdf));
    ScannedPdfExtractor extractor = new ScannedPdfExtractor(() -> paddle, java.time.Duration.ofHours(1));
    long start = System.nanoTime();
    extractor.extract(pdf, tika);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%nscanned PDF, 10 A4 pages of text at %.0f dpi: %.2f pages/s%n", ScannedPdfExtractor.DPI, 10 / seconds);
  }

  /** Draws a page of English text lines, the font a fortieth of the width. */
  private static BufferedImage page(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    int size = w / 40;
    g.setFont(new Font("DejaVu Sans", Font.PLAIN, size));
    List<String> lines = new ArrayList<>(Samples.SEGMENTATION);
    lines.addAll(Samples.LEASE);
    lines.addAll(Samples.INVOICE);
    int y = 2 * size;
    for (int i = 0; y < h - size; i++, y += size * 8 / 5) {
      g.drawString(lines.get(i % lines.size()), size, y);
    }
    g.dispose();
    return image;
  }

  private static String tesseract(Path png, String lang) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("tesseract", png.toString(), "-", "-l", lang);
    pb.environment().put("OMP_THREAD_LIMIT", "1");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("tesseract timed out");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static List<String> words(String s) {
    return Arrays.stream(s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}-]+")).filter(w -> !w.isEmpty()).toList();
  }

  /** Returns the share of the reference's words that occur in the output (each as often as in the reference). */
  private static double wordRecall(String reference, String output) {
    List<String> left = new ArrayList<>(words(output));
    List<String> ref = words(reference);
    int found = 0;
    for (String w : ref) {
      if (left.remove(w)) {
        found++;
      }
    }
    return (double) found / ref.size();
  }

  /** Returns the longest common subsequence of reference and output characters over the reference's length. */
  private static double charRecall(String reference, String output) {
    String a = reference.replaceAll("\\s", "");
    String b = output.replaceAll("\\s", "");
    int[][] lcs = new int[a.length() + 1][b.length() + 1];
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        lcs[i][j] = a.charAt(i - 1) == b.charAt(j - 1) ? lcs[i - 1][j - 1] + 1 : Math.max(lcs[i - 1][j], lcs[i][j - 1]);
      }
    }
    return (double) lcs[a.length()][b.length()] / a.length();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
