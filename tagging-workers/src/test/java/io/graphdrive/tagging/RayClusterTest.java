package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Config;
import io.graphdrive.common.Tag;
import io.graphdrive.common.TaggingResult;
import io.graphdrive.storage.JuiceStorage;
import io.ray.api.Ray;
import io.ray.api.runtimecontext.ActorInfo;
import io.ray.api.runtimecontext.ActorState;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool as a driver of a real two-node Ray cluster (RayNodes) reading a real JuiceFS (SQLite) volume: its
 * actors spread over both nodes, and when the second node's raylet is killed with -9 during a stream of files,
 * its actor is replaced on the head, with the vocabulary in use, and every file still gets exactly one result,
 * with that vocabulary's tags.
 */
final class RayClusterTest {
  private static final int FILES = 30;

  @TempDir Path data;

  @Test
  void spreadsActorsAndSurvivesTheLossOfANode() throws Exception {
    try (RayNodes nodes = RayNodes.start(2)) {
      // A volume name of its own: libjfs lets one process open a volume name with one metadata URL only.
      Files.writeString(data.resolve("graphdrive.properties"),
          "workers=2\nray.address=" + nodes.address() + "\njuicefs.volume=raycluster\n");
      Config config = Config.load(data, Map.of());
      try (JuiceStorage storage = JuiceStorage.open(config)) {
        Map<String, String> sha256 = new LinkedHashMap<>();
        for (int i = 0; i < FILES; i++) {
          byte[] text = Samples.kilobyteText(i).getBytes(StandardCharsets.UTF_8);
          String path = "/stream/note-" + i + ".txt";
          put(storage, path, text);
          sha256.put(path, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text)));
        }
        try (TaggingPool pool = TaggingPool.start(config)) {
          assertEquals(Stream.of(nodes.headIp(), RayNodes.SECOND_NODE_IP).sorted().toList(), aliveActorIps(), "one actor on each node");
          assertTrue(Files.readAllLines(Path.of("/proc/self/maps")).stream()
                  .filter(l -> l.contains("libcore_worker_library_java.so")).allMatch(l -> l.endsWith("(deleted)")),
              "the driver's copy of Ray's native library in /tmp/ray is deleted once loaded");

          // Not the default vocabulary: a replacement actor must be given the one in use.
          pool.useVocabulary("tenancy\ta residential lease between landlord and tenant: monthly rent, deposit, repairs\n"
              + "sponge-cake\ta recipe for baking a sponge cake with flour, eggs, sugar and butter\n");
          List<CompletableFuture<TaggingResult>> results = new ArrayList<>();
          for (String path : sha256.keySet()) {
            results.add(pool.tag(path));
          }
          long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
          while (results.stream().filter(CompletableFuture::isDone).count() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(100);
          }
          nodes.killSecondRaylet();
          CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);

          List<String> paths = new ArrayList<>(sha256.keySet());
          for (int i = 0; i < FILES; i++) {
            TaggingResult r = results.get(i).get();
            assertNull(r.error(), paths.get(i) + ": " + r.error());
            assertEquals(paths.get(i), r.path());
            assertEquals(sha256.get(paths.get(i)), r.sha256(), "the result is of the file's own bytes");
            List<String> tags = names(r);
            assertTrue(tags.contains("text"), tags.toString());
            assertTrue(tags.contains(i % 2 == 0 ? "sponge-cake" : "tenancy"), "the vocabulary in use: " + tags);
          }
          assertEquals(0, pool.inFlight());
          assertTrue(pool.replacedActors() >= 1, "the dead node's actor was replaced");
          assertEquals(List.of(nodes.headIp(), nodes.headIp()), aliveActorIps(), "both actors on the head now");

          // Ray's own jars come first on a cluster worker's class path (older commons-io, log4j, guava, ...):
          // Tika's PDF and image parsers still work there.
          Path pdf = data.resolve("lease.pdf");
          Samples.pdf(pdf, Samples.LEASE, "Ada Lovelace");
          Path jpg = data.resolve("photo.jpg");
          Samples.jpeg(jpg, "NIKON CORPORATION", "NIKON D750", "2021:03:01 09:00:00");
          put(storage, "/docs/lease.pdf", Files.readAllBytes(pdf));
          put(storage, "/photos/photo.jpg", Files.readAllBytes(jpg));
          List<String> lease = names(pool.tag("/docs/lease.pdf").get(3, TimeUnit.MINUTES));
          assertTrue(lease.containsAll(List.of("document", "pdf")), lease.toString());
          assertTrue(lease.contains("tenancy"), lease.toString());
          List<String> photo = names(pool.tag("/photos/photo.jpg").get(3, TimeUnit.MINUTES));
          assertTrue(photo.containsAll(List.of("image", "jpeg", "nikon corporation", "nikon d750", "2021")), photo.toString());
        }
      }
    }
  }

  private static void put(JuiceStorage storage, String path, byte[] bytes) throws Exception {
    try (OutputStream out = storage.create(path)) {
      out.write(bytes);
    }
  }

  private static List<String> names(TaggingResult r) {
    return r.tags().stream().map(Tag::name).toList();
  }

  /** Returns the addresses of the nodes of the cluster's live actors, sorted. */
  private static List<String> aliveActorIps() {
    return Ray.getRuntimeContext().getAllActorInfo().stream()
        .filter(a -> a.state == ActorState.ALIVE)
        .map((ActorInfo a) -> a.address.ip)
        .sorted()
        .toList();
  }
}
