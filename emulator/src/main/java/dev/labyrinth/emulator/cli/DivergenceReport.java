package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.regress.Divergences;
import dev.labyrinth.emulator.trace.Ingredients;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Compares two saved traces and prints the first divergence with its cause, for {@code diff}.
 */
final class DivergenceReport {

  private DivergenceReport() {}

  /** Returns the exit code: OK when identical, CHECK_FAILED after printing the divergence. */
  static int compare(Path expected, String expectedName, Path actual, String actualName,
      Ingredients ingredients, PrintWriter out) throws IOException, BadInputException {
    for (Path path : new Path[] {expected, actual}) {
      if (!Files.isRegularFile(path)) {
        throw new BadInputException(path + ": no such trace file");
      }
    }
    Optional<String> divergence = Divergences.explain(expected, expectedName, actual, actualName,
        ingredients, Optional.empty());
    if (divergence.isEmpty()) {
      return ExitCodes.OK;
    }
    out.print(divergence.get());
    out.flush();
    return ExitCodes.CHECK_FAILED;
  }
}
