package dev.labyrinth.emulator.regress;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.trace.Checkpoints;
import dev.labyrinth.emulator.trace.Ingredients;
import dev.labyrinth.emulator.trace.TraceDiff;
import dev.labyrinth.emulator.trace.TraceDiff.Divergence;
import dev.labyrinth.emulator.trace.TraceFiles;
import dev.labyrinth.reports.divergence.CauseChain;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Compares two traces and explains the first divergence: the differing record with context, and
 * the chain of earlier records that led to it ({@link CauseChain}). With the expected trace's
 * {@link Checkpoints}, the new trace is hashed window by window as it streams and only the first
 * differing window is compared line by line.
 */
public final class Divergences {

  /** Equal lines shown before the first differing one. */
  public static final int CONTEXT_LINES = 3;

  private Divergences() {}

  /**
   * The account of the first divergence as {@code ingredients} see the traces, or empty when
   * they agree. {@code expectedCheckpoints} are used only for a whole-trace comparison.
   */
  public static Optional<String> explain(Path expected, String expectedName, Path actual,
      String actualName, Ingredients ingredients, Optional<Checkpoints> expectedCheckpoints)
      throws IOException {
    long fromLine = 1;
    String located = "";
    if (ingredients.isAll() && expectedCheckpoints.isPresent()) {
      Checkpoints golden = expectedCheckpoints.get();
      Checkpoints now = Checkpoints.of(actual, golden.windowLines());
      if (now.fingerprint().equals(golden.fingerprint()) && now.lines() == golden.lines()) {
        return Optional.empty();
      }
      OptionalInt window = golden.firstDifferingWindow(now);
      if (window.isPresent()) {
        fromLine = golden.firstLineOf(window.getAsInt());
        located = "located by checkpoints: window " + (window.getAsInt() + 1) + " of "
            + golden.windows().size() + " (lines " + fromLine + ".."
            + (fromLine + golden.windowLines() - 1) + ") is the first whose hash differs\n";
      }
    }
    Optional<Divergence> divergence;
    try (BufferedReader a = TraceFiles.openReader(expected);
        BufferedReader b = TraceFiles.openReader(actual)) {
      divergence = TraceDiff.firstDivergence(a, b, CONTEXT_LINES, ingredients, fromLine);
    }
    if (divergence.isEmpty()) {
      return Optional.empty();
    }
    Divergence d = divergence.get();
    StringBuilder out = new StringBuilder();
    if (!ingredients.isAll()) {
      out.append("comparing ").append(ingredients.label()).append('\n');
    }
    out.append(d.describe(expectedName, actualName)).append(located);
    out.append(causes(expected, expectedName, actual, actualName, d));
    return Optional.of(out.toString());
  }

  /** The cause chains in both traces, printed once when they are the same. */
  private static String causes(Path expected, String expectedName, Path actual,
      String actualName, Divergence d) throws IOException {
    ImmutableList<Optional<String>> diverging = ImmutableList.of(d.expected(), d.actual());
    CauseChain inExpected;
    try (BufferedReader reader = TraceFiles.openReader(expected)) {
      inExpected = CauseChain.find(reader, d.lineNumber(), diverging, CauseChain.DEFAULT_MAX);
    }
    CauseChain inActual;
    try (BufferedReader reader = TraceFiles.openReader(actual)) {
      inActual = CauseChain.find(reader, d.actualLineNumber(), diverging,
          CauseChain.DEFAULT_MAX);
    }
    String title = "cause: earlier records touching the same pfn, IRQ line, task, zone or CPU"
        + " (most recent first, at most " + CauseChain.DEFAULT_MAX + ")";
    if (inExpected.equals(inActual)) {
      return inExpected.describe(title + ", the same in both traces:");
    }
    return inExpected.describe(title + ", in " + expectedName + ":")
        + inActual.describe(title + ", in " + actualName + ":");
  }
}
