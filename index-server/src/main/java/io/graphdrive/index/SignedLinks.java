package io.graphdrive.index;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived download links for one path, signed with HMAC-SHA256 keyed by the API token, so that a
 * browser can fetch a file with a plain link that carries no token.
 */
final class SignedLinks {
  /** How long a link is valid. */
  static final long VALID_MILLIS = 5 * 60_000L;

  private final SecretKeySpec key;

  /** Signs with the API token, which every server of the drive shares. */
  SignedLinks(String token) {
    this.key = new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** Returns the content URL (relative to the server) for the normalized path, valid until {@code expires}. */
  String url(String path, long expires) {
    return "/api/v1/files/content?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20")
        + "&expires=" + expires + "&sig=" + sign(path, expires) + "&download=1";
  }

  /** Throws a 403 unless {@code sig} signs this path and expiry and the expiry is still ahead of {@code now}. */
  void verify(String path, String expires, String sig, long now) {
    long until;
    byte[] given;
    try {
      until = Long.parseLong(expires == null ? "" : expires);
      given = HexFormat.of().parseHex(sig);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    // Constant-time, so the time taken tells nothing about how much of a guess was right.
    if (!MessageDigest.isEqual(mac(path, until), given)) {
      throw invalid();
    }
    if (until < now) {
      throw new ApiError(403, "link expired", "this download link has expired; open the file again for a new one");
    }
  }

  /** Returns the signature of a path and expiry in hex. */
  private String sign(String path, long expires) {
    return HexFormat.of().formatHex(mac(path, expires));
  }

  /** Returns the HMAC-SHA256 of a path and expiry. */
  private byte[] mac(String path, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      // The newline cannot occur in a normalized path, so no two (path, expires) pairs sign the same text.
      return mac.doFinal((path + "\n" + expires).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the 403 for a link that was not made by a server of this drive for this file. */
  private static ApiError invalid() {
    return new ApiError(403, "bad link", "this download link is not valid for this file; open the file again for a new one");
  }
}
