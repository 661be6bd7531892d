package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/** Tags a file with its kind (image, document, audio, video, text, code, archive) and format (pdf, jpeg, …). */
final class KindTagger implements Tagger {
  private static final Map<String, String> FORMATS =
      Map.ofEntries(
          Map.entry("application/pdf", "pdf"),
          Map.entry("image/jpeg", "jpeg"),
          Map.entry("image/png", "png"),
          Map.entry("image/gif", "gif"),
          Map.entry("image/webp", "webp"),
          Map.entry("image/tiff", "tiff"),
          Map.entry("image/heic", "heic"),
          Map.entry("image/svg+xml", "svg"),
          Map.entry("image/bmp", "bmp"),
          Map.entry("text/plain", "plain text"),
          Map.entry("text/x-web-markdown", "markdown"),
          Map.entry("text/html", "html"),
          Map.entry("application/xhtml+xml", "html"),
          Map.entry("text/csv", "csv"),
          Map.entry("application/json", "json"),
          Map.entry("application/xml", "xml"),
          Map.entry("application/rtf", "rtf"),
          Map.entry("application/msword", "doc"),
          Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
          Map.entry("application/vnd.ms-excel", "xls"),
          Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
          Map.entry("application/vnd.ms-powerpoint", "ppt"),
          Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
          Map.entry("application/vnd.oasis.opendocument.text", "odt"),
          Map.entry("application/vnd.oasis.opendocument.spreadsheet", "ods"),
          Map.entry("application/vnd.oasis.opendocument.presentation", "odp"),
          Map.entry("application/epub+zip", "epub"),
          Map.entry("audio/mpeg", "mp3"),
          Map.entry("audio/vnd.wave", "wav"),
          Map.entry("audio/x-wav", "wav"),
          Map.entry("audio/x-flac", "flac"),
          Map.entry("audio/ogg", "ogg"),
          Map.entry("audio/vorbis", "ogg"),
          Map.entry("audio/mp4", "m4a"),
          Map.entry("video/mp4", "mp4"),
          Map.entry("video/quicktime", "mov"),
          Map.entry("video/x-matroska", "mkv"),
          Map.entry("video/webm", "webm"),
          Map.entry("application/zip", "zip"),
          Map.entry("application/gzip", "gzip"),
          Map.entry("application/x-gzip", "gzip"),
          Map.entry("application/x-tar", "tar"),
          Map.entry("application/x-gtar", "tar"),
          Map.entry("application/x-7z-compressed", "7z"),
          Map.entry("application/x-rar-compressed", "rar"),
          Map.entry("application/vnd.rar", "rar"),
          Map.entry("application/x-bzip2", "bzip2"),
          Map.entry("application/x-xz", "xz"),
          Map.entry("text/x-java-source", "java"),
          Map.entry("text/x-python", "python"),
          Map.entry("text/javascript", "javascript"),
          Map.entry("application/javascript", "javascript"),
          Map.entry("text/x-csrc", "c"),
          Map.entry("text/x-chdr", "c"),
          Map.entry("text/x-c++src", "c++"),
          Map.entry("text/x-go", "go"),
          Map.entry("text/x-rustsrc", "rust"),
          Map.entry("text/x-sql", "sql"),
          Map.entry("application/x-sh", "shell"),
          Map.entry("text/x-sh", "shell"));

  private static final Set<String> ARCHIVES =
      Set.of(
          "application/zip", "application/gzip", "application/x-gzip", "application/x-tar", "application/x-gtar",
          "application/x-7z-compressed", "application/x-rar-compressed", "application/vnd.rar",
          "application/x-bzip2", "application/x-xz", "application/java-archive", "application/zstd");

  private static final Set<String> DOCUMENTS =
      Set.of(
          "application/pdf", "application/rtf", "application/msword", "application/vnd.ms-excel",
          "application/vnd.ms-powerpoint", "application/epub+zip", "application/vnd.ms-outlook",
          "message/rfc822");

  private static final Set<String> CODE =
      Set.of(
          "application/javascript", "application/x-sh", "text/javascript", "text/x-sql", "text/x-go",
          "text/x-kotlin", "text/x-scala", "text/x-groovy", "text/x-perl", "text/x-php", "text/x-ruby",
          "text/x-python", "text/x-java-source", "text/x-csharp", "text/x-sh", "text/css", "text/x-yaml");

  @Override
  public List<Tag> tag(Extraction e) {
    List<Tag> tags = new ArrayList<>();
    String kind = kind(e.mime());
    if (kind != null) {
      tags.add(MetaTags.of(kind));
    }
    String format = format(e.mime());
    if (format != null) {
      tags.add(MetaTags.of(format));
    }
    return tags;
  }

  /** Returns the kind of a media type, or null when it is none of GraphDrive's kinds. */
  static String kind(String mime) {
    MediaType type = MediaType.parse(mime);
    if (type == null) {
      return null;
    }
    String sub = type.getSubtype();
    if (ARCHIVES.contains(mime)) {
      return "archive";
    }
    if (CODE.contains(mime) || (type.getType().equals("text") && (sub.endsWith("src") || sub.endsWith("source")))) {
      return "code";
    }
    switch (type.getType()) {
      case "image":
        return "image";
      case "audio":
        return "audio";
      case "video":
        return "video";
      case "text":
        return "text";
      default:
        break;
    }
    if (DOCUMENTS.contains(mime)
        || sub.startsWith("vnd.openxmlformats-officedocument.")
        || sub.startsWith("vnd.oasis.opendocument.")
        || sub.startsWith("vnd.ms-")) {
      return "document";
    }
    if (mime.equals("application/json") || mime.equals("application/xml") || sub.endsWith("+xml")) {
      return "text";
    }
    return null;
  }

  /** Returns the short format name of a media type, from the table or Tika's preferred file extension. */
  static String format(String mime) {
    String known = FORMATS.get(mime);
    if (known != null) {
      return known;
    }
    try {
      String ext = MimeTypes.getDefaultMimeTypes().forName(mime).getExtension();
      return ext.length() > 1 ? ext.substring(1) : null;
    } catch (MimeTypeException e) {
      return null;
    }
  }
}
