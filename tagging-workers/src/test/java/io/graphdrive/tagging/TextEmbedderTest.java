package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks our tokenizer and ONNX pipeline against langchain4j's reference model. */
final class TextEmbedderTest {
  @Test
  void matchesTheReferenceImplementation() {
    List<String> texts =
        List.of(
            "Preheat the oven to 200 degrees and knead the dough for ten minutes.",
            "Quarterly revenue grew 12% while operating costs fell; the CFO's outlook is cautious.",
            "Café naïve résumé — «quotes», tabs\tand émigrés' hyphen-ated words (1999).",
            "東京 is a city; Straße, ÅNGSTRÖM, don't stop-believing!!!");
    AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
    TextEmbedder embedder = Models.embedder();
    for (String text : texts) {
      float[] ours = embedder.embedDocument(text);
      float[] theirs = reference.embed(text).content().vector();
      assertEquals(TextEmbedder.MINILM.dimensions(), ours.length);
      double cosine = Vectors.dot(ours, theirs);
      assertTrue(cosine > 0.999, "cosine " + cosine + " for " + text);
    }
  }

  @Test
  void chineseModelMatchesItsReferenceImplementation() {
    BgeSmallZhV15QuantizedEmbeddingModel reference = new BgeSmallZhV15QuantizedEmbeddingModel();
    TextEmbedder embedder = Models.embedder("zh");
    for (String text : List.of("图像分割是计算机视觉的基本任务。", "本合同由出租方与承租方签订，租期为两年。",
        "使用 Python 编写网络爬虫 (v2.0)！")) {
      float[] ours = embedder.embedDocument(text);
      assertEquals(TextEmbedder.BGE_SMALL_ZH.dimensions(), ours.length);
      double cosine = Vectors.dot(ours, reference.embed(text).content().vector());
      assertTrue(cosine > 0.999, "cosine " + cosine + " for " + text);
    }
  }

  @Test
  void measuredEnglishModelsMatchTheirReferenceImplementations() {
    String text = "Aligns DNA and protein sequences; a C++ library for genome databases.";
    try (TextEmbedder bge = TextEmbedder.load(VocabularyEvaluation.BGE_SMALL_EN);
        TextEmbedder e5 = TextEmbedder.load(VocabularyEvaluation.E5_SMALL)) {
      double bgeCosine = Vectors.dot(bge.embedDocument(text), new BgeSmallEnV15QuantizedEmbeddingModel().embed(text).content().vector());
      assertTrue(bgeCosine > 0.999, "bge cosine " + bgeCosine);
      // e5 sees its passage prefix before a file's text and its query prefix before a tag.
      E5SmallV2QuantizedEmbeddingModel reference = new E5SmallV2QuantizedEmbeddingModel();
      double passage = Vectors.dot(e5.embedDocument(text), reference.embed("passage: " + text).content().vector());
      double query = Vectors.dot(e5.embedEach(List.of("bioinformatics")).get(0), reference.embed("query: bioinformatics").content().vector());
      assertTrue(passage > 0.999 && query > 0.999, "e5 cosines " + passage + ", " + query);
    }
  }

  @Test
  void longTextsAreWindowedAndSampled() {
    String text = "The orchestra played a symphony by Mahler in the concert hall. ".repeat(2000);
    List<float[]> windows = Models.embedder().embedWindows(text);
    assertEquals(TextEmbedder.MAX_WINDOWS, windows.size());
    assertTrue(Models.embedder().embedWindows("  \n ").isEmpty());
  }

  @Test
  void wordStatesGivePhrasesAVectorInContext() {
    String text = "Our dogs learn tricks at the training school. A dog trainer rewards each dog with treats. "
        + "The weather was mild that day.";
    TextEmbedder embedder = Models.embedder();
    TextEmbedder.Passage passage = embedder.embedPassage(text);
    float[] document = Vectors.meanNormalized(passage.windows());
    assertTrue(Vectors.dot(document, embedder.embedDocument(text)) > 0.9999, "the same windows as embedWindows");
    WordStates words = passage.words();
    // Plural and singular are one word; a word not in the text has no state.
    assertTrue(Vectors.dot(words.phrase("dog"), words.phrase("dogs")) > 0.9999);
    assertNull(words.phrase("zebra"));
    assertTrue(Vectors.dot(words.phrase("dog trainer"), document) > Vectors.dot(words.phrase("weather"), document),
        "the text's topic lies closer to it than an aside");
  }

  @Test
  void rememberedPhraseVectorsAreTheModelsAndBounded() {
    List<String> phrases = List.of("sourdough starter", "lease agreement", "sourdough starter", "rent deposit");
    try (TextEmbedder embedder = TextEmbedder.load(TextEmbedder.MINILM); TextEmbedder fresh = TextEmbedder.load(TextEmbedder.MINILM)) {
      List<float[]> first = embedder.embedPhrases(phrases);
      assertEquals(new TextEmbedder.Reuse(1, 3), embedder.reuse(), "a phrase twice in one call is embedded once");
      List<float[]> second = embedder.embedPhrases(List.of("rent deposit", "oven", "lease agreement"));
      assertEquals(new TextEmbedder.Reuse(3, 4), embedder.reuse());
      assertSame(first.get(3), second.get(0));
      assertSame(first.get(0), first.get(2));
      // Each is the model's vector of the phrase alone, whatever was asked with it.
      assertArrayEquals(fresh.embedEach(List.of("sourdough starter")).get(0), first.get(0));
      assertArrayEquals(fresh.embedEach(List.of("lease agreement")).get(0), first.get(1));
      assertArrayEquals(fresh.embedEach(List.of("rent deposit")).get(0), second.get(0));
      List<String> many = new ArrayList<>();
      // Three of the four remembered go, the least recently used first: "sourdough starter", "rent deposit", "oven".
      for (int i = 0; i < TextEmbedder.REMEMBERED - 1; i++) {
        many.add("word" + i);
      }
      embedder.embedPhrases(many);
      TextEmbedder.Reuse full = embedder.reuse();
      embedder.embedPhrases(List.of("lease agreement", "sourdough starter"));
      assertEquals(new TextEmbedder.Reuse(full.found() + 1, full.embedded() + 1), embedder.reuse(),
          "the most recent texts stay, the least recently used went");
      embedder.forgetPhrases();
      embedder.embedPhrases(List.of("oven"));
      assertEquals(full.embedded() + 2, embedder.reuse().embedded(), "a forgotten phrase is embedded again");
    }
  }
}
