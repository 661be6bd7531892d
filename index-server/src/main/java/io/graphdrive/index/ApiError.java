package io.graphdrive.index;

/** An answer other than success, with the HTTP status and the JSON {@code error}/{@code detail} to send. */
final class ApiError extends RuntimeException {
  private final int status;
  private final String detail;

  /** Creates an error answer; {@code detail} may be null. */
  ApiError(int status, String error, String detail) {
    super(error, null, false, false);
    this.status = status;
    this.detail = detail;
  }

  /** Returns the HTTP status. */
  int status() {
    return status;
  }

  /** Returns the longer explanation, or null. */
  String detail() {
    return detail;
  }
}
