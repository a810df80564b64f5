package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.trace.TraceDiff;
import dev.labyrinth.emulator.trace.TraceDiff.Divergence;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Compares two traces and prints the first divergence; shared by {@code verify} and {@code diff}. */
final class DivergenceReport {

  /** Equal lines shown before the first differing one. */
  static final int CONTEXT_LINES = 3;

  private DivergenceReport() {}

  /** Returns the exit code: OK when identical, CHECK_FAILED after printing the divergence. */
  static int compare(Path expected, String expectedName, Path actual, String actualName,
      PrintWriter out) throws IOException, BadInputException {
    for (Path path : new Path[] {expected, actual}) {
      if (!Files.isRegularFile(path)) {
        throw new BadInputException(path + ": no such trace file");
      }
    }
    Optional<Divergence> divergence = TraceDiff.firstDivergence(expected, actual, CONTEXT_LINES);
    if (divergence.isEmpty()) {
      return ExitCodes.OK;
    }
    out.print(divergence.get().describe(expectedName, actualName));
    out.flush();
    return ExitCodes.CHECK_FAILED;
  }
}
