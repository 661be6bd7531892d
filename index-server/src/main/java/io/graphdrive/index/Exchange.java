package io.graphdrive.index;

import io.graphdrive.common.DrivePath;
import io.graphdrive.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/** One HTTP request and its response, with the small helpers every endpoint needs; answers block. */
final class Exchange {
  /** The largest request body accepted. */
  static final int MAX_BODY = 1 << 20;
  // A larger body is still read (up to this much) so that the client gets the 413 instead of a reset.
  private static final long MAX_DRAIN = 64L << 20;

  private final Request request;
  private final Response response;
  private final Fields query;
  private int status = 200;

  /** Wraps the request and response. */
  Exchange(Request request, Response response) {
    this.request = request;
    this.response = response;
    this.query = Request.extractQueryParameters(request);
  }

  /** Returns the response. */
  Response response() {
    return response;
  }

  /** Returns the status sent (or about to be sent). */
  int status() {
    return status;
  }

  /** Returns a query parameter, or null if absent or empty. */
  String param(String name) {
    String value = query.getValue(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** Returns a drive path parameter in normal form; 400 when it is missing or malformed. */
  String path(String name) {
    String path = param(name);
    if (path == null) {
      throw new ApiError(400, "bad request", "the query parameter '" + name + "' is missing");
    }
    return DrivePath.normalize(path);
  }

  /** Returns a whole-number parameter in [min, max], or {@code fallback} when absent; 400 otherwise. */
  int intParam(String name, int fallback, int min, int max) {
    String raw = param(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new ApiError(400, "bad request", "'" + name + "' must be a whole number from " + min + " to " + max);
  }

  /** Returns a request header, or null. */
  String header(HttpHeader name) {
    return request.getHeaders().get(name);
  }

  /** Reads the whole body as UTF-8; 413 when it is over {@link #MAX_BODY} bytes. */
  String body() throws IOException {
    long declared = request.getLength();
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declared > MAX_BODY) {
        drain(in);
        throw tooLarge();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_BODY) {
          drain(in);
          throw tooLarge();
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** Returns the request body as a stream, for bodies too large to hold. */
  InputStream bodyStream() {
    return Content.Source.asInputStream(request);
  }

  /** Returns whether the request carries a body (a length above 0, or chunks). */
  boolean hasBody() {
    String length = header(HttpHeader.CONTENT_LENGTH);
    return header(HttpHeader.TRANSFER_ENCODING) != null || length != null && !length.strip().equals("0");
  }

  /** Returns the declared body length, or -1 when the body is chunked. */
  long declaredLength() {
    return request.getLength();
  }

  /**
   * Reads and drops what is left of a body the server refuses (up to a bound), so that the client reads the
   * answer instead of a reset; a client waiting on {@code Expect: 100-continue} sent no body and is not waited on.
   */
  void discardBody() throws IOException {
    if ("100-continue".equalsIgnoreCase(header(HttpHeader.EXPECT))) {
      return;
    }
    try (InputStream in = bodyStream()) {
      drain(in);
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[65536];
    long total = 0;
    for (int n; total < MAX_DRAIN && (n = in.read(buffer)) >= 0; ) {
      total += n;
    }
  }

  private static ApiError tooLarge() {
    return new ApiError(413, "request body too large", "the limit is " + MAX_BODY + " bytes");
  }

  /** Sends a JSON answer. */
  void json(int status, Object body) throws IOException {
    send(status, "application/json", Json.mapper().writeValueAsBytes(body));
  }

  /** Sends a JSON error answer {@code {"error","detail"}}. */
  void error(int status, String error, String detail) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("detail", detail);
    json(status, body);
  }

  /** Sends an answer with the given content type and bytes. */
  void send(int status, String contentType, byte[] bytes) throws IOException {
    start(status, contentType, bytes.length);
    try (OutputStream out = output()) {
      out.write(bytes);
    }
  }

  /** Sends an answer with no body. */
  void empty(int status) throws IOException {
    start(status, null, 0);
    output().close();
  }

  /** Sets status and headers; a negative length leaves it unset. */
  void start(int status, String contentType, long length) {
    this.status = status;
    response.setStatus(status);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    if (length >= 0) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
    }
  }

  /** Returns a blocking stream over the response body; closing it ends the response. */
  OutputStream output() {
    return Content.Sink.asOutputStream(response);
  }
}
