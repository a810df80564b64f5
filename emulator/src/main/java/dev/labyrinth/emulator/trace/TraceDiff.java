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
    return firstDivergence(expected, actual, contextLines, Ingredients.ALL, 1);
  }

  /**
   * The first divergence as {@code ingredients} see the traces: lines of unselected categories
   * are skipped and ignored keys removed on both sides before comparing, and lines before
   * {@code fromLine} (1-based, counted in each trace) are skipped unread, which is how a window
   * found by {@link Checkpoints} is compared alone. Line numbers and context stay raw.
   */
  public static Optional<Divergence> firstDivergence(Reader expected, Reader actual,
      int contextLines, Ingredients ingredients, long fromLine) throws IOException {
    checkArgument(contextLines >= 0, "contextLines must be >= 0");
    checkArgument(fromLine >= 1, "fromLine must be >= 1");
    Side a = new Side(expected, ingredients, contextLines);
    Side b = new Side(actual, ingredients, 0);
    a.skipTo(fromLine);
    b.skipTo(fromLine);
    while (true) {
      String selectedA = a.nextSelected();
      String selectedB = b.nextSelected();
      if (selectedA == null && selectedB == null) {
        return Optional.empty();
      }
      if (!Objects.equals(selectedA, selectedB)) {
        return Optional.of(new Divergence(a.lineNumber, Optional.ofNullable(a.raw),
            Optional.ofNullable(b.raw), ImmutableList.copyOf(a.previous), b.lineNumber));
      }
    }
  }

  /**
   * One trace being read: its raw current line, its 1-based number, and the raw lines just
   * before it (every line, selected or not, so context lines are consecutive).
   */
  private static final class Side {
    private final BufferedReader reader;
    private final Ingredients ingredients;
    private final int contextLines;
    private final Deque<String> previous;
    private long lineNumber;
    private String raw;

    Side(Reader reader, Ingredients ingredients, int contextLines) {
      this.reader = reader instanceof BufferedReader br ? br : new BufferedReader(reader);
      this.ingredients = ingredients;
      this.contextLines = contextLines;
      this.previous = new ArrayDeque<>(contextLines + 1);
    }

    void skipTo(long fromLine) throws IOException {
      while (lineNumber < fromLine - 1 && reader.readLine() != null) {
        lineNumber++;
      }
    }

    /** The next selected line as the ingredients see it; {@code null} at the end. */
    String nextSelected() throws IOException {
      while (true) {
        if (raw != null && contextLines > 0) {
          if (previous.size() == contextLines) {
            previous.removeFirst();
          }
          previous.addLast(raw);
        }
        raw = reader.readLine();
        lineNumber++;
        if (raw == null) {
          return null;
        }
        String selected = ingredients.isAll() ? raw : ingredients.select(raw);
        if (selected != null) {
          return selected;
        }
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
   * @param actualLineNumber the actual line's number; differs from {@code lineNumber} only when
   *     a selection of ingredients skipped different numbers of lines in the two traces
   */
  public record Divergence(long lineNumber, Optional<String> expected, Optional<String> actual,
      ImmutableList<String> before, long actualLineNumber) {

    public Divergence(long lineNumber, Optional<String> expected, Optional<String> actual,
        ImmutableList<String> before) {
      this(lineNumber, expected, actual, before, lineNumber);
    }

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
      out.append("  + ").append(actualLineNumber).append("  ")
          .append(actual.orElse("<end of " + actualName + ">")).append("   (")
          .append(actualName).append(")\n");
      return out.toString();
    }
  }
}
