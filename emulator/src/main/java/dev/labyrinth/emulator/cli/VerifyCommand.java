package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.run.RunBudget;
import dev.labyrinth.emulator.run.ScenarioRun;
import dev.labyrinth.emulator.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code labyrinth verify}: re-runs a scenario and compares its trace with the golden one. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Re-run a scenario and compare its trace with its golden trace.",
        "Exit code 0 when byte-identical; 3 with the first diverging event when not."})
final class VerifyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ScenarioOptions scenarioOptions = new ScenarioOptions();

  @Option(names = "--golden", paramLabel = "FILE",
      description = "The golden trace, plain or .gz (default: beside the scenario, "
          + "NAME.golden.jsonl.gz or NAME.golden.jsonl).")
  Path golden;

  @Option(names = "--paranoid", description = "Check every invariant of every structure after "
      + "every event (slow); a violation stops with exit code 3.")
  boolean paranoid;

  @Override
  public Integer call() throws Exception {
    Scenario scenario = scenarioOptions.load();
    Path expected = golden != null ? golden : Goldens.beside(scenarioOptions.scenarioFile);
    if (!Files.isRegularFile(expected)) {
      throw new BadInputException(expected + ": no golden trace; create one with `labyrinth "
          + "record " + scenarioOptions.scenarioFile + "`");
    }
    Path workDir = Files.createTempDirectory("labyrinth-verify");
    try {
      Path actual = workDir.resolve("trace.jsonl");
      TracedRun run = TracedRun.write(scenario, actual,
          RunBudget.ofSteps(ScenarioRun.DEFAULT_STEPS_MAX), paranoid);
      PrintWriter out = spec.commandLine().getOut();
      int code = DivergenceReport.compare(expected, "golden", actual, "this run", out);
      if (code == ExitCodes.OK) {
        out.println(scenarioOptions.scenarioFile + ": matches " + expected + " ("
            + run.fingerprint() + ")");
      } else {
        out.println(scenarioOptions.scenarioFile + ": DIFFERS from " + expected);
      }
      out.flush();
      return code;
    } finally {
      TempDirs.deleteRecursively(workDir);
    }
  }
}
