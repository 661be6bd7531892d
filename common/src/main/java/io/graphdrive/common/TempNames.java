package io.graphdrive.common;

import java.util.regex.Pattern;

/** Recognises the scratch names editors and copy tools write before the real file: never sent to the index. */
public final class TempNames {
  // vim swap files (.x.swp, .x.swo, ... .x.swx), backups (x~), emacs locks (.#x), downloads and copies in
  // flight (x.part, x.tmp), and the file vim creates to probe whether a directory is writable (4913).
  private static final Pattern TEMP = Pattern.compile("\\..*\\.sw[a-px]|.*~|\\.#.*|.*\\.part|.*\\.tmp|4913");

  private TempNames() {}

  /** Returns whether the last name of a drive path is a temporary one. */
  public static boolean isTemp(String path) {
    return TEMP.matcher(path.substring(path.lastIndexOf('/') + 1)).matches();
  }
}
