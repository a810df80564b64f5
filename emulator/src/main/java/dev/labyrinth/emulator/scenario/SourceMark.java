package dev.labyrinth.emulator.scenario;

/**
 * Where a node came from: a file position or a position inside one {@code --set} override.
 *
 * @param source file name as given, or {@code --set}
 * @param line 1-based line (for an override: which override, 1-based)
 * @param column 1-based column
 * @param order sorts sources: 0 for the file, 1 for overrides, so file problems come first
 */
record SourceMark(String source, int line, int column, int order) {

  /** A problem at this place. */
  Problem problem(String path, String message) {
    return new Problem(source, line, column, path, message);
  }

  /** "line 3" for a file, "--set 2" for an override: used in "first at ..." messages. */
  String shortWhere() {
    return order == 0 ? "line " + line : source + " " + line;
  }
}
