package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioException;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The scenario argument and the options that change it, shared by every command that runs one. */
final class ScenarioOptions {

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario file (YAML).")
  Path scenarioFile;

  @Option(names = "--seed", paramLabel = "N",
      description = "Root seed, replacing the scenario's own `seed`.")
  Long seed;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a scenario value, validated like the file itself, e.g. "
          + "--set vm.min_free_kbytes=4096 or --set machine.cpus=2. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--max-duration", paramLabel = "TIME", defaultValue = "1h",
      converter = ModelLimits.TimeConverter.class,
      description = "Refuse scenarios that emulate longer than this (default ${DEFAULT-VALUE}; "
          + "units ns, us, ms, s, min, h).")
  long maxDurationNs;

  /** Loads and validates the scenario with the overrides and seed applied. */
  Scenario load() throws ScenarioException, BadInputException {
    if (!Files.isRegularFile(scenarioFile)) {
      throw new BadInputException(scenarioFile + ": no such scenario file");
    }
    Scenario scenario = ScenarioLoader.load(scenarioFile, overrides);
    HeapBudget.check(scenarioFile.toString(), scenario.machine(), Runtime.getRuntime().maxMemory());
    ModelLimits.checkDuration(scenarioFile.toString(), scenario.durationNs(), maxDurationNs);
    return seed == null ? scenario : scenario.withSeed(seed);
  }
}
