package io.graphdrive.index;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A few counters kept by hand and rendered in the Prometheus text format. */
final class Metrics {
  private static final Map<String, String> HELP = Map.of(
      "graphdrive_http_requests_total", "HTTP requests answered, by method and status.",
      "graphdrive_events_total", "Drive events accepted, by type.",
      "graphdrive_tagging_results_total", "Tagging results, by outcome (tagged, failed, stale).",
      "graphdrive_tagging_milliseconds_total", "Time spent tagging files, in milliseconds.",
      "graphdrive_recovered_total", "PENDING files claimed from an expired lease.");

  private final Map<String, Map<String, LongAdder>> counters = new ConcurrentHashMap<>();

  /** Adds {@code amount} to the counter with the given labels (e.g. {@code type="CREATED"}, or ""). */
  void add(String name, String labels, long amount) {
    counters.computeIfAbsent(name, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(labels, k -> new LongAdder()).add(amount);
  }

  /** Adds one to the counter with the given labels. */
  void increment(String name, String labels) {
    add(name, labels, 1);
  }

  /** Returns the counters and the given gauges (name with labels to value) as Prometheus text. */
  String render(Map<String, Number> gauges) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(counters).forEach((name, series) -> {
      out.append("# HELP ").append(name).append(' ').append(HELP.getOrDefault(name, name)).append('\n');
      out.append("# TYPE ").append(name).append(" counter\n");
      new TreeMap<>(series).forEach((labels, value) -> out.append(name)
          .append(labels.isEmpty() ? "" : "{" + labels + "}").append(' ').append(value.sum()).append('\n'));
    });
    String lastName = "";
    for (Map.Entry<String, Number> gauge : new TreeMap<>(gauges).entrySet()) {
      String name = gauge.getKey().replaceAll("\\{.*", "");
      if (!name.equals(lastName)) {
        out.append("# TYPE ").append(name).append(" gauge\n");
        lastName = name;
      }
      out.append(gauge.getKey()).append(' ').append(gauge.getValue()).append('\n');
    }
    return out.toString();
  }
}
