package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.scenario.Scenario;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code labyrinth validate}: checks a scenario as {@code run} would, without running it. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check a scenario without running it.",
        "Reports every problem at once as file:line:col: path: message; exit code 2 if any."})
final class ValidateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ScenarioOptions scenarioOptions = new ScenarioOptions();

  @Override
  public Integer call() throws Exception {
    Scenario scenario = scenarioOptions.load();
    spec.commandLine().getOut().println(scenarioOptions.scenarioFile + ": ok (scenario "
        + scenario.name() + ", seed " + scenario.seed() + ")");
    return ExitCodes.OK;
  }
}
