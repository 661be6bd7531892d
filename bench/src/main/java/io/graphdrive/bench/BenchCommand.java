package io.graphdrive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.apiclient.ClientOptions;
import io.graphdrive.storage.JuiceStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Measures tagging throughput, put-to-searchable latency and memory against a running GraphDrive. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure a running GraphDrive: tagging throughput (files/s) for 1 KB and 100 KB text files and "
        + "20-page PDFs, the median and p95 time from put to searchable, and the memory of each process.",
        "It writes files under /bench/ in the drive and deletes them afterwards."})
public final class BenchCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private static final String[] TOPICS = {
    "The recipe calls for flour, butter, sugar and eggs; bake the cake in the oven and serve it with cream.",
    "The court ruled that the contract was void because the tenant never signed the lease agreement.",
    "Our neural network reaches high accuracy after training on the labelled images for ten epochs.",
    "The team scored in the final minute and the fans celebrated the championship in the stadium.",
    "Quarterly revenue grew while operating costs fell, and the invoice was paid by bank transfer.",
    "The patient was treated with antibiotics and the doctor scheduled a follow-up at the hospital.",
    "We hiked through the mountains, took the train to the coast and booked a hotel by the beach.",
    "The orchestra played the symphony while the guitarist rehearsed songs for the new album."
  };

  @Mixin ClientOptions options;

  @Option(names = "--files", defaultValue = "20", description = "files per kind in each burst (default: ${DEFAULT-VALUE})")
  int files;

  @Option(names = "--latency-samples", defaultValue = "10",
      description = "files put one at a time to time put-to-searchable (default: ${DEFAULT-VALUE})")
  int samples;

  @Override
  public Integer call() throws Exception {
    ApiClient api = options.api();
    Map<String, byte[][]> kinds = new LinkedHashMap<>();
    kinds.put("text 1 KB", texts(files, 1024, "txt-1k"));
    kinds.put("text 100 KB", texts(files, 100 * 1024, "txt-100k"));
    kinds.put("pdf 20 pages", pdfs(Math.max(1, files / 4)));
    List<String> written = new ArrayList<>();
    try (JuiceStorage storage = JuiceStorage.open(options.config())) {
      // A first file of each kind warms the servers' JIT and parsers; it is not counted.
      for (Map.Entry<String, byte[][]> kind : kinds.entrySet()) {
        String path = "/bench/warm-up/" + kind.getKey().replace(' ', '-');
        put(storage, api, path, kind.getValue()[0]);
        written.add(path);
        awaitTagged(api, List.of(path));
      }
      System.out.println("kind           files  seconds  files/s");
      for (Map.Entry<String, byte[][]> kind : kinds.entrySet()) {
        String ext = kind.getKey().startsWith("pdf") ? ".pdf" : ".txt";
        List<String> paths = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < kind.getValue().length; i++) {
          String path = "/bench/" + kind.getKey().replace(' ', '-') + "/" + i + ext;
          put(storage, api, path, kind.getValue()[i]);
          paths.add(path);
        }
        written.addAll(paths);
        awaitTagged(api, paths);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-13s  %5d  %7.1f  %7.2f%n",
            kind.getKey(), paths.size(), seconds, paths.size() / seconds);
      }
      List<Double> latencies = new ArrayList<>();
      byte[][] single = texts(samples, 1024, "latency");
      for (int i = 0; i < samples; i++) {
        String path = "/bench/latency/" + i + ".txt";
        long start = System.nanoTime();
        put(storage, api, path, single[i]);
        awaitTagged(api, List.of(path));
        latencies.add((System.nanoTime() - start) / 1e6);
        written.add(path);
      }
      Collections.sort(latencies);
      System.out.printf(Locale.ROOT, "put to searchable (1 KB text, one at a time, n=%d): median %.0f ms, p95 %.0f ms%n",
          samples, percentile(latencies, 50), percentile(latencies, 95));
    } finally {
      for (String path : written) {
        api.delete("/api/v1/files", ApiClient.query("path", path));
      }
    }
    printMemory();
    return 0;
  }

  private static void put(JuiceStorage storage, ApiClient api, String path, byte[] content) throws IOException {
    try (OutputStream out = storage.create(path)) {
      out.write(content);
    }
    api.post("/api/v1/events", Map.of(), Map.of("type", "CREATED", "path", path));
  }

  /** Waits until every path is TAGGED; a file is searchable by its tags from that moment. */
  private static void awaitTagged(ApiClient api, List<String> paths) throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (String path : paths) {
      JsonNode file = api.awaitTagged(path, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), POLL);
      String status = file == null ? "gone" : file.path("status").asText();
      if (status.equals("FAILED")) {
        throw new IOException(path + " failed: " + file.path("error").asText());
      }
      if (!status.equals("TAGGED")) {
        throw new IOException(path + " is " + status + " after " + TIMEOUT.toMinutes() + " minutes");
      }
    }
  }

  private static byte[][] texts(int count, int size, String seed) {
    byte[][] texts = new byte[count][];
    Random random = new Random(seed.hashCode());
    for (int i = 0; i < count; i++) {
      StringBuilder sb = new StringBuilder(size + 200);
      sb.append(seed).append(" sample ").append(i).append(". ");
      while (sb.length() < size) {
        sb.append(TOPICS[random.nextInt(TOPICS.length)]).append(' ');
      }
      texts[i] = sb.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }
    return texts;
  }

  private static byte[][] pdfs(int count) throws IOException {
    byte[][] pdfs = new byte[count][];
    Random random = new Random(20);
    for (int i = 0; i < count; i++) {
      try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
        for (int p = 0; p < 20; p++) {
          PDPage page = new PDPage();
          doc.addPage(page);
          try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
            text.beginText();
            text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
            text.newLineAtOffset(40, 740);
            text.showText("Report " + i + ", page " + (p + 1));
            for (int line = 0; line < 40; line++) {
              text.newLineAtOffset(0, -16);
              String topic = TOPICS[random.nextInt(TOPICS.length)];
              text.showText(topic.substring(0, Math.min(topic.length(), 95)));
            }
            text.endText();
          }
        }
        doc.save(out);
        pdfs[i] = out.toByteArray();
      }
    }
    return pdfs;
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private void printMemory() throws IOException {
    Path run = options.config().runDir();
    if (!Files.isDirectory(run)) {
      System.out.println("memory: no " + run + " (is the server on another machine?)");
      return;
    }
    long total = 0;
    try (Stream<Path> pids = Files.list(run)) {
      for (Path pidFile : pids.filter(p -> p.toString().endsWith(".pid")).sorted().toList()) {
        long kb = rssKb(Files.readString(pidFile).strip());
        total += kb;
        System.out.printf(Locale.ROOT, "memory %-16s %6.0f MB RSS%n",
            pidFile.getFileName().toString().replace(".pid", ""), kb / 1024.0);
      }
    }
    System.out.printf(Locale.ROOT, "memory total            %6.0f MB RSS%n", total / 1024.0);
  }

  private static long rssKb(String pid) {
    try (Stream<String> lines = Files.lines(Path.of("/proc", pid, "status"))) {
      return lines.filter(l -> l.startsWith("VmRSS:"))
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
          .findFirst().orElse(0L);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
