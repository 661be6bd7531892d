package io.graphdrive.storage;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One connection to a Redis server speaking RESP2, enough to format a JuiceFS volume: plain commands, one at a time.
 * It reaches the server of a JuiceFS metadata URL: {@code unix:///path/redis.sock?db=N} or
 * {@code redis://[[user]:password@]host[:port][/db]} (no TLS).
 */
final class RedisConnection implements AutoCloseable {
  private final SocketChannel channel;
  private final InputStream in;
  private final OutputStream out;

  private RedisConnection(SocketChannel channel) {
    this.channel = channel;
    this.in = new BufferedInputStream(Channels.newInputStream(channel));
    this.out = Channels.newOutputStream(channel);
  }

  /** Connects to the server of a metadata URL, signs in with its password if it has one and selects its database. */
  static RedisConnection open(String metaUrl) throws IOException {
    URI uri = URI.create(metaUrl);
    String db;
    SocketChannel channel;
    if ("unix".equals(uri.getScheme())) {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      connect(channel, UnixDomainSocketAddress.of(Path.of(uri.getPath())), metaUrl);
      db = queryDb(uri.getQuery());
    } else {
      channel = SocketChannel.open();
      connect(channel, new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), metaUrl);
      String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
      db = path.isEmpty() ? "0" : path;
    }
    RedisConnection c = new RedisConnection(channel);
    try {
      String userInfo = uri.getRawUserInfo();
      if (userInfo != null && userInfo.contains(":")) {
        String user = userInfo.substring(0, userInfo.indexOf(':'));
        String password = URLDecoder.decode(userInfo.substring(userInfo.indexOf(':') + 1),
            StandardCharsets.UTF_8);
        if (user.isEmpty()) {
          c.call("AUTH", password);
        } else {
          c.call("AUTH", user, password);
        }
      }
      c.call("SELECT", db);
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static void connect(SocketChannel channel, SocketAddress address, String metaUrl)
      throws IOException {
    try {
      channel.connect(address);
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot reach the Redis server of " + MetaUrl.parse(metaUrl).redacted() + ": "
          + e.getMessage() + " (is redis-server running? `graphdrive up` starts the embedded one)", e);
    }
  }

  private static String queryDb(String query) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("db=")) {
          return pair.substring(3);
        }
      }
    }
    return "0";
  }

  /** Sends a command of string arguments; returns the reply (see {@link #call(byte[]...)}). */
  Object call(String... args) throws IOException {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return call(bytes);
  }

  /**
   * Sends a command; returns a status or bulk reply as bytes, an integer reply as a Long, or null for a nil.
   *
   * @throws IOException on an error reply, naming the command
   */
  Object call(byte[]... args) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] arg : args) {
      request.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(arg);
      request.writeBytes(new byte[] {'\r', '\n'});
    }
    out.write(request.toByteArray());
    out.flush();
    int type = in.read();
    String line = readLine();
    switch (type) {
      case '+':
        return line.getBytes(StandardCharsets.UTF_8);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] value = in.readNBytes(length);
        readLine();
        return value;
      }
      case '-':
        throw new IOException("Redis refused " + new String(args[0], StandardCharsets.UTF_8) + ": " + line);
      default:
        throw new IOException("unexpected Redis reply to " + new String(args[0], StandardCharsets.UTF_8));
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("the Redis server closed the connection");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
