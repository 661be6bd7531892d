package io.graphdrive.index;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import io.graphdrive.common.TaggingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Tagger standing in for the Ray pool in HTTP-layer tests: the first words of a text file are its
 * tags, and its embedding follows from its first word; a file starting with "FAIL" fails.
 */
final class WordTagger implements Tagger {
  private final DirectoryStore store;
  private final AtomicInteger reloads = new AtomicInteger();
  private final AtomicInteger busy = new AtomicInteger();

  /** Tags the files of the store. */
  WordTagger(DirectoryStore store) {
    this.store = store;
  }

  /** Returns how often the vocabulary was reloaded. */
  int reloads() {
    return reloads.get();
  }

  @Override
  public CompletableFuture<TaggingResult> tag(String path) {
    busy.incrementAndGet();
    return CompletableFuture.supplyAsync(() -> {
      try {
        byte[] bytes = Files.readAllBytes(store.resolve(path));
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.startsWith("FAIL")) {
          return TaggingResult.failed(path, "cannot read this file");
        }
        List<Tag> tags = new ArrayList<>();
        String[] words = text.split("\\s+");
        for (int i = 0; i < Math.min(3, words.length); i++) {
          tags.add(new Tag(words[i], 0.9 - 0.1 * i, TagSource.TEXT, "words"));
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return new TaggingResult(path, sha, bytes.length, "text/plain", tags, embedQuery(words[0]), null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      } finally {
        busy.decrementAndGet();
      }
    });
  }

  @Override
  public float[] embedQuery(String text) {
    return GraphTest.vector(Math.abs(text.strip().toLowerCase().hashCode() % 1000) + 1);
  }

  @Override
  public void validateVocabulary(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("\t")) {
        throw new IllegalArgumentException("line " + (i + 1) + ": a tag name is missing before the tab");
      }
    }
  }

  @Override
  public void reloadVocabulary() {
    reloads.incrementAndGet();
  }

  @Override
  public int workers() {
    return 2;
  }

  @Override
  public int inFlight() {
    return busy.get();
  }

  @Override
  public void close() {}
}
