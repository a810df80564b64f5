package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.run.RunBudget;
import dev.labyrinth.emulator.run.RunOutcome;
import dev.labyrinth.emulator.run.ScenarioRun;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.trace.CanonicalTraceWriter;
import dev.labyrinth.emulator.trace.TraceHeader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Runs a scenario and writes its canonical trace to a file, atomically: the one way every command
 * (run, verify, record) produces a trace, so they can never disagree about its bytes.
 *
 * @param outcome how the run ended
 * @param fingerprint {@code sha256:} of the trace bytes
 * @param records records written after the header
 */
record TracedRun(RunOutcome outcome, String fingerprint, long records) {

  static TracedRun write(Scenario scenario, Path traceFile) throws IOException {
    return write(scenario, traceFile, ScenarioRun.DEFAULT_STEPS_MAX);
  }

  /** As {@link #write(Scenario, Path)}, stopping after {@code stepsMax} events. */
  static TracedRun write(Scenario scenario, Path traceFile, long stepsMax) throws IOException {
    return write(scenario, traceFile, RunBudget.ofSteps(stepsMax), false);
  }

  /**
   * As {@link #write(Scenario, Path)}, within {@code budget}; {@code paranoid} checks every
   * invariant after every event. A failed run publishes no trace (it throws {@link
   * dev.labyrinth.emulator.run.RunFailure}, and the temporary file is removed).
   */
  static TracedRun write(Scenario scenario, Path traceFile, RunBudget budget, boolean paranoid)
      throws IOException {
    return write(scenario, traceFile, budget, paranoid, OptionalLong.empty());
  }

  /**
   * As above; {@code auditTiesSeed}, if present, runs the tie-shuffle audit ({@code run
   * --audit-ties}), whose trace bytes legitimately differ from the normal run's.
   */
  static TracedRun write(Scenario scenario, Path traceFile, RunBudget budget, boolean paranoid,
      OptionalLong auditTiesSeed) throws IOException {
    TraceHeader header = new TraceHeader(scenario.name(), scenario.sourceSha256(), scenario.seed(),
        ImmutableList.copyOf(scenario.overrides()));
    return AtomicFiles.write(traceFile, out -> {
      // A resource: a failed run must still end the writer's hashing thread.
      try (CanonicalTraceWriter writer = CanonicalTraceWriter.pipelined(out, header)) {
        RunOutcome outcome = new ScenarioRun(scenario, budget, paranoid, auditTiesSeed)
            .execute(writer, writer::byteCount);
        long records = writer.recordCount();
        return new TracedRun(outcome, writer.finish(), records);
      }
    });
  }

  /** Why the run stopped, as its {@code run_end} record says it. */
  String reasonName() {
    return ScenarioRun.TRACE_LIMIT.equals(outcome.detail()) ? ScenarioRun.TRACE_LIMIT
        : outcome.reason().name().toLowerCase(java.util.Locale.ROOT);
  }
}
