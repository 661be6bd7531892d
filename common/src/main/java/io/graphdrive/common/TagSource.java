package io.graphdrive.common;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a tag's evidence came from: file metadata, the file's own text, an image model on pixels, text
 * read from pixels, transcribed speech, a language model, or a person.
 */
public enum TagSource {
  META,
  TEXT,
  IMAGE,
  OCR,
  SPEECH,
  LLM,
  USER;

  /** Returns the lower-case name used in JSON and in the graph. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the lower-case name used in JSON and in the graph. */
  public static TagSource of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
