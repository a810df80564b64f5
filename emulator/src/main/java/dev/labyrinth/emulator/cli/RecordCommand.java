package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labyrinth record}: writes or replaces golden traces, on purpose. A golden changes only
 * when someone runs this and commits the result, saying which behaviour changed and why.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
    description = {"Write or update the golden trace beside each scenario: NAME.golden.jsonl, "
        + "or NAME.golden.jsonl.gz when the trace is over 512 KiB, and its checkpoint "
        + "fingerprints, NAME.golden.checkpoints.",
        "Use this on purpose, and say in the commit which behaviour changed and why."})
final class RecordCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SCENARIO",
      description = "Scenario files or folders (every *.yaml in a folder, sorted).")
  List<Path> scenarioFiles = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    for (Path file : ScenarioTargets.expand(scenarioFiles)) {
      Scenario scenario = ScenarioLoader.load(file, List.of());
      HeapBudget.check(file.toString(), scenario.machine(), Runtime.getRuntime().maxMemory());
      Path workDir = Files.createTempDirectory("labyrinth-record");
      try {
        Path trace = workDir.resolve("trace.jsonl");
        TracedRun run = TracedRun.write(scenario, trace);
        Path golden = Goldens.publish(file, trace);
        out.println(golden + ": " + run.records() + " records, " + run.fingerprint());
      } finally {
        TempDirs.deleteRecursively(workDir);
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
