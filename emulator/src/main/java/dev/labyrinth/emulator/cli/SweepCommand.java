package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labyrinth sweep}: every combination of seeds and {@code --set} values, in parallel, one
 * JSON line per run, in an order that depends only on the arguments. Runs write no trace file:
 * each run's records are hashed and analysed in memory ({@link AnalysingTracer}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Run a scenario over seeds x parameter values, in parallel, and write one JSON "
        + "line per run (written atomically: a temporary file, then a rename).",
        "Each failing run prints the command that replays it."})
final class SweepCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  SweepOptions options = new SweepOptions();

  @Option(names = "--set", paramLabel = "KEY=V1[,V2...]",
      description = "A parameter axis: the run uses each value in turn; several --set give their "
          + "cartesian product, the first varying slowest. Validated like the scenario file.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--out", paramLabel = "FILE", required = true,
      description = "Results file (JSON Lines: a header line, then one line per run).")
  Path outFile;

  @Option(names = "--shard", paramLabel = "I/N",
      description = "Run only the runs whose index modulo N is I (0-based); combine the shard "
          + "files with `labyrinth merge`.")
  String shard;

  @Option(names = "--check", description = "Exit 3 when any run is failing.")
  boolean check;

  @Option(names = "--swarm", description = "Swarm testing: each seed switches each fault site "
      + "on or off with a fair coin drawn from the seed; the run's `faults` field and replay "
      + "command carry the choice. See docs/sweeps.md.")
  boolean swarm;

  @Override
  public Integer call() throws Exception {
    Path scenarioFile = options.checkedScenario();
    SeedRange seeds = options.seedRange();
    ShardSpec shardSpec = shard == null ? ShardSpec.WHOLE : ShardSpec.parse(shard);
    int jobs = options.jobs();
    Set<FailCondition> failOn = options.failConditions();
    SweepGrid grid = SweepGrid.of(sets);
    SweepRunner runner = new SweepRunner(scenarioFile, failOn, options.maxEvents());
    Map<ImmutableList<String>, Scenario> byCombination = new LinkedHashMap<>();
    for (ImmutableList<String> combination : grid.combinations()) {
      byCombination.put(combination, runner.scenario(combination));
    }
    Scenario first = byCombination.values().iterator().next();
    SweepPlan.Faults faults = !swarm ? SweepPlan.Faults.NONE
        : (combination, seed) -> SwarmChoice.overrides(byCombination.get(combination), seed);
    List<RunSpec> runs = SweepPlan.specs(grid, seeds, shardSpec, faults);
    List<String> failLabels = failOn.stream().map(FailCondition::label).toList();
    String header = SweepHeader.line(first.name(), first.sourceSha256(), seeds, sets, swarm,
        failLabels, SweepPlan.total(grid, seeds), shardSpec);
    PrintWriter out = spec.commandLine().getOut();
    SweepProgress progress = options.progress(spec.commandLine().getErr(), runs.size());
    long[] failing = new long[1];
    try {
      AtomicFiles.write(outFile, stream -> {
      stream.write((header + "\n").getBytes(StandardCharsets.UTF_8));
      try {
        runner.run(runs, jobs, progress, result -> {
          stream.write((result.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8));
          if (result.failing()) {
            failing[0]++;
            out.println("failing run " + result.spec().index() + " (" + String.join(",",
                result.failingBecause().stream().map(FailCondition::label).toList()) + "): "
                + ReplayCommand.of(scenarioFile, result.spec()));
          }
        });
      } catch (java.io.IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new SweepFailure(e);
      }
      return null;
      });
    } catch (SweepFailure e) {
      throw e.unwrap();
    }
    out.println(String.format(Locale.ROOT, "%d runs, %d failing (%s); %.1f runs/s with %d jobs",
        runs.size(), failing[0], String.join(",", failLabels), progress.rate(), jobs));
    out.println("results: " + outFile);
    out.flush();
    return check && failing[0] > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
  }
}
