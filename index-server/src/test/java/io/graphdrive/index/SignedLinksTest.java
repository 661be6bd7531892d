package io.graphdrive.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Signed download links and the attachment header, without a server. */
class SignedLinksTest {
  @Test
  void aLinkOpensOnlyItsOwnPathUntilItExpires() {
    SignedLinks links = new SignedLinks("token");
    String url = links.url("/a b/c.txt", 1000);
    assertEquals("/api/v1/files/content?path=%2Fa%20b%2Fc.txt&expires=1000&sig=", url.substring(0, url.indexOf("sig=") + 4));
    String sig = url.replaceAll(".*sig=([0-9a-f]{64}).*", "$1");
    links.verify("/a b/c.txt", "1000", sig, 999);
    assertEquals("link expired", assertThrows(ApiError.class, () -> links.verify("/a b/c.txt", "1000", sig, 1001)).getMessage());
    for (String[] bad : new String[][] {{"/a b/d.txt", "1000", sig}, {"/a b/c.txt", "2000", sig},
        {"/a b/c.txt", "x", sig}, {"/a b/c.txt", null, sig}, {"/a b/c.txt", "1000", "zz"}, {"/a b/c.txt", "1000", ""}}) {
      assertEquals(403, assertThrows(ApiError.class, () -> links.verify(bad[0], bad[1], bad[2], 0)).status());
    }
    assertEquals(403, assertThrows(ApiError.class, () -> new SignedLinks("other").verify("/a b/c.txt", "1000", sig, 0))
        .status());
  }

  @Test
  void attachmentNamesAreSafeInTheHeader() {
    assertEquals("attachment; filename=\"plain.txt\"; filename*=UTF-8''plain.txt", ContentDisposition.attachment("plain.txt"));
    assertEquals("attachment; filename=\"a_b_ _c; __ 100_.txt\"; filename*=UTF-8''a%22b%5C%20%0Ac%3B%20%C3%A9%E2%9C%93%20100%25.txt",
        ContentDisposition.attachment("a\"b\\ \nc; é✓ 100%.txt"));
  }
}
