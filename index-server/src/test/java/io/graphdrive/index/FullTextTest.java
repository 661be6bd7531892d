package io.graphdrive.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Query building and snippets of the full-text search. */
final class FullTextTest {
  @Test
  void wordsKeepOnlyLettersAndDigitsSoNoQuerySyntaxGetsThrough() {
    assertEquals(List.of("region", "based", "segmentation", "2", "9"), FullText.words("Region-based \"segmentation\"~2^9"));
    assertEquals(List.of("or", "1", "drop"), FullText.words("') OR 1=1; DROP --"));
    assertEquals(List.of("图像分割"), FullText.words("图像分割！"));
    assertEquals(List.of(), FullText.words("*?:\\/"));
    assertEquals(FullText.MAX_WORDS, FullText.words(wordsList(100)).size());
  }

  private static String wordsList(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(" w").append(i);
    }
    return sb.toString();
  }

  @Test
  void queryBoostsThePhraseAndAcceptsAnyWord() {
    assertEquals("\"total due\"^4 OR total OR due", FullText.luceneQuery(List.of("total", "due")));
    assertEquals("invoice", FullText.luceneQuery(List.of("invoice")));
    assertThrows(IllegalArgumentException.class, () -> FullText.luceneQuery(List.of()));
  }

  @Test
  void snippetCutsAroundTheFirstMatchAndMarksEveryWord() {
    String text = "alpha ".repeat(50) + "the Total Due is 360 EUR and the total is final " + "omega ".repeat(80);
    Map<String, Object> s = FullText.snippet(text, List.of("total", "due"));
    String snippet = (String) s.get("snippet");
    assertTrue(snippet.startsWith("…alpha") && snippet.endsWith("…"), snippet);
    assertTrue(snippet.length() <= FullText.SNIPPET_CHARS + 2, snippet);
    @SuppressWarnings("unchecked")
    List<int[]> marks = (List<int[]>) s.get("highlights");
    List<String> marked = marks.stream().map(m -> snippet.substring(m[0], m[1])).toList();
    assertEquals(List.of("Total", "Due", "total"), marked);
    assertEquals(Map.of(), FullText.snippet(null, List.of("x")));
    assertEquals("short text", FullText.snippet("short text", List.of("zzz")).get("snippet"));
  }
}
