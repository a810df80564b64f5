package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.regress.GoldenCheck;
import dev.labyrinth.emulator.regress.GoldenPaths;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.emulator.trace.Ingredients;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labyrinth verify}: re-runs scenarios and compares each trace with its golden trace, one
 * line per scenario and a final tally, so a whole library is checked with one command.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Re-run scenarios (files, or folders of *.yaml) and compare each trace with "
        + "its golden trace.",
        "Prints one line per scenario, the first divergence and its cause for each that fails, "
            + "and 'N passed, M failed'. Exit code 0 when all pass; 3 when any fails."})
final class VerifyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SCENARIO",
      description = "Scenario files or folders (every *.yaml in a folder, sorted).")
  List<Path> targets = new ArrayList<>();

  @Option(names = "--golden", paramLabel = "FILE",
      description = "The golden trace, plain or .gz, for a single scenario (default: beside the "
          + "scenario, NAME.golden.jsonl.gz or NAME.golden.jsonl).")
  Path golden;

  @Option(names = "--seed", paramLabel = "N",
      description = "Root seed, replacing each scenario's own `seed`.")
  Long seed;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a scenario value, as for run. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Mixin
  IngredientOptions ingredientOptions = new IngredientOptions();

  @Option(names = "--paranoid", description = "Check every invariant of every structure after "
      + "every event (slow); a violation stops with exit code 3.")
  boolean paranoid;

  @Override
  public Integer call() throws Exception {
    List<Path> scenarios = ScenarioTargets.expand(targets);
    if (golden != null && scenarios.size() != 1) {
      throw new BadInputException("--golden needs exactly one scenario, got " + scenarios.size());
    }
    Ingredients ingredients = ingredientOptions.ingredients();
    PrintWriter out = spec.commandLine().getOut();
    int passed = 0;
    int failed = 0;
    for (Path file : scenarios) {
      Path expected = golden != null ? golden : GoldenPaths.beside(file);
      if (!Files.isRegularFile(expected)) {
        throw new BadInputException(expected + ": no golden trace; create one with `labyrinth "
            + "record " + file + "`");
      }
      DivergenceReport.requireHeader(expected);
      Scenario scenario = ScenarioLoader.load(file, overrides);
      HeapBudget.check(file.toString(), scenario.machine(), Runtime.getRuntime().maxMemory());
      scenario = seed == null ? scenario : scenario.withSeed(seed);
      Optional<Path> checkpoints = golden != null ? Optional.empty()
          : Optional.of(GoldenPaths.checkpoints(file));
      GoldenCheck.Result result = GoldenCheck.check(scenario, expected, checkpoints, ingredients, paranoid);
      String selection = ingredients.isAll() ? "" : " [" + ingredients.label() + "]";
      if (result.passed()) {
        passed++;
        out.println("PASS " + file + ": matches " + expected + selection + " ("
            + result.selectedFingerprint() + ")");
      } else {
        failed++;
        out.println("FAIL " + file + ": DIFFERS from " + expected + selection);
        out.print(result.report());
      }
      out.flush();
    }
    out.println(passed + " passed, " + failed + " failed");
    out.flush();
    return failed == 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
