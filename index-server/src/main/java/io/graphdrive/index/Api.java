package io.graphdrive.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.graphdrive.common.DrivePath;
import io.graphdrive.common.Event;
import io.graphdrive.common.Json;
import io.graphdrive.common.Tag;
import io.graphdrive.storage.FileStat;
import io.graphdrive.tagging.TaggingPool;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API of DESIGN.md: bearer auth, routing, JSON errors, one log line per request. */
final class Api extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);
  private static final String PREFIX = "/api/v1";
  /** The most events one POST /events may carry. */
  static final int MAX_EVENTS = 1000;
  /** The most events of a POST /events whose files are tagged ahead of bulk work. */
  static final int INTERACTIVE_EVENTS = 10;
  /** The longest page of GET /tags. */
  static final int MAX_TAGS_PAGE = 5000;
  /** How many FAILED files, the latest, GET /stats lists with their errors. */
  static final int FAILED_SHOWN = 20;
  /** How many searches by meaning embed their query at once, and how long one waits for its turn. */
  static final int MEANING_SEARCHES = 4;
  private static final long MEANING_WAIT_SECONDS = 10;
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final Map<String, Set<String>> ROUTES = Map.ofEntries(
      Map.entry(PREFIX + "/health", Set.of("GET")),
      Map.entry(PREFIX + "/events", Set.of("POST")),
      Map.entry(PREFIX + "/files", Set.of("GET", "DELETE")),
      Map.entry(PREFIX + "/files/content", Set.of("GET", "PUT")),
      Map.entry(PREFIX + "/files/preview", Set.of("GET")),
      Map.entry(PREFIX + "/files/move", Set.of("POST")),
      Map.entry(PREFIX + "/files/link", Set.of("POST")),
      Map.entry(PREFIX + "/overview", Set.of("GET")),
      Map.entry(PREFIX + "/changes", Set.of("GET")),
      Map.entry(PREFIX + "/files/tags", Set.of("POST")),
      Map.entry(PREFIX + "/search", Set.of("GET")),
      Map.entry(PREFIX + "/tags", Set.of("GET")),
      Map.entry(PREFIX + "/graph", Set.of("GET")),
      Map.entry(PREFIX + "/vocabulary", Set.of("GET", "PUT")),
      Map.entry(PREFIX + "/retag", Set.of("POST")),
      Map.entry(PREFIX + "/fsck", Set.of("POST")),
      Map.entry(PREFIX + "/stats", Set.of("GET")),
      Map.entry("/metrics", Set.of("GET")));

  private final String name;
  private final byte[] tokenDigest;
  private final SignedLinks links;
  private final Supplier<Services> services;
  private final Supplier<Map<String, String>> components;
  private final Metrics metrics;
  private final StaticFiles webUi = new StaticFiles("io/graphdrive/webui/");
  private final Semaphore meaningSearches = new Semaphore(MEANING_SEARCHES);

  /**
   * Serves the API of server {@code name}; {@code services} is null until everything has started and
   * {@code components} tells health how far starting got.
   */
  Api(String name, String token, Supplier<Services> services, Supplier<Map<String, String>> components,
      Metrics metrics) {
    this.name = name;
    this.tokenDigest = sha256(token);
    this.links = new SignedLinks(token);
    this.services = services;
    this.components = components;
    this.metrics = metrics;
  }

  /** Answers one request. */
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long started = System.nanoTime();
    Exchange ex = new Exchange(request, response);
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    try {
      route(ex, method, path);
    } catch (ApiError e) {
      sendError(ex, e.status(), e.getMessage(), e.detail());
    } catch (IllegalArgumentException e) {
      sendError(ex, 400, "bad request", e.getMessage());
    } catch (Exception e) {
      LOG.error("{} {} failed", method, path, e);
      sendError(ex, 500, "internal error", e.getClass().getSimpleName());
    }
    metrics.increment("graphdrive_http_requests_total",
        "method=\"" + method + "\",status=\"" + ex.status() + "\"");
    if (!path.equals("/api/v1/health")) {
      // Health is polled every fraction of a second while starting; it would drown the useful lines.
      System.out.printf("%s %s %s %d %dms%n", Instant.now(), method, path, ex.status(),
          (System.nanoTime() - started) / 1_000_000);
    }
    callback.succeeded();
    return true;
  }

  private static void sendError(Exchange ex, int status, String error, String detail) {
    if (ex.response().isCommitted()) {
      // Headers already went out (a broken content stream); all that is left is to end it.
      return;
    }
    if (ex.hasBody()) {
      // The body may be partly unread (refused before it was needed); a client must not send its next request after it.
      ex.response().getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    try {
      ex.error(status, error, detail);
    } catch (IOException e) {
      LOG.debug("could not send error: {}", e.toString());
    }
  }

  private void route(Exchange ex, String method, String path) throws Exception {
    Set<String> methods = ROUTES.get(path);
    if (methods == null) {
      if (path.startsWith("/api/")) {
        throw new ApiError(404, "not found", "no such API call: " + path);
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        throw new ApiError(405, "method not allowed", "only GET here");
      }
      webUi.serve(ex, path);
      return;
    }
    if (!methods.contains(method)) {
      ex.response().getHeaders().put(HttpHeader.ALLOW, String.join(", ", methods));
      throw new ApiError(405, "method not allowed", method + " is not allowed on " + path);
    }
    if (path.equals(PREFIX + "/health")) {
      health(ex);
      return;
    }
    if (method.equals("GET") && path.equals(PREFIX + "/files/content") && ex.param("sig") != null) {
      // A signed link stands in for the token on this one call, for the one path it was made for.
      links.verify(ex.path("path"), ex.param("expires"), ex.param("sig"), System.currentTimeMillis());
    } else {
      authorize(ex);
    }
    Services s = services.get();
    if (s == null) {
      throw new ApiError(503, "starting", "the server is not ready yet");
    }
    switch (method + " " + path.substring(path.equals("/metrics") ? 0 : PREFIX.length())) {
      case "POST /events" -> events(ex, s);
      case "GET /files" -> fileInfo(ex, s);
      case "DELETE /files" -> deleteFile(ex, s);
      case "GET /files/content" -> content(ex, s);
      case "PUT /files/content" -> s.writes().upload(ex, s);
      case "POST /files/move" -> s.writes().move(ex, s);
      case "POST /files/link" -> link(ex, s);
      case "GET /files/preview" -> s.previews().answer(ex, s);
      case "GET /overview" -> s.overview().answer(ex);
      case "GET /changes" -> Changes.answer(ex, s.graph());
      case "POST /files/tags" -> editTags(ex, s);
      case "GET /search" -> search(ex, s);
      case "GET /tags" -> tags(ex, s);
      case "GET /graph" -> graph(ex, s);
      case "GET /vocabulary" -> getVocabulary(ex, s);
      case "PUT /vocabulary" -> putVocabulary(ex, s);
      case "POST /retag" -> ex.json(202, Map.of("status", s.dispatcher().retag(retagStatus(ex)) ? "started" : "running"));
      case "POST /fsck" -> ex.json(202, Map.of("status", s.reconciler().start() ? "started" : "running", "server", name));
      case "GET /stats" -> ex.json(200, stats(s));
      case "GET /metrics" -> ex.send(200, "text/plain; version=0.0.4; charset=utf-8",
          metrics.render(gauges(s)).getBytes(StandardCharsets.UTF_8));
      default -> throw new IllegalStateException("unrouted " + method + " " + path);
    }
  }

  private void authorize(Exchange ex) {
    String header = ex.header(HttpHeader.AUTHORIZATION);
    String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
    // Comparing digests keeps the time independent of where the strings differ and of their lengths.
    if (!MessageDigest.isEqual(sha256(given), tokenDigest)) {
      ex.response().getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      throw new ApiError(401, "unauthorized", header == null
          ? "send 'Authorization: Bearer <token>' (the token is in <data>/api-token)"
          : "the token is wrong");
    }
  }

  private void health(Exchange ex) throws IOException {
    Map<String, String> parts = new LinkedHashMap<>(components.get());
    Services s = services.get();
    if (s != null) {
      parts.put("neo4j", s.graph().ping() ? "ok" : "unreachable");
      parts.put("workers", s.pool().workers() > 0 ? "ok" : "none");
    }
    boolean ok = s != null && parts.values().stream().allMatch("ok"::equals);
    if (s != null) {
      // Optional parts: everything else works without them, so they are reported but never make the server unhealthy.
      parts.putAll(s.pool().optionalParts());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ok ? "ok" : "unavailable");
    body.put("server", name);
    body.put("components", parts);
    ex.json(ok ? 200 : 503, body);
  }

  /**
   * Answers {@code POST /events}: one event object, answered 202 {@code {"path","status"}} or with its error; or an
   * array of up to {@link #MAX_EVENTS}, recorded in one transaction and answered 202 {@code {"results":[...]}}, one
   * {@code {"path","status"}} or {@code {"path","code","error","detail"}} per event, in order.
   */
  private void events(Exchange ex, Services s) throws IOException {
    JsonNode body;
    try {
      body = Json.mapper().readTree(ex.body());
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "bad event", "not valid JSON: " + e.getOriginalMessage());
    }
    if (body != null && body.isObject()) {
      Event event = event(body);
      count(event);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("path", event.path());
      answer.put("status", s.intake().record(event));
      ex.json(202, answer);
      return;
    }
    if (body == null || !body.isArray() || body.isEmpty()) {
      throw new ApiError(400, "bad event", "the body must be an event like {\"type\":\"CREATED\",\"path\":\"/a.txt\"} "
          + "or a non-empty array of them");
    }
    if (body.size() > MAX_EVENTS) {
      throw new ApiError(413, "too many events", "a batch holds at most " + MAX_EVENTS + " events");
    }
    List<Object> results = new ArrayList<>();
    List<Event> valid = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (JsonNode node : body) {
      try {
        Event event = event(node);
        count(event);
        at.add(results.size());
        valid.add(event);
        results.add(null);
      } catch (ApiError e) {
        results.add(refusal(node.path("path").asText(null), e));
      }
    }
    // A request of a few events is a person's doing (a file saved or dropped); an import or a journal's backlog
    // comes in larger ones, and waits behind it for the workers.
    Dispatcher.Priority priority =
        valid.size() <= INTERACTIVE_EVENTS ? Dispatcher.Priority.INTERACTIVE : Dispatcher.Priority.BULK;
    List<EventIntake.Outcome> outcomes = valid.isEmpty() ? List.of() : s.intake().record(valid, priority);
    for (int i = 0; i < outcomes.size(); i++) {
      EventIntake.Outcome o = outcomes.get(i);
      results.set(at.get(i), o.refused() != null ? refusal(o.path(), o.refused()) : Map.of("path", o.path(), "status", o.status()));
    }
    ex.json(202, Map.of("results", results));
  }

  /** Reads and validates one event of a request body. */
  private static Event event(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ApiError(400, "bad event", "an event is a JSON object like {\"type\":\"CREATED\",\"path\":\"/a.txt\"}");
    }
    try {
      return Json.mapper().treeToValue(node, Event.class).validated();
    } catch (InvalidFormatException e) {
      throw new ApiError(400, "bad event", "unknown value " + e.getValue()
          + " (type is one of CREATED, MODIFIED, DELETED, MOVED)");
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "bad event", "not a valid event: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "bad event", e.getMessage());
    }
  }

  private void count(Event event) {
    metrics.increment("graphdrive_events_total", "type=\"" + event.type() + "\"");
  }

  /** The answer for one refused event of a batch; counted, since a client sets it aside. */
  private Map<String, Object> refusal(String path, ApiError e) {
    metrics.increment("graphdrive_events_refused_total", "");
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("path", path);
    r.put("code", e.status());
    r.put("error", e.getMessage());
    r.put("detail", e.detail());
    return r;
  }

  private void fileInfo(Exchange ex, Services s) throws IOException {
    String path = ex.path("path");
    ex.json(200, s.graph().file(path).orElseThrow(() -> notFound(path)));
  }

  private void deleteFile(Exchange ex, Services s) throws IOException {
    String path = ex.path("path");
    if (path.equals("/")) {
      throw new ApiError(400, "bad request", "the drive root cannot be deleted");
    }
    boolean stored = s.storage().delete(path, true);
    boolean known = s.graph().delete(path);
    if (!stored && !known) {
      throw notFound(path);
    }
    ex.empty(204);
  }

  private void content(Exchange ex, Services s) throws IOException {
    String path = ex.path("path");
    FileStat stat = s.storage().stat(path).filter(st -> !st.directory()).orElseThrow(() -> notFound(path));
    long size = stat.size();
    long first = 0;
    long last = size - 1;
    int status = 200;
    String range = ex.header(HttpHeader.RANGE);
    Matcher m = range == null ? null : RANGE.matcher(range.strip());
    // Anything but one byte range (several ranges, other units) is answered with the whole file.
    if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
      if (m.group(1).isEmpty()) {
        first = Math.max(0, size - parseLong(m.group(2)));
      } else {
        first = parseLong(m.group(1));
        last = m.group(2).isEmpty() ? size - 1 : Math.min(parseLong(m.group(2)), size - 1);
      }
      if (first >= size || first > last) {
        ex.response().getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
        throw new ApiError(416, "range not satisfiable", "the file has " + size + " bytes");
      }
      status = 206;
      ex.response().getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes " + first + "-" + last + "/" + size);
    }
    String mime = s.graph().file(path).map(f -> (String) f.get("mime")).orElse(null);
    ex.response().getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
    ex.response().getHeaders().put("X-Content-Type-Options", "nosniff");
    ex.response().getHeaders().put("Content-Security-Policy", "sandbox");
    if ("1".equals(ex.param("download"))) {
      ex.response().getHeaders().put(HttpHeader.CONTENT_DISPOSITION, ContentDisposition.attachment(DrivePath.name(path)));
    }
    long length = size == 0 ? 0 : last - first + 1;
    try (InputStream in = s.storage().openRead(path, first)) {
      ex.start(status, mime != null ? mime : StaticFiles.contentType(path), length);
      try (OutputStream out = ex.output()) {
        copy(in, out, length);
      }
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw notFound(path);
    }
  }

  /** Answers a signed download link for a stored file. */
  private void link(Exchange ex, Services s) throws IOException {
    String path = ex.path("path");
    s.storage().stat(path).filter(st -> !st.directory()).orElseThrow(() -> notFound(path));
    long expires = System.currentTimeMillis() + SignedLinks.VALID_MILLIS;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("url", links.url(path, expires));
    body.put("expires", expires);
    ex.json(200, body);
  }

  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[65536];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("file ended early");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static long parseLong(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new ApiError(416, "range not satisfiable", "range bound too large");
    }
  }

  private void editTags(Exchange ex, Services s) throws IOException {
    String path = ex.path("path");
    JsonNode body;
    try {
      body = Json.mapper().readTree(ex.body());
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "bad request", "not valid JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) {
      throw new ApiError(400, "bad request", "the body must be a JSON object like {\"add\":[\"x\"],\"remove\":[\"y\"]}");
    }
    List<String> add = tagNames(body.get("add"), "add");
    List<String> remove = tagNames(body.get("remove"), "remove");
    if (!s.graph().editTags(path, add, remove)) {
      throw notFound(path);
    }
    ex.json(200, s.graph().file(path).orElseThrow(() -> notFound(path)));
  }

  private static List<String> tagNames(JsonNode node, String field) {
    List<String> names = new ArrayList<>();
    if (node == null || node.isNull()) {
      return names;
    }
    if (!node.isArray()) {
      throw new ApiError(400, "bad request", "'" + field + "' must be a list of tag names");
    }
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw new ApiError(400, "bad request", "'" + field + "' must hold only strings");
      }
      names.add(Tag.normalizeName(item.asText()));
    }
    return names.stream().distinct().toList();
  }

  /**
   * Answers {@code GET /tags?offset=&limit=} with a page of the tags, most used first: {@code {"tags","total","more"}};
   * {@code limit} is 1,000 unless given, at most {@link #MAX_TAGS_PAGE}.
   */
  private static void tags(Exchange ex, Services s) throws IOException {
    int offset = ex.intParam("offset", 0, 0, Integer.MAX_VALUE);
    int limit = ex.intParam("limit", 1000, 1, MAX_TAGS_PAGE);
    List<Map<String, Object>> page = s.graph().tags(offset, limit);
    long total = s.graph().tagCount();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tags", page);
    body.put("total", total);
    body.put("more", offset + page.size() < total);
    ex.json(200, body);
  }

  private void search(Exchange ex, Services s) throws IOException, InterruptedException {
    String tag = ex.param("tag");
    String name = ex.param("name");
    String text = ex.param("text");
    String q = ex.param("q");
    int ways = (name != null ? 1 : 0) + (text != null ? 1 : 0) + (q != null ? 1 : 0);
    if (ways > 1 || (ways == 0 && tag == null)) {
      throw new ApiError(400, "bad request", "give one of tag, name, text or q (tag may also filter text)");
    }
    if (tag != null && (name != null || q != null)) {
      throw new ApiError(400, "bad request", "tag filters only a text search; give name or q alone");
    }
    int limit = ex.intParam("limit", 20, 1, 200);
    double minScore = scoreParam(ex, "minScore");
    if (minScore > 0 && tag == null) {
      throw new ApiError(400, "bad request", "minScore filters a tag; give tag too");
    }
    String cleanTag = tag == null ? null : Tag.normalizeName(tag);
    List<Map<String, Object>> files;
    if (text != null) {
      files = searchText(s, text, cleanTag, minScore, limit);
    } else if (tag != null) {
      files = s.graph().searchByTag(cleanTag, minScore, limit);
    } else if (name != null) {
      files = s.graph().searchByName(name, limit);
    } else {
      // The query's language picks the text space (English or Chinese files); the image space is searched too.
      // Embedding a query runs the models in this JVM: a few at a time, so that a flood of searches cannot take
      // every core from tagging and the rest of the API.
      if (!meaningSearches.tryAcquire(MEANING_WAIT_SECONDS, TimeUnit.SECONDS)) {
        ex.response().getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        throw new ApiError(503, "busy", "too many searches by meaning at once; try again in a moment");
      }
      try {
        files = s.graph().searchByMeaning(Graph.space(TaggingPool.language(q)), s.pool().embedQuery(q),
            s.pool().embedImageQuery(q).orElse(null), limit);
      } finally {
        meaningSearches.release();
      }
    }
    ex.json(200, Map.of("files", files));
  }

  /** Reads a score bar in [0, 1]; 0 when absent. */
  private static double scoreParam(Exchange ex, String name) {
    String raw = ex.param(name);
    if (raw == null) {
      return 0;
    }
    try {
      double v = Double.parseDouble(raw);
      if (v >= 0 && v <= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiError(400, "bad request", "'" + name + "' must be a number from 0 to 1");
  }

  private static List<Map<String, Object>> searchText(
      Services s, String text, String tag, double minScore, int limit) {
    List<String> words = FullText.words(text);
    if (words.isEmpty()) {
      throw new ApiError(400, "bad request", "the text has no words to search for");
    }
    List<Map<String, Object>> files = new ArrayList<>();
    for (Map<String, Object> hit : s.graph().searchByText(FullText.luceneQuery(words), tag, minScore, limit)) {
      Map<String, Object> file = new LinkedHashMap<>(hit);
      file.remove("text");
      file.putAll(FullText.snippet((String) hit.get("text"), words));
      files.add(file);
    }
    return files;
  }

  private void graph(Exchange ex, Services s) throws IOException {
    String path = ex.param("path");
    String tag = ex.param("tag");
    if ((path == null) == (tag == null)) {
      throw new ApiError(400, "bad request", "give exactly one of path or tag");
    }
    int depth = ex.intParam("depth", 1, 1, 3);
    String cleanPath = path == null ? null : DrivePath.normalize(path);
    String cleanTag = tag == null ? null : Tag.normalizeName(tag);
    ex.json(200, s.graph().neighbourhood(cleanPath, cleanTag, depth, 2000)
        .orElseThrow(() -> new ApiError(404, "not found", "no " + (path != null ? "file or directory " + cleanPath
            : "tag " + cleanTag))));
  }

  private static void getVocabulary(Exchange ex, Services s) throws IOException {
    String text = s.graph().sharedVocabulary().map(v -> (String) v.get("text"))
        .orElseThrow(() -> new ApiError(404, "not found", "there is no vocabulary yet"));
    ex.send(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  private static void putVocabulary(Exchange ex, Services s) throws IOException {
    String text = ex.body();
    String fingerprint;
    try {
      fingerprint = TaggingPool.fingerprint(text);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "bad vocabulary", e.getMessage());
    }
    // The graph's copy is the one every server follows; the local file is the default of a fresh graph.
    s.graph().shareVocabulary(text, fingerprint, true);
    Path target = s.vocabulary();
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".vocabulary", ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    s.tagSpace().sync();
    ex.json(200, Map.of("status", "replaced", "fingerprint", fingerprint));
  }

  /** Returns {@code status} of POST /retag: null (every file) or one of FAILED, TAGGED, PENDING. */
  private static String retagStatus(Exchange ex) {
    String status = ex.param("status");
    if (status != null && !List.of("FAILED", "TAGGED", "PENDING").contains(status)) {
      throw new ApiError(400, "bad request", "'status' must be FAILED, TAGGED or PENDING (or absent for every file)");
    }
    return status;
  }

  private Map<String, Object> stats(Services s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("server", name);
    body.put("files", s.graph().statusCounts());
    body.put("queue", Map.of("depth", s.dispatcher().queueDepth(), "inFlight", s.dispatcher().inFlight()));
    body.put("workers", Map.of("count", s.pool().workers(), "busy", s.pool().inFlight()));
    body.put("retag", s.dispatcher().retagProgress());
    body.put("failed", s.graph().failed(FAILED_SHOWN));
    body.put("fsck", s.reconciler().progress());
    body.put("tagSpace", s.tagSpace().state());
    return body;
  }

  private static Map<String, Number> gauges(Services s) {
    Map<String, Number> gauges = new LinkedHashMap<>();
    gauges.put("graphdrive_queue_depth", s.dispatcher().queueDepth());
    gauges.put("graphdrive_tagging_in_flight", s.dispatcher().inFlight());
    gauges.put("graphdrive_workers", s.pool().workers());
    s.graph().statusCounts().forEach((status, n) ->
        gauges.put("graphdrive_files{status=\"" + status.toLowerCase(Locale.ROOT) + "\"}", n));
    return gauges;
  }

  /** Returns the 404 answer for a path where no file is. */
  static ApiError notFound(String path) {
    return new ApiError(404, "not found", "no file at " + path);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
