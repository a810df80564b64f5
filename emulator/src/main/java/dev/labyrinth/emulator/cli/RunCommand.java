package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.run.RunBudget;
import dev.labyrinth.emulator.run.ScenarioRun;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.sim.StopReason;
import dev.labyrinth.emulator.trace.Ingredients;
import dev.labyrinth.reports.TraceSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code labyrinth run}: replays a scenario and writes its canonical trace. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a scenario and write its canonical trace.",
        "Writes DIR/trace.jsonl (atomically: a temporary file, then a rename), prints a summary "
            + "and the run's fingerprint, the SHA-256 of the trace bytes.",
        "Exits with 3 when the bleed checker caught a process reading data it must not see "
            + "(a vm_bleed record); the trace and report are still written."})
final class RunCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ScenarioOptions scenarioOptions = new ScenarioOptions();

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output directory (default: out/<scenario file name without .yaml>).")
  Path outDir;

  @Option(names = "--max-events", paramLabel = "N",
      description = "Stop after N events (default ${DEFAULT-VALUE}); the trace is kept and its "
          + "run_end record says step_limit.")
  long maxEvents = ScenarioRun.DEFAULT_STEPS_MAX;

  @Option(names = "--max-trace-bytes", paramLabel = "SIZE", defaultValue = "4GiB",
      converter = ModelLimits.SizeConverter.class,
      description = "Stop once the trace reaches SIZE (bytes, or 100MiB; default "
          + "${DEFAULT-VALUE}); the trace is kept and its run_end record says trace_limit.")
  long maxTraceBytes;

  @Option(names = "--paranoid", description = "Check every invariant of every structure after "
      + "every event (slow); a violation stops the run with exit code 3.")
  boolean paranoid;

  @Option(names = "--audit-ties", paramLabel = "SEED", arity = "0..1", fallbackValue = "1",
      description = "Tie-shuffle audit: run same-instant, same-band events in an order drawn "
          + "from a stream seeded by SEED (default 1) instead of their scheduling order. The "
          + "trace bytes and fingerprint legitimately differ; the outcome counts (reserve hits, "
          + "failures, warn_alloc, might_sleep, oom_kill, vm_bleed) must not.")
  Long auditTies;

  @Option(names = "--no-report", description = "Do not write DIR/report.html (the HTML report).")
  boolean noReport;

  @Mixin
  IngredientOptions ingredientOptions = new IngredientOptions();

  @Override
  public Integer call() throws Exception {
    if (maxEvents < 1) {
      throw new BadInputException("--max-events must be at least 1, got " + maxEvents);
    }
    // Bad options are refused before anything runs or is written.
    Ingredients ingredients = ingredientOptions.given() ? ingredientOptions.ingredients() : null;
    Scenario scenario = scenarioOptions.load();
    Path dir = outDir != null ? outDir : defaultOutDir(scenarioOptions.scenarioFile);
    Path traceFile = dir.resolve("trace.jsonl");
    TracedRun run = TracedRun.write(scenario, traceFile,
        new RunBudget(maxEvents, maxTraceBytes), paranoid,
        auditTies == null ? OptionalLong.empty() : OptionalLong.of(auditTies));
    PrintWriter out = spec.commandLine().getOut();
    TraceSummary summary = TraceSummary.of(traceFile);
    out.print(summary.describe());
    out.println("stopped: " + run.reasonName()
        + " after " + run.outcome().steps() + " events");
    if (run.outcome().reason() == StopReason.STEP_LIMIT) {
      out.println("truncated: the event budget (--max-events " + maxEvents + ") ran out at "
          + run.outcome().endNs() + " ns, before the scenario's duration; the trace ends there");
    } else if (ScenarioRun.TRACE_LIMIT.equals(run.outcome().detail())) {
      out.println("truncated: the trace reached its size limit (--max-trace-bytes "
          + maxTraceBytes + ") at " + run.outcome().endNs() + " ns, before the scenario's "
          + "duration; the trace ends there");
    }
    if (auditTies != null) {
      out.println("audit-ties: seed " + auditTies
          + " (tie order shuffled; the trace bytes differ from a normal run's)");
    }
    out.println("trace: " + traceFile);
    if (!noReport) {
      out.println("report: " + RunReport.afterRun(traceFile, scenarioOptions.scenarioFile));
    }
    out.println("fingerprint: " + run.fingerprint());
    if (ingredients != null) {
      out.println("fingerprint[" + ingredients.label() + "]: " + ingredients.fingerprint(traceFile));
    }
    out.flush();
    if (!summary.cow().violations().isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      for (String v : summary.cow().violations()) {
        err.println("labyrinth: bleed check failed: " + v);
      }
      err.flush();
      return ExitCodes.CHECK_FAILED; // the trace and report are written: they show the leak
    }
    return ExitCodes.OK;
  }

  /** {@code scenarios/imu.yaml} runs into {@code out/imu/}. */
  static Path defaultOutDir(Path scenarioFile) {
    String name = scenarioFile.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return Path.of("out", dot > 0 ? name.substring(0, dot) : name);
  }
}
