package io.graphdrive.tagging;

import io.graphdrive.common.DrivePath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

/**
 * Detects a file's type and extracts its text and metadata with Tika from a local copy. The
 * configuration leaves out Tika's external-program and OCR parsers, so it never runs sox, ffmpeg,
 * exiftool or tesseract; embedded documents (archive members, attachments) are not descended into.
 */
final class Extractor {
  /** Most characters of text kept per file. */
  static final int MAX_TEXT_CHARS = 1_000_000;
  /** Name recorded as the model of a document's own text. */
  static final String MODEL = "tika";

  private static final String CONFIG_RESOURCE = "tika-config.xml";
  private static final int MAX_ERROR_CHARS = 300;

  private final AutoDetectParser parser;

  private Extractor(AutoDetectParser parser) {
    this.parser = parser;
  }

  /** Builds the extractor from the bundled Tika configuration. */
  static Extractor create() {
    try (InputStream in = Extractor.class.getResourceAsStream(CONFIG_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the Tika configuration resource is missing");
      }
      return new Extractor(new AutoDetectParser(new TikaConfig(in)));
    } catch (IOException | TikaException | SAXException e) {
      throw new IllegalStateException("cannot configure Tika: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the local copy of a drive file, whose hash and size are known: the result carries the parse
   * error instead of text when Tika cannot parse the file; IOException only when reading fails.
   */
  Extraction extract(String path, Path file, String sha256, long size) throws IOException {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, DrivePath.name(path));
    BodyContentHandler text = new BodyContentHandler(MAX_TEXT_CHARS);
    String error = null;
    try (TikaInputStream in = TikaInputStream.get(file)) {
      parser.parse(in, text, metadata, new ParseContext());
    } catch (SAXException e) {
      if (!WriteLimitReachedException.isWriteLimitReached(e)) {
        error = describe(metadata, e);
      }
    } catch (ZeroByteFileException e) {
      // An empty file is a valid file with no content: tagged by its name's type, no error.
    } catch (EncryptedDocumentException e) {
      error = "the file is encrypted";
    } catch (TikaException | RuntimeException | StackOverflowError e) {
      error = describe(metadata, e);
    } catch (IOException e) {
      if (e.getCause() instanceof TikaException || e.getCause() instanceof SAXException) {
        error = describe(metadata, e);
      } else {
        throw e;
      }
    }
    return Extraction.ofText(path, mime(metadata), metadata, error == null ? text.toString() : "", sha256, size, error);
  }

  /**
   * Detects the type of a file too large to read whole from its name and first bytes: the extraction has no
   * text, no hash and no error.
   */
  Extraction detect(String path, byte[] head, long size) throws IOException {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, DrivePath.name(path));
    try (TikaInputStream in = TikaInputStream.get(head)) {
      metadata.set(Metadata.CONTENT_TYPE, parser.getDetector().detect(in, metadata).toString());
    }
    return Extraction.ofText(path, mime(metadata), metadata, "", null, size, null);
  }

  private static String mime(Metadata metadata) {
    String type = metadata.get(Metadata.CONTENT_TYPE);
    MediaType parsed = type == null ? null : MediaType.parse(type);
    return parsed == null ? "application/octet-stream" : parsed.getBaseType().toString();
  }

  private static String describe(Metadata metadata, Throwable e) {
    StringBuilder sb = new StringBuilder("cannot parse ").append(mime(metadata)).append(": ");
    String last = null;
    for (Throwable t = e; t != null && sb.length() < MAX_ERROR_CHARS; t = t.getCause()) {
      String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
      if (!msg.equals(last)) {
        sb.append(last == null ? "" : ": ").append(msg);
        last = msg;
      }
    }
    return sb.length() > MAX_ERROR_CHARS ? sb.substring(0, MAX_ERROR_CHARS) + "…" : sb.toString();
  }
}
