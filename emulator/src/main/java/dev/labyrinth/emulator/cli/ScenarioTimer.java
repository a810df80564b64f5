package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.run.RunOutcome;
import dev.labyrinth.emulator.run.ScenarioRun;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioException;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.emulator.sim.Tracer;
import dev.labyrinth.emulator.trace.CanonicalTraceWriter;
import dev.labyrinth.emulator.trace.TraceHeader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wall-clock timing of whole scenario runs for {@code labyrinth bench}: best-of-several runs, the
 * boot cost on its own, and the steady state of a run stretched to many events with boot taken
 * out. A traced run writes the canonical trace to a real file, as {@code labyrinth run} does.
 */
final class ScenarioTimer {
  /** The shortest emulated duration a scenario accepts; a run this long is boot and nothing else. */
  private static final String BOOT_ONLY = "duration=1ns";

  private final Path traceFile;

  /** Times runs whose traces go to {@code traceFile} (overwritten by every traced run). */
  ScenarioTimer(Path traceFile) {
    this.traceFile = traceFile;
  }

  /** What one run did and how long the best of its repetitions took. */
  record Timing(long events, long records, long traceBytes, long emulatedNs, double bestWallNs) {
    double eventsPerSecond() {
      return events * 1e9 / bestWallNs;
    }
  }

  /** Loads {@code file} with {@code overrides}. */
  static Scenario load(Path file, List<String> overrides)
      throws IOException, ScenarioException {
    return ScenarioLoader.load(file, overrides);
  }

  /** {@code file} with the extra overrides and its duration multiplied by {@code factor}. */
  static Scenario stretched(Path file, List<String> overrides, long factor)
      throws IOException, ScenarioException {
    Scenario base = ScenarioLoader.load(file, overrides);
    List<String> all = new ArrayList<>(overrides);
    all.add("duration=" + Math.multiplyExact(base.durationNs(), factor) + "ns");
    return ScenarioLoader.load(file, all);
  }

  /** {@code file} with the extra overrides, run for 1 ns: only the boot. */
  static Scenario bootOnly(Path file, List<String> overrides)
      throws IOException, ScenarioException {
    List<String> all = new ArrayList<>(overrides);
    all.add(BOOT_ONLY);
    return ScenarioLoader.load(file, all);
  }

  /**
   * The best of whole runs (boot included), at least {@code minRuns} of them and more while the
   * total stays under {@code seconds} of wall time.
   */
  Timing best(Scenario scenario, boolean traced, int minRuns, double seconds) throws IOException {
    long budgetNs = (long) (seconds * 1e9);
    long spentNs = 0;
    double bestWallNs = Double.MAX_VALUE;
    long[] counts = null;
    int runs = 0;
    while (runs < minRuns || (spentNs < budgetNs && runs < 1000)) {
      if (traced) {
        // The previous run's trace goes outside the timing: freeing its pages is not this run's
        // work (labyrinth run writes a fresh temporary file too).
        Files.deleteIfExists(traceFile);
      }
      long startNs = System.nanoTime();
      counts = runOnce(scenario, traced);
      long wallNs = System.nanoTime() - startNs;
      spentNs += wallNs;
      bestWallNs = Math.min(bestWallNs, wallNs);
      runs++;
    }
    return new Timing(counts[0], counts[1], counts[2], counts[3], bestWallNs);
  }

  /**
   * The best, over {@code runs} untraced runs, of the time from the end of the boot (machine
   * built, see {@link ScenarioRun#whenBuilt}) to the end of the run: the events alone, measured
   * inside each run. Returned as a {@link Timing} whose {@code bestWallNs} is that time.
   */
  Timing bestEvents(Scenario scenario, int runs) {
    double bestNs = Double.MAX_VALUE;
    RunOutcome outcome = null;
    long[] builtAtNs = new long[1];
    for (int i = 0; i < runs; i++) {
      ScenarioRun run = new ScenarioRun(scenario, ScenarioRun.DEFAULT_STEPS_MAX)
          .whenBuilt(() -> builtAtNs[0] = System.nanoTime());
      outcome = run.execute(Tracer.OFF);
      bestNs = Math.min(bestNs, System.nanoTime() - builtAtNs[0]);
    }
    return new Timing(outcome.steps(), 0, 0, outcome.endNs(), bestNs);
  }

  /**
   * Heap bytes this thread allocates for one untraced run of {@code scenario}, or -1 when the JVM
   * cannot tell (HotSpot's {@code com.sun.management.ThreadMXBean} is not there). Unlike wall
   * time, a neighbour's load does not move it: it shows allocation removed from hot paths.
   */
  long allocatedBytes(Scenario scenario) throws IOException {
    if (!(ManagementFactory.getThreadMXBean()
        instanceof com.sun.management.ThreadMXBean threads)
        || !threads.isThreadAllocatedMemorySupported()) {
      return -1;
    }
    long threadId = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(threadId);
    runOnce(scenario, false);
    return threads.getThreadAllocatedBytes(threadId) - before;
  }

  /** Runs once; returns {events, trace records, trace bytes, emulated end time}. */
  private long[] runOnce(Scenario scenario, boolean traced) throws IOException {
    ScenarioRun run = new ScenarioRun(scenario, ScenarioRun.DEFAULT_STEPS_MAX);
    if (!traced) {
      RunOutcome outcome = run.execute(Tracer.OFF);
      return new long[] {outcome.steps(), 0, 0, outcome.endNs()};
    }
    TraceHeader header = new TraceHeader(scenario.name(), scenario.sourceSha256(),
        scenario.seed(), ImmutableList.copyOf(scenario.overrides()));
    try (OutputStream stream =
        new BufferedOutputStream(Files.newOutputStream(traceFile), 1 << 16);
        CanonicalTraceWriter writer = CanonicalTraceWriter.pipelined(stream, header)) {
      RunOutcome outcome = run.execute(writer);
      writer.finish();
      return new long[] {outcome.steps(), writer.recordCount(), writer.byteCount(),
          outcome.endNs()};
    }
  }
}
