package io.graphdrive.tagging;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prose of a source file: its comments and docstrings, without the code around them, so that
 * generated tags say what the code is about rather than repeat its identifiers.
 */
final class SourceComments {
  // Languages whose comments start with '#'; every other kind of code is taken to use // and /* */.
  private static final Set<String> HASH_COMMENTS =
      Set.of("text/x-python", "application/x-sh", "text/x-sh", "text/x-perl", "text/x-ruby", "text/x-yaml");
  private static final Pattern DOCSTRING = Pattern.compile("(\"\"\"|''')(.*?)\\1", Pattern.DOTALL);
  private static final Pattern HASH_COMMENT = Pattern.compile("(?m)(?<![\\w$\"'])#(?![!{])(.*)$");
  private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*(.*?)\\*/", Pattern.DOTALL);
  // Not after a colon, so that an address in a string ("https://…") is not taken for a comment.
  private static final Pattern LINE_COMMENT = Pattern.compile("(?m)(?<![:\\w])//(.*)$");
  // Doc-comment markup whose next word is an identifier (@param name, :param name:) and doctest lines.
  private static final Pattern MARKUP =
      Pattern.compile("(?m)@\\w+\\s+\\S+|\\{@\\w+[^}]*}|:\\w+\\s+[^:\\s]+:|^\\s*(>>>|\\.\\.\\.).*$|^\\s*\\*+");

  private SourceComments() {}

  /** Returns whether a file of this media type is source code, whose phrases come from its comments only. */
  static boolean isCode(String mime) {
    return mime != null && "code".equals(KindTagger.kind(mime));
  }

  /** Returns the comments and docstrings of source code of a media type, one paragraph each. */
  static String of(String mime, String code) {
    StringBuilder prose = new StringBuilder();
    if (HASH_COMMENTS.contains(mime)) {
      if (mime.equals("text/x-python")) {
        append(DOCSTRING.matcher(code), 2, "\n\n", prose);
      }
      append(HASH_COMMENT.matcher(code), 1, "\n", prose);
    } else {
      append(BLOCK_COMMENT.matcher(code), 1, "\n\n", prose);
      append(LINE_COMMENT.matcher(code), 1, "\n", prose);
    }
    return MARKUP.matcher(prose).replaceAll(" ").strip();
  }

  // Consecutive line comments are one paragraph, as a reader takes them.
  private static void append(Matcher m, int group, String separator, StringBuilder prose) {
    while (m.find()) {
      prose.append(m.group(group).strip()).append(separator);
    }
    prose.append('\n');
  }
}
