package dev.labyrinth.emulator.trace;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the first line at which two canonical traces differ, streaming both, so traces larger
 * than memory can be compared.
 *
 * <p>Because canonical traces are written in a fixed order with fixed key order, the first
 * differing line is the first differing event: nothing needs to be parsed or normalised.
 */
public final class TraceDiff {

  private TraceDiff() {}

  /**
   * The first divergence between {@code expected} and {@code actual} (either may be gzipped), or
   * empty when they are byte-identical line by line.
   *
   * @param contextLines how many equal lines before the divergence to keep as context
   */
  public static Optional<Divergence> firstDivergence(Path expected, Path actual, int contextLines)
      throws IOException {
    try (BufferedReader a = TraceFiles.openReader(expected);
        BufferedReader b = TraceFiles.openReader(actual)) {
      return firstDivergence(a, b, contextLines);
    }
  }

  /** As {@link #firstDivergence(Path, Path, int)}, over readers the caller closes. */
  public static Optional<Divergence> firstDivergence(Reader expected, Reader actual,
      int contextLines) throws IOException {
    checkArgument(contextLines >= 0, "contextLines must be >= 0");
    BufferedReader a = expected instanceof BufferedReader br ? br : new BufferedReader(expected);
    BufferedReader b = actual instanceof BufferedReader br ? br : new BufferedReader(actual);
    Deque<String> context = new ArrayDeque<>(contextLines + 1);
    long lineNumber = 0;
    while (true) {
      String lineA = a.readLine();
      String lineB = b.readLine();
      lineNumber++;
      if (lineA == null && lineB == null) {
        return Optional.empty();
      }
      if (!Objects.equals(lineA, lineB)) {
        return Optional.of(new Divergence(lineNumber, Optional.ofNullable(lineA),
            Optional.ofNullable(lineB), ImmutableList.copyOf(context)));
      }
      if (contextLines > 0) {
        if (context.size() == contextLines) {
          context.removeFirst();
        }
        context.addLast(lineA);
      }
    }
  }

  /**
   * Where two traces part.
   *
   * @param lineNumber 1-based line number of the first differing line (the header is line 1)
   * @param expected the expected line, empty when the expected trace ended first
   * @param actual the actual line, empty when the actual trace ended first
   * @param before the equal lines just before the divergence, oldest first
   */
  public record Divergence(long lineNumber, Optional<String> expected, Optional<String> actual,
      ImmutableList<String> before) {

    /** A human-readable account, one item per line, ending with a newline. */
    public String describe(String expectedName, String actualName) {
      StringBuilder out = new StringBuilder();
      out.append("first divergence at line ").append(lineNumber).append('\n');
      long first = lineNumber - before.size();
      for (int i = 0; i < before.size(); i++) {
        out.append("    ").append(first + i).append("  ").append(before.get(i)).append('\n');
      }
      out.append("  - ").append(lineNumber).append("  ")
          .append(expected.orElse("<end of " + expectedName + ">")).append("   (")
          .append(expectedName).append(")\n");
      out.append("  + ").append(lineNumber).append("  ")
          .append(actual.orElse("<end of " + actualName + ">")).append("   (")
          .append(actualName).append(")\n");
      return out.toString();
    }
  }
}
