package dev.labyrinth.emulator.regress;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.run.ScenarioRun;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.trace.CanonicalTraceWriter;
import dev.labyrinth.emulator.trace.Checkpoints;
import dev.labyrinth.emulator.trace.Fingerprint;
import dev.labyrinth.emulator.trace.Ingredients;
import dev.labyrinth.emulator.trace.TraceHeader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Re-runs a scenario and compares its trace with a golden one: the check behind {@code labyrinth
 * verify} and the JUnit 5 helper, so both say the same thing about the same scenario.
 */
public final class GoldenCheck {

  private GoldenCheck() {}

  /**
   * The outcome of one check.
   *
   * @param passed whether the selected ingredients of the two traces agree
   * @param fingerprint the new run's full fingerprint
   * @param selectedFingerprint the new run's fingerprint of the selected ingredients (equal to
   *     {@code fingerprint} when everything is selected)
   * @param report the first divergence and its cause; empty when passed
   */
  public record Result(boolean passed, String fingerprint, String selectedFingerprint,
      String report) {}

  /**
   * Runs {@code scenario} into a temporary trace and compares it with {@code golden}, using the
   * checkpoints beside the golden when they still describe it. The temporary trace is deleted.
   */
  public static Result check(Scenario scenario, Path golden, Optional<Path> checkpointFile,
      Ingredients ingredients) throws IOException {
    return check(scenario, golden, checkpointFile, ingredients, false);
  }

  /**
   * As {@link #check(Scenario, Path, Optional, Ingredients)}; with {@code paranoid}, every
   * invariant is checked after every event and a violation ends the run with a failure.
   */
  public static Result check(Scenario scenario, Path golden, Optional<Path> checkpointFile,
      Ingredients ingredients, boolean paranoid) throws IOException {
    Path workDir = Files.createTempDirectory("labyrinth-verify");
    try {
      Path actual = workDir.resolve("trace.jsonl");
      String fingerprint = write(scenario, actual, paranoid);
      Optional<String> report = Divergences.explain(golden, "golden", actual, "this run",
          ingredients, checkpoints(golden, checkpointFile));
      String selected = ingredients.isAll() ? fingerprint : ingredients.fingerprint(actual);
      return new Result(report.isEmpty(), fingerprint, selected, report.orElse(""));
    } finally {
      deleteRecursively(workDir);
    }
  }

  /**
   * The checkpoints in {@code file} when they describe {@code golden} as stored now; a stale or
   * malformed sidecar is ignored (every line is compared instead), never trusted.
   */
  static Optional<Checkpoints> checkpoints(Path golden, Optional<Path> file) throws IOException {
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      return Optional.empty();
    }
    Checkpoints checkpoints;
    try {
      checkpoints = Checkpoints.parse(Files.readAllLines(file.get(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return checkpoints.stored().equals(Fingerprint.of(golden)) ? Optional.of(checkpoints)
        : Optional.empty();
  }

  /** Writes the scenario's canonical trace to {@code trace}; returns its fingerprint. */
  public static String write(Scenario scenario, Path trace) throws IOException {
    return write(scenario, trace, false);
  }

  /** As {@link #write(Scenario, Path)}, checking every invariant after every event if asked. */
  public static String write(Scenario scenario, Path trace, boolean paranoid) throws IOException {
    TraceHeader header = new TraceHeader(scenario.name(), scenario.sourceSha256(), scenario.seed(),
        ImmutableList.copyOf(scenario.overrides()));
    // The writer is a resource too: a run that throws must still end its hashing thread.
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(trace), 1 << 16);
        CanonicalTraceWriter writer = CanonicalTraceWriter.pipelined(out, header)) {
      new ScenarioRun(scenario, ScenarioRun.DEFAULT_STEPS_MAX, paranoid).execute(writer);
      return writer.finish();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
