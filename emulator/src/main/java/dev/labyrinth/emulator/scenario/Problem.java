package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One thing wrong with a scenario, pointing at where it is so an editor can jump there.
 *
 * @param source the file name as given, or {@code --set} for an override
 * @param line 1-based line; for an override, which {@code --set} (1 = the first)
 * @param column 1-based column; for an override, the column inside its {@code key=value} text
 * @param path dotted path of the offending value, e.g. {@code devices[0].period}; empty for the
 *     whole file
 * @param message what is wrong and, where possible, what was expected
 */
public record Problem(String source, int line, int column, String path, String message) {
  public Problem {
    checkNotNull(source, "source");
    checkArgument(line >= 1, "line must be >= 1: %s", line);
    checkArgument(column >= 1, "column must be >= 1: %s", column);
    checkNotNull(path, "path");
    checkNotNull(message, "message");
  }

  /** {@code file:line:col: path: message}, the form compilers use; the path is left out when empty. */
  public String format() {
    String where = source + ":" + line + ":" + column + ": ";
    return path.isEmpty() ? where + message : where + path + ": " + message;
  }
}
