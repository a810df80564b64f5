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
      requireHeader(path);
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

  /**
   * Refuses a file that is not a Labyrinth trace at all (empty, binary, another format), which
   * would otherwise "diverge" at line 1 and look like a failed check rather than bad input.
   */
  static void requireHeader(Path path) throws IOException, BadInputException {
    String first;
    try (java.io.BufferedReader reader = dev.labyrinth.emulator.trace.TraceFiles.openReader(path)) {
      first = reader.readLine();
    } catch (java.util.zip.ZipException e) {
      throw new BadInputException(path + ": not a gzip file (" + e.getMessage() + ")");
    }
    if (first == null || !first.startsWith(HEADER_START)) {
      throw new BadInputException(path + ": not a Labyrinth trace (the first line is not a "
          + "trace header starting with " + HEADER_START + ")");
    }
  }

  private static final String HEADER_START = "{\"format\":\"labyrinth-trace\",";
}
