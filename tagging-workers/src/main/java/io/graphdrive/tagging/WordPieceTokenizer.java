package io.graphdrive.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The BERT WordPiece tokenizer of a Hugging Face {@code tokenizer.json}: clean text, pad CJK
 * ideographs, lower-case and strip accents when the file's normaliser says so (all-MiniLM does,
 * bge-small-zh does not), split on white space and punctuation, then greedy longest-match word pieces
 * with the {@code ##} prefix.
 */
final class WordPieceTokenizer {
  private static final int MAX_WORD_CHARS = 100;

  private final Map<String, Integer> vocab;
  private final String[] pieces;
  private final boolean lowercase;
  private final boolean stripAccents;
  private final int unkId;
  private final int clsId;
  private final int sepId;

  private WordPieceTokenizer(Map<String, Integer> vocab, boolean lowercase, boolean stripAccents) {
    this.vocab = vocab;
    this.pieces = new String[vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
    vocab.forEach((piece, id) -> pieces[id] = piece);
    this.lowercase = lowercase;
    this.stripAccents = stripAccents;
    this.unkId = id(vocab, "[UNK]");
    this.clsId = id(vocab, "[CLS]");
    this.sepId = id(vocab, "[SEP]");
  }

  /** Reads the WordPiece vocabulary of a {@code tokenizer.json}. */
  static WordPieceTokenizer load(InputStream tokenizerJson) throws IOException {
    JsonNode root = Json.mapper().readTree(tokenizerJson);
    JsonNode vocabNode = root.path("model").path("vocab");
    if (!vocabNode.isObject() || vocabNode.isEmpty()) {
      throw new IOException("tokenizer.json has no WordPiece vocabulary");
    }
    Map<String, Integer> vocab = new HashMap<>(vocabNode.size() * 2);
    for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      vocab.put(e.getKey(), e.getValue().asInt());
    }
    JsonNode normalizer = root.path("normalizer");
    boolean lowercase = normalizer.path("lowercase").asBoolean(true);
    // As in Hugging Face's BertNormalizer: accents are stripped when asked, or by default when lower-casing.
    JsonNode strip = normalizer.path("strip_accents");
    boolean stripAccents = strip.isBoolean() ? strip.asBoolean() : lowercase;
    return new WordPieceTokenizer(vocab, lowercase, stripAccents);
  }

  private static int id(Map<String, Integer> vocab, String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new IllegalStateException("tokenizer vocabulary lacks " + token);
    }
    return id;
  }

  /** Returns the id of the classification token that starts every sequence. */
  int clsId() {
    return clsId;
  }

  /** Returns the id of the separator token that ends every sequence. */
  int sepId() {
    return sepId;
  }

  /** Returns the text of a word piece, with the {@code ##} that marks one continuing a word. */
  String piece(int id) {
    return pieces[id];
  }

  /** Returns the id of the piece that stands for an unknown word. */
  int unkId() {
    return unkId;
  }

  /** Returns the word-piece ids of a text, without special tokens. */
  int[] encode(String text) {
    List<Integer> ids = new ArrayList<>();
    for (String word : words(normalize(text))) {
      pieces(word, ids);
    }
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(i);
    }
    return out;
  }

  private String normalize(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
              }
              if (isWhitespace(cp)) {
                sb.append(' ');
              } else if (isCjk(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
              } else {
                sb.appendCodePoint(cp);
              }
            });
    String cased = lowercase ? sb.toString().toLowerCase(Locale.ROOT) : sb.toString();
    if (!stripAccents) {
      return cased;
    }
    String decomposed = Normalizer.normalize(cased, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    decomposed
        .codePoints()
        .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (isWhitespace(cp)) {
                flush(current, words);
              } else if (isPunctuation(cp)) {
                flush(current, words);
                words.add(new String(Character.toChars(cp)));
              } else {
                current.appendCodePoint(cp);
              }
            });
    flush(current, words);
    return words;
  }

  private static void flush(StringBuilder current, List<String> words) {
    if (current.length() > 0) {
      words.add(current.toString());
      current.setLength(0);
    }
  }

  private void pieces(String word, List<Integer> out) {
    if (word.codePointCount(0, word.length()) > MAX_WORD_CHARS) {
      out.add(unkId);
      return;
    }
    int mark = out.size();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (start < end) {
        String piece = start == 0 ? word.substring(0, end) : "##" + word.substring(start, end);
        found = vocab.get(piece);
        if (found != null) {
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (found == null) {
        out.subList(mark, out.size()).clear();
        out.add(unkId);
        return;
      }
      out.add(found);
      start = end;
    }
  }

  private static boolean isWhitespace(int cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
  }

  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT;
  }

  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
        return true;
      default:
        return false;
    }
  }

  private static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
