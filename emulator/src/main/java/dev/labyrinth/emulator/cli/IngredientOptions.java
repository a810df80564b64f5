package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.trace.Ingredients;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --fingerprint} and {@code --ignore-field}, shared by run, verify and diff. */
final class IngredientOptions {

  @Option(names = "--fingerprint", paramLabel = "CATEGORIES",
      description = "Fingerprint ingredients: a comma-separated list of event categories ("
          + "mm,reclaim,irq,sched,vm,run,other, or all); see docs/regression.md.")
  String categories;

  @Option(names = "--ignore-field", paramLabel = "KEY",
      description = "Leave this key out of every record before hashing or comparing, e.g. "
          + "latency_ns. Repeatable or comma-separated.")
  List<String> ignoredKeys = new ArrayList<>();

  /** The selection; bad input names the known categories. */
  Ingredients ingredients() throws BadInputException {
    try {
      return Ingredients.parse(Optional.ofNullable(categories), ignoredKeys);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /** Whether either option was given. */
  boolean given() {
    return categories != null || !ignoredKeys.isEmpty();
  }
}
