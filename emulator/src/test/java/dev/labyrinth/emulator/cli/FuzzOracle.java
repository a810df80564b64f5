package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.run.ScenarioRun;
import dev.labyrinth.emulator.scenario.Problem;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioException;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.emulator.trace.CanonicalTraceWriter;
import dev.labyrinth.emulator.trace.TraceHeader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Decides whether one hostile input was handled well: the loader must either reject it with
 * problems in {@code file:line:col: path: message} form or accept it, and an accepted scenario
 * must then survive a short paranoid run. Anything else (another exception, a hang past the
 * timeout, an out-of-memory) is a bug, reported as an {@link AssertionError} with its cause.
 */
final class FuzzOracle implements AutoCloseable {

  /** How the input ended when it ended well. */
  enum Verdict { REJECTED, REFUSED_BY_HEAP_BUDGET, RAN }

  /** Events a fuzzed run may execute: enough to boot and start every device and task. */
  static final long RUN_EVENTS = 400;

  /**
   * Heap a fuzzed machine may claim. Smaller than the test JVM's so that thousands of runs stay
   * fast; machines above it take the same {@link HeapBudget} path as {@code run} does.
   */
  static final long FUZZ_HEAP_BYTES = 160L << 20;

  /** Largest machine (in 4 KiB frames, 512 MiB) whose fuzzed run checks invariants. */
  static final long PARANOID_FRAMES_MAX = 1L << 17;

  private static final Pattern PROBLEM = Pattern.compile("^[^\\n]+:\\d+:\\d+: [^\\n]+$");

  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "fuzz-oracle");
    thread.setDaemon(true);
    return thread;
  });
  private final long timeoutMs;

  FuzzOracle(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  /** Loads {@code file} (with {@code overrides}) and, if valid, runs it briefly. */
  Verdict check(Path file, List<String> overrides) {
    Future<Verdict> future = executor.submit(() -> loadAndRun(file, overrides));
    try {
      return future.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AssertionError("no answer within " + timeoutMs + " ms (a hang?)");
    } catch (ExecutionException e) {
      throw new AssertionError("threw " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Verdict loadAndRun(Path file, List<String> overrides) throws IOException {
    Scenario scenario;
    try {
      scenario = ScenarioLoader.load(file, overrides);
    } catch (ScenarioException e) {
      checkProblems(e);
      return Verdict.REJECTED;
    }
    try {
      HeapBudget.check(file.toString(), scenario.machine(), FUZZ_HEAP_BYTES);
    } catch (BadInputException e) {
      return Verdict.REFUSED_BY_HEAP_BUDGET;
    }
    TraceHeader header = new TraceHeader(scenario.name(), scenario.sourceSha256(),
        scenario.seed(), ImmutableList.copyOf(scenario.overrides()));
    CanonicalTraceWriter writer = new CanonicalTraceWriter(OutputStream.nullOutputStream(), header);
    // Invariant checks walk every frame after every event: affordable on small machines only.
    boolean paranoid = HeapBudget.frames(scenario.machine()) <= PARANOID_FRAMES_MAX;
    new ScenarioRun(scenario, RUN_EVENTS, paranoid).execute(writer);
    writer.finish();
    return Verdict.RAN;
  }

  private static void checkProblems(ScenarioException e) {
    if (e.problems().isEmpty()) {
      throw new AssertionError("a ScenarioException without problems");
    }
    for (Problem problem : e.problems()) {
      String line = problem.format();
      if (!PROBLEM.matcher(line).matches() || problem.message().isBlank()) {
        throw new AssertionError("badly formed problem: " + line.replace("\n", "\\n"));
      }
    }
  }

  /** Writes an input where {@link #check} can load it. */
  static Path write(Path dir, String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
