package dev.labyrinth.emulator.junit;

import dev.labyrinth.emulator.regress.GoldenCheck;
import dev.labyrinth.emulator.regress.GoldenPaths;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.emulator.trace.Ingredients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * JUnit 5 integration for Labyrinth's users: a folder of scenarios becomes one dynamic test per
 * scenario, each re-running the scenario and comparing its trace with the golden beside it.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> scenariosMatchTheirGoldens() {
 *   return LabyrinthScenarios.goldenTests(Path.of("scenarios"));
 * }
 * }</pre>
 *
 * <p>A failure's message is what {@code labyrinth verify} prints: the first diverging record with
 * context and the earlier records that led to it. A scenario without a golden fails with the
 * {@code labyrinth record} command that creates one. JUnit is a {@code provided} dependency of
 * the emulator: the test project brings its own JUnit 5, the command-line jar needs none.
 */
public final class LabyrinthScenarios {

  private LabyrinthScenarios() {}

  /** One golden test per {@code *.yaml} directly in {@code folder}, sorted by name. */
  public static Stream<DynamicTest> goldenTests(Path folder) {
    return goldenTests(folder, Ingredients.ALL);
  }

  /**
   * As {@link #goldenTests(Path)}, comparing only the selected ingredients, e.g.
   * {@code Ingredients.parse(Optional.of("mm"), List.of("latency_ns"))}.
   */
  public static Stream<DynamicTest> goldenTests(Path folder, Ingredients ingredients) {
    List<Path> scenarios;
    try (Stream<Path> entries = Files.list(folder)) {
      scenarios = entries.filter(p -> p.getFileName().toString().endsWith(".yaml"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(folder + ": cannot list scenarios", e);
    }
    if (scenarios.isEmpty()) {
      throw new IllegalArgumentException(folder + ": no *.yaml scenario files in this folder");
    }
    return scenarios.stream().map(file -> DynamicTest.dynamicTest(
        file.getFileName().toString(), file.toUri(), () -> verify(file, ingredients)));
  }

  /** Verifies one scenario against its golden; throws {@link AssertionError} when they differ. */
  public static void verify(Path scenarioFile, Ingredients ingredients) throws Exception {
    Path golden = GoldenPaths.beside(scenarioFile);
    if (!Files.isRegularFile(golden)) {
      throw new AssertionError(scenarioFile + ": no golden trace " + golden
          + "; create one on purpose with `labyrinth record " + scenarioFile + "`");
    }
    Scenario scenario = ScenarioLoader.load(scenarioFile, List.of());
    GoldenCheck.Result result = GoldenCheck.check(scenario, golden,
        Optional.of(GoldenPaths.checkpoints(scenarioFile)), ingredients);
    if (!result.passed()) {
      throw new AssertionError(scenarioFile + " differs from " + golden
          + (ingredients.isAll() ? "" : " [" + ingredients.label() + "]") + "\n"
          + result.report());
    }
  }
}
