package io.graphdrive.index;

import java.nio.charset.StandardCharsets;

/** Builds the Content-Disposition header that makes a browser save a file under its own name (RFC 6266). */
final class ContentDisposition {
  private ContentDisposition() {}

  /**
   * Returns {@code attachment; filename="ascii"; filename*=UTF-8''percent-encoded}: the quoted name keeps
   * only printable ASCII other than quote, backslash and percent (the rest become '_'), and the RFC 5987
   * form carries the exact name for browsers that read it.
   */
  static String attachment(String name) {
    StringBuilder ascii = new StringBuilder();
    name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%'
        ? (char) c : '_'));
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 0x80 || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
