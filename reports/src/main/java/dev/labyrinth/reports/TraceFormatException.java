package dev.labyrinth.reports;

/** A trace file that does not follow {@code docs/trace-format.md}; names the line at fault. */
public final class TraceFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  private final long lineNumber;

  public TraceFormatException(String source, long lineNumber, String message) {
    super(source + ":" + lineNumber + ": " + message);
    this.lineNumber = lineNumber;
  }

  /** The 1-based line at fault. */
  public long lineNumber() {
    return lineNumber;
  }
}
