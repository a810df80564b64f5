package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.run.ScenarioRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options shared by {@code sweep} and {@code size-reserve}. */
final class SweepOptions {

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario file (YAML).")
  Path scenarioFile;

  @Option(names = "--seeds", paramLabel = "LO..HI", required = true,
      description = "Root seeds to run, inclusive, e.g. 1..1000.")
  String seeds;

  @Option(names = "--jobs", paramLabel = "N",
      description = "Runs in parallel (default: the number of cores). Output does not depend on it.")
  Integer jobs;

  @Option(names = "--fail-on", paramLabel = "COND[,COND]", split = ",",
      description = "What makes a run failing: failed (an allocation failed), might_sleep, bleed, "
          + "warn_alloc, reserve (any allocation below min). Default: failed,might_sleep,bleed.")
  List<String> failOn;

  @Option(names = "--max-events", paramLabel = "N",
      description = "Stop each run after N events (default ${DEFAULT-VALUE}).")
  long maxEvents = ScenarioRun.DEFAULT_STEPS_MAX;

  @Option(names = "--quiet", description = "No progress on stderr.")
  boolean quiet;

  SeedRange seedRange() throws BadInputException {
    return SeedRange.parse(seeds);
  }

  int jobs() throws BadInputException {
    int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
    if (n < 1 || n > 1024) {
      throw new BadInputException("--jobs must be between 1 and 1024, got " + n);
    }
    return n;
  }

  long maxEvents() throws BadInputException {
    if (maxEvents < 1) {
      throw new BadInputException("--max-events must be at least 1, got " + maxEvents);
    }
    return maxEvents;
  }

  Set<FailCondition> failConditions() throws BadInputException {
    if (failOn == null || failOn.isEmpty()) {
      return FailCondition.DEFAULT;
    }
    Set<FailCondition> conditions = EnumSet.noneOf(FailCondition.class);
    for (String name : failOn) {
      try {
        conditions.add(FailCondition.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--fail-on " + name + ": expected one of failed, might_sleep, "
            + "bleed, warn_alloc, reserve");
      }
    }
    return conditions;
  }

  Path checkedScenario() throws BadInputException {
    if (!java.nio.file.Files.isRegularFile(scenarioFile)) {
      throw new BadInputException(scenarioFile + ": no such scenario file");
    }
    return scenarioFile;
  }

  SweepProgress progress(PrintWriter err, long total) {
    return new SweepProgress(err, total, System.console() != null, quiet);
  }
}
