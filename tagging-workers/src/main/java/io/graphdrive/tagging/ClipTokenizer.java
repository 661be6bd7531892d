package io.graphdrive.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphdrive.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer, read from a Hugging Face {@code tokenizer.json} (the vocabulary and
 * merges of its BPE model): text is whitespace-collapsed and lower-cased, split into words, numbers
 * and punctuation, each piece's UTF-8 bytes spelt as printable characters with {@code </w>} on the
 * last, merged by rank, then framed by start and end tokens and padded or truncated to 77 ids.
 */
final class ClipTokenizer {
  /** Ids per text, the start and end tokens included (CLIP's context length). */
  static final int LENGTH = 77;

  static final String START = "<|startoftext|>";
  static final String END = "<|endoftext|>";
  private static final String WORD_END = "</w>";
  // CLIP's split: special tokens, English contractions, runs of letters, single digits, runs of other symbols.
  private static final Pattern PIECES = Pattern.compile(
      "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+");
  private static final String[] BYTE_CHARS = byteChars();

  private final Map<String, Integer> vocab;
  private final Map<String, Integer> ranks;
  private final int startId;
  private final int endId;
  private final Map<String, int[]> cache = new ConcurrentHashMap<>();

  private ClipTokenizer(Map<String, Integer> vocab, Map<String, Integer> ranks, int startId, int endId) {
    this.vocab = vocab;
    this.ranks = ranks;
    this.startId = startId;
    this.endId = endId;
  }

  /** Reads a tokenizer.json; throws IOException when it is not a BPE tokenizer with CLIP's special tokens. */
  static ClipTokenizer load(InputStream json) throws IOException {
    JsonNode root = Json.mapper().readTree(json);
    JsonNode model = root.path("model");
    if (!model.path("vocab").isObject() || !model.path("merges").isArray()) {
      throw new IOException("tokenizer.json has no BPE vocabulary and merges");
    }
    Map<String, Integer> vocab = new HashMap<>();
    model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
    for (JsonNode t : root.path("added_tokens")) {
      vocab.putIfAbsent(t.path("content").asText(), t.path("id").asInt());
    }
    Map<String, Integer> ranks = new HashMap<>();
    for (JsonNode m : model.path("merges")) {
      // Older files spell a merge "a b", newer ones ["a", "b"].
      String pair = m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText();
      ranks.putIfAbsent(pair, ranks.size());
    }
    Integer start = vocab.get(START);
    Integer end = vocab.get(END);
    if (start == null || end == null) {
      throw new IOException("tokenizer.json lacks " + START + " or " + END);
    }
    return new ClipTokenizer(vocab, ranks, start, end);
  }

  /** Returns the 77 ids of a text: start, the text's tokens (truncated), end, then end tokens as padding. */
  long[] encode(String text) {
    List<Integer> tokens = tokens(text);
    long[] ids = new long[LENGTH];
    Arrays.fill(ids, endId);
    ids[0] = startId;
    int n = Math.min(tokens.size(), LENGTH - 2);
    for (int i = 0; i < n; i++) {
      ids[i + 1] = tokens.get(i);
    }
    return ids;
  }

  /** Returns the BPE token ids of a text, without start, end or padding. */
  List<Integer> tokens(String text) {
    String clean = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    List<Integer> ids = new ArrayList<>();
    Matcher m = PIECES.matcher(clean);
    while (m.find()) {
      for (int id : cache.computeIfAbsent(m.group(), this::bpe)) {
        ids.add(id);
      }
    }
    return ids;
  }

  private int[] bpe(String piece) {
    if (piece.equals(START) || piece.equals(END)) {
      return new int[] {vocab.get(piece)};
    }
    byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
    List<String> symbols = new ArrayList<>(bytes.length);
    for (byte b : bytes) {
      symbols.add(BYTE_CHARS[b & 0xff]);
    }
    symbols.set(symbols.size() - 1, symbols.get(symbols.size() - 1) + WORD_END);
    while (symbols.size() > 1) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < symbols.size(); i++) {
        Integer rank = ranks.get(symbols.get(i) + " " + symbols.get(i + 1));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      String first = symbols.get(best);
      String second = symbols.get(best + 1);
      List<String> merged = new ArrayList<>(symbols.size());
      for (int i = 0; i < symbols.size(); i++) {
        if (i + 1 < symbols.size() && symbols.get(i).equals(first) && symbols.get(i + 1).equals(second)) {
          merged.add(first + second);
          i++;
        } else {
          merged.add(symbols.get(i));
        }
      }
      symbols = merged;
    }
    // CLIP's vocabulary holds every byte, alone and word-final, so a symbol is only missing from a
    // partial vocabulary; it is left out rather than guessed.
    return symbols.stream().map(vocab::get).filter(id -> id != null).mapToInt(Integer::intValue).toArray();
  }

  /** Returns the id of a token in the vocabulary, or -1. */
  int id(String token) {
    return vocab.getOrDefault(token, -1);
  }

  /** Returns the id of the end token, which also pads. */
  int endId() {
    return endId;
  }

  /** Returns GPT-2's printable stand-in for each byte: printable Latin-1 bytes stand for themselves, the rest map above 255. */
  private static String[] byteChars() {
    String[] chars = new String[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      chars[b] = new String(Character.toChars(printable ? b : next++));
    }
    return chars;
  }
}
