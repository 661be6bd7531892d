package io.graphdrive.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models {@code graphdrive models fetch} can install: for each, its files with the URL to fetch,
 * the name to install under and the sha256 to check (null where nobody has recorded it yet).
 */
record ModelManifest(Map<String, Model> models) {
  /** One fetchable model. */
  record Model(String name, String description, List<ModelFile> files) {}

  /** One file of a model; {@code sha256} is null when not yet known. */
  record ModelFile(String name, String url, String sha256) {}

  /** Returns the manifest shipped with the client (models.json). */
  static ModelManifest bundled() {
    try (InputStream in = ModelManifest.class.getResourceAsStream("models.json")) {
      if (in == null) {
        throw new IllegalStateException("the models.json resource is missing");
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read models.json", e);
    }
  }

  /** Parses a manifest: {@code {"name": {"description", "files": [{"name", "url", "sha256"}]}}}. */
  static ModelManifest parse(InputStream json) throws IOException {
    JsonNode root = Json.mapper().readTree(json);
    Map<String, Model> models = new LinkedHashMap<>();
    for (var it = root.fields(); it.hasNext(); ) {
      var e = it.next();
      List<ModelFile> files = new ArrayList<>();
      for (JsonNode f : e.getValue().path("files")) {
        String sha = f.path("sha256").isTextual() ? f.path("sha256").asText() : null;
        files.add(new ModelFile(f.path("name").asText(), f.path("url").asText(), sha));
      }
      models.put(e.getKey(), new Model(e.getKey(), e.getValue().path("description").asText(""), List.copyOf(files)));
    }
    return new ModelManifest(Map.copyOf(models));
  }

  /** Returns the named model; throws IllegalArgumentException naming the known ones when there is none. */
  Model model(String name) {
    Model m = models.get(name);
    if (m == null) {
      throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", models.keySet().stream().sorted().toList()));
    }
    return m;
  }
}
